// The live stream (/api/stream, Server-Sent Events) read with fetch rather
// than EventSource, because EventSource cannot send the Authorization
// header. Reconnects with capped exponential backoff and resumes with
// Last-Event-ID, so no event is missed across a reconnect (within the
// server's kept history).
//
// A client that reads too slowly is cut off by the server (`event: error`).
// If it is cut off again before a single event got through, resuming cannot
// catch up (the backlog is what got it cut off), so it reconnects from now
// on and asks the caller to re-read the current state (`onResync`).
import { authHeaders } from "./api";
import { SseParser } from "./sse";

export interface StreamEvent {
  type: string;
  id: string;
  data: unknown;
}

// The largest id the server accepts (19 digits): no kept event is after it.
const FROM_NOW = "9999999999999999999";

export type StreamState = "connecting" | "live" | "reconnecting";

export class LiveStream {
  private lastId: string | null = null;
  private stopped = false;
  private controller: AbortController | null = null;
  private deliveredThisConnection = 0;
  private connections = 0;

  constructor(
    private readonly onEvent: (e: StreamEvent) => void,
    private readonly onState: (s: StreamState, detail?: string) => void,
    private readonly onResync: () => void,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }

  private async loop(): Promise<void> {
    let backoffMs = 500;
    while (!this.stopped) {
      try {
        await this.connectOnce();
        this.onState("reconnecting", "the server closed the stream");
      } catch (e) {
        if (this.stopped) return;
        this.onState("reconnecting", e instanceof Error ? e.message : String(e));
      }
      if (this.deliveredThisConnection > 0) backoffMs = 500;
      await new Promise((r) => setTimeout(r, backoffMs));
      backoffMs = Math.min(backoffMs * 2, 15000);
    }
  }

  private async connectOnce(): Promise<void> {
    this.controller = new AbortController();
    this.deliveredThisConnection = 0;
    const headers: Record<string, string> = { Accept: "text/event-stream", ...authHeaders() };
    // A reconnect with nothing to resume from may have missed events.
    const resync = this.lastId === null && this.connections > 0;
    this.connections++;
    // Without an id of ours, ask for events from now on: the dashboard reads
    // the current state over REST, and replaying the server's whole kept
    // history (up to 10,000 events, mostly track fixes) can exceed its
    // per-client queue and get a new client cut off at once.
    headers["Last-Event-ID"] = this.lastId ?? FROM_NOW;
    const res = await fetch("/api/stream", { headers, signal: this.controller.signal, cache: "no-store" });
    if (!res.ok || !res.body) throw new Error(`/api/stream: HTTP ${res.status}`);
    this.onState("live");
    if (resync) this.onResync();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const m of parser.push(value)) {
        if (m.id !== null) this.lastId = m.id;
        this.dispatch(m.event, m.id ?? "", m.data);
      }
    }
  }

  private dispatch(event: string, id: string, raw: string): void {
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return;  // not JSON: not one of ours
    }
    // The event name is authoritative; the payload's "type" is a fallback.
    let type = event;
    if (type === "message" && data && typeof data === "object" && "type" in data) {
      type = String((data as { type: unknown }).type);
    }
    if (type === "error") {
      // Cut off for reading too slowly. Resume from the last event id; if
      // that already failed to get anything through, start from now.
      if (this.deliveredThisConnection === 0) this.lastId = null;
      this.controller?.abort();
      return;
    }
    this.deliveredThisConnection++;
    this.onEvent({ type, id, data });
  }
}
