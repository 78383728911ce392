// The evidence log's latest checkpoint with its witnesses' cosignatures, and
// the health of every feed.
import { el, shortTime } from "./dom";
import type { Checkpoint, FeedHealth } from "./types";

export function renderCheckpoint(host: HTMLElement, c: Checkpoint | null): void {
  if (!c) {
    host.replaceChildren(el("p", { class: "hint", text: "No checkpoint signed yet." }));
    return;
  }
  const witnesses = c.cosignatures.length
    ? el("ul", { class: "witnesses" }, ...c.cosignatures.map((w) => el("li", {}, el("strong", { text: w.name }), el("pre", { text: w.note }))))
    : el("p", { class: "hint", text: "No witness has cosigned this checkpoint yet." });
  host.replaceChildren(
    el(
      "dl",
      { class: "facts" },
      el("dt", { text: "Origin" }),
      el("dd", { text: c.origin }),
      el("dt", { text: "Size" }),
      el("dd", { "data-testid": "checkpoint-size", text: `${c.size} entries` }),
      el("dt", { text: "Root" }),
      el("dd", {}, el("code", { text: c.root })),
      el("dt", { text: `Witnesses (${c.cosignatures.length})` }),
      el("dd", {}, witnesses),
    ),
    el("details", {}, el("summary", { text: "Signed note" }), el("pre", { text: c.note })),
  );
}

function lastMessage(v: FeedHealth["last_message"]): string {
  if (v === null || v === undefined || v === "") return "never";
  if (typeof v === "number") return shortTime(new Date(v / 1e6).toISOString());
  return shortTime(v);
}

export function renderFeeds(host: HTMLElement, feeds: Map<string, FeedHealth>): void {
  const rows = [...feeds.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  if (rows.length === 0) {
    host.replaceChildren(el("p", { class: "hint", text: "No feeds." }));
    return;
  }
  host.replaceChildren(
    el(
      "table",
      { class: "feeds" },
      el("caption", { text: "Feed health" }),
      el(
        "thead",
        {},
        el("tr", {}, ...["feed", "address", "state", "msg/s", "messages", "observations", "rejects", "dropped", "last message", "last reject"].map((h) => el("th", { scope: "col", text: h }))),
      ),
      el(
        "tbody",
        {},
        ...rows.map((f) =>
          el(
            "tr",
            { class: `state-${f.state}` },
            el("th", { scope: "row", text: f.name }),
            el("td", { text: f.address || f.kind }),
            el("td", { text: f.state }),
            el("td", { text: (f.rate_per_s ?? 0).toFixed(1) }),
            el("td", { text: String(f.messages) }),
            el("td", { text: String(f.observations) }),
            el("td", { text: String(f.rejects) }),
            el("td", { class: f.dropped > 0 ? "short" : "", text: String(f.dropped) }),
            el("td", { text: lastMessage(f.last_message) }),
            el("td", { class: "reject", title: f.last_reject ?? undefined, text: f.last_reject || "—" }),
          ),
        ),
      ),
    ),
  );
}
