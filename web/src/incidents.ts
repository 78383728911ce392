// The incidents the dashboard knows: the latest revision of each, kept from
// the first page(s) of /api/incidents and every `incident` event of the live
// stream. A revision never replaces a later one (events may repeat after a
// reconnect).
import { getJson } from "./api";
import type { Incident, IncidentPage } from "./types";

export interface Filter {
  rule: string;
  party: string;
  confidence: string;
  status: string;
}

export const NO_FILTER: Filter = { rule: "", party: "", confidence: "", status: "" };

const MAX_PAGES = 20;

export class IncidentStore {
  private byId = new Map<string, Incident>();
  // Ids first seen on the live stream (not in the initial load).
  readonly live = new Set<string>();
  private listeners: ((changed: Incident | null) => void)[] = [];

  subscribe(fn: (changed: Incident | null) => void): void {
    this.listeners.push(fn);
  }

  async load(): Promise<void> {
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const q = new URLSearchParams({ limit: "500" });
      if (after) q.set("after", after);
      const res: IncidentPage = await getJson<IncidentPage>(`/api/incidents?${q}`);
      for (const i of res.incidents) this.put(i, false);
      after = res.next;
      if (!after) break;
    }
    for (const fn of this.listeners) fn(null);
  }

  // From the stream: returns true when it changed what is shown.
  receive(i: Incident): boolean {
    if (!i || typeof i.id !== "string") return false;
    const known = this.byId.has(i.id);
    if (!this.put(i, true)) return false;
    if (!known) this.live.add(i.id);
    for (const fn of this.listeners) fn(i);
    return true;
  }

  private put(i: Incident, _live: boolean): boolean {
    const have = this.byId.get(i.id);
    if (have && have.revision >= i.revision) return false;
    this.byId.set(i.id, i);
    return true;
  }

  get(id: string): Incident | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  // Newest evidence first; ties by id so the order is stable.
  filtered(f: Filter): Incident[] {
    const out: Incident[] = [];
    for (const i of this.byId.values()) {
      if (f.rule && i.rule !== f.rule) continue;
      if (f.party && (i.attribution?.party ?? "(unattributed)") !== f.party) continue;
      if (f.confidence && i.confidence !== f.confidence) continue;
      if (f.status && i.status !== f.status) continue;
      out.push(i);
    }
    out.sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : a.id < b.id ? -1 : 1));
    return out;
  }
}
