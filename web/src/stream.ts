// The live stream (/api/stream, Server-Sent Events) read with fetch rather
// than EventSource, because EventSource cannot send the Authorization
// header. Reconnects with capped exponential backoff and resumes with
// Last-Event-ID, so no event is missed across a reconnect (within the
// server's kept history).
import { authHeaders } from "./api";

export interface StreamEvent {
  type: string;
  id: string;
  data: unknown;
}

export type StreamState = "connecting" | "live" | "reconnecting";

export class LiveStream {
  private lastId: string | null = null;
  private stopped = false;
  private controller: AbortController | null = null;

  constructor(
    private readonly onEvent: (e: StreamEvent) => void,
    private readonly onState: (s: StreamState, detail?: string) => void,
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
        await this.connectOnce(() => {
          backoffMs = 500;  // a connection that delivered resets the backoff
        });
        this.onState("reconnecting", "the server closed the stream");
      } catch (e) {
        if (this.stopped) return;
        this.onState("reconnecting", e instanceof Error ? e.message : String(e));
      }
      await new Promise((r) => setTimeout(r, backoffMs));
      backoffMs = Math.min(backoffMs * 2, 15000);
    }
  }

  private async connectOnce(onOpen: () => void): Promise<void> {
    this.controller = new AbortController();
    const headers: Record<string, string> = { Accept: "text/event-stream", ...authHeaders() };
    if (this.lastId !== null) headers["Last-Event-ID"] = this.lastId;
    const res = await fetch("/api/stream", { headers, signal: this.controller.signal, cache: "no-store" });
    if (!res.ok || !res.body) throw new Error(`/api/stream: HTTP ${res.status}`);
    this.onState("live");
    onOpen();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let event = "message";
    let id: string | null = null;
    let data: string[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let nl: number;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith("\r\n", nl) ? 2 : 1));
        if (line === "") {
          if (data.length > 0) {
            if (id !== null) this.lastId = id;
            this.dispatch(event, id ?? "", data.join("\n"));
          }
          event = "message";
          id = null;
          data = [];
          continue;
        }
        if (line.startsWith(":")) continue;  // comment / keep-alive
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? "" : line.slice(colon + 1);
        if (val.startsWith(" ")) val = val.slice(1);
        if (field === "event") event = val;
        else if (field === "data") data.push(val);
        else if (field === "id") id = val;
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
      // The server cut this client off (it read too slowly): reconnect and
      // resume from the last event id.
      this.controller?.abort();
      return;
    }
    this.onEvent({ type, id, data });
  }
}
