// The incident detail panel: evidence digests, attribution and its basis,
// every revision with its evidence-log index, and the proof status (the
// latest revision verified against a signed checkpoint, or not yet in one).
// Opens over the incident list; Escape or the close button closes it and
// gives the focus back to where it came from.
import { ApiError, postJson } from "./api";
import { getJson } from "./api";
import { el, shortTime } from "./dom";
import { confidenceColor } from "./palette";
import type { Incident, IncidentDetail } from "./types";

const MAX_DIGESTS = 200;

export class DetailPanel {
  private openId: string | null = null;
  private returnFocus: HTMLElement | null = null;
  private seq = 0;

  constructor(
    private readonly panel: HTMLElement,
    private readonly canDispute: boolean,
    private readonly onClose: () => void,
  ) {
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.openId !== null) {
        e.preventDefault();
        this.close();
      }
    });
  }

  get current(): string | null {
    return this.openId;
  }

  async open(id: string, returnFocus: HTMLElement | null): Promise<void> {
    const wasOpen = this.openId !== null;
    this.openId = id;
    if (!wasOpen) this.returnFocus = returnFocus;
    this.panel.hidden = false;
    this.panel.dataset["id"] = id;
    this.panel.dataset["state"] = "loading";
    this.panel.replaceChildren(this.header(id, "Loading…"));
    this.focusTitle();
    await this.refresh();
  }

  // Re-reads the open incident (a new revision arrived on the stream).
  async refresh(): Promise<void> {
    const id = this.openId;
    if (id === null) return;
    const seq = ++this.seq;
    try {
      const d = await getJson<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`);
      if (seq !== this.seq || this.openId !== id) return;
      const hadFocus = this.panel.contains(document.activeElement);
      this.render(d);
      this.panel.dataset["state"] = "loaded";
      if (hadFocus) this.focusTitle();
    } catch (e) {
      if (seq !== this.seq) return;
      this.panel.dataset["state"] = "error";
      const msg = e instanceof ApiError ? e.describe() : String(e);
      this.panel.replaceChildren(this.header(id, "Could not load"), el("p", { class: "error", text: msg }));
    }
  }

  close(): void {
    if (this.openId === null) return;
    this.openId = null;
    this.panel.hidden = true;
    delete this.panel.dataset["id"];
    this.onClose();
    this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = null;
  }

  private focusTitle(): void {
    this.panel.querySelector<HTMLElement>("#detail-title")?.focus({ preventScroll: true });
  }

  private header(id: string, title: string): HTMLElement {
    const close = el("button", { type: "button", class: "close", "aria-label": "Close the incident (Escape)", text: "×" });
    close.addEventListener("click", () => this.close());
    return el(
      "div",
      { class: "detail-head" },
      el("h2", { id: "detail-title", tabindex: "-1", text: title }),
      close,
      el("div", { class: "detail-id", text: id }),
    );
  }

  private render(d: IncidentDetail): void {
    const i = d.incident;
    const facts = el("dl", { class: "facts" });
    const fact = (k: string, v: Node | string): void => {
      facts.append(el("dt", { text: k }), el("dd", {}, v));
    };
    fact(
      "Confidence",
      el(
        "span",
        {},
        el("span", { class: "dot", style: `background:${confidenceColor(i.confidence)}`, "aria-hidden": "true" }),
        ` ${i.confidence} (${i.sources.length} source${i.sources.length === 1 ? "" : "s"})`,
      ),
    );
    fact("Status", `${i.status} (revision ${i.revision})`);
    fact("Rule", `${i.rule} — ${i.kind}, ${i.severity}`);
    fact("Clause", i.clause);
    fact("Attribution", i.attribution?.party ? `party ${i.attribution.party}` : "unattributed");
    fact("Basis", i.attribution?.basis || "—");
    fact("First", shortTime(i.first));
    fact("Last", shortTime(i.last));
    if (i.position) fact("Position", `${i.position[1].toFixed(4)}, ${i.position[0].toFixed(4)} (lat, lng)`);
    fact("Sources", i.sources.join(", ") || "—");
    for (const [k, v] of Object.entries(i.details ?? {})) fact(k.replace(/_/g, " "), v);

    // The evidence is the union of each revision's new digests.
    const digests: string[] = [];
    const revisions = d.revisions.length > 0 ? d.revisions : [i];
    for (const r of revisions) for (const h of r.observations ?? []) if (!digests.includes(h)) digests.push(h);
    const evidence = el(
      "section",
      { class: "evidence", "aria-labelledby": "evidence-title" },
      el("h3", { id: "evidence-title", text: `Evidence (${i.observation_count} observation${i.observation_count === 1 ? "" : "s"})` }),
      el("p", { class: "hint", text: "SHA-256 of the raw bytes of each observation." }),
      el("ol", { class: "digests" }, ...digests.slice(0, MAX_DIGESTS).map((h) => el("li", {}, el("code", { text: h })))),
    );
    if (digests.length > MAX_DIGESTS) evidence.append(el("p", { text: `and ${digests.length - MAX_DIGESTS} more` }));

    const revTable = el(
      "table",
      { class: "revisions" },
      el("caption", { text: "Revisions (appended, never edited)" }),
      el(
        "thead",
        {},
        el("tr", {}, ...["#", "status", "confidence", "last evidence", "log index"].map((h) => el("th", { scope: "col", text: h }))),
      ),
      el(
        "tbody",
        {},
        ...revisions.map((r, n) =>
          el(
            "tr",
            {},
            el("td", { text: String(r.revision) }),
            el("td", { text: r.status }),
            el("td", { text: r.confidence }),
            el("td", { text: shortTime(r.last) }),
            el("td", { text: d.log[n] ? String(d.log[n].index) : "—" }),
          ),
        ),
      ),
    );

    const proof = el("section", { class: "proof", "aria-labelledby": "proof-title" }, el("h3", { id: "proof-title", text: "Evidence-log proof" }));
    if (!d.proof) {
      proof.dataset["status"] = "pending";
      proof.append(el("p", { class: "proof-status pending", text: "Not yet in a checkpoint: the latest revision is logged but no signed checkpoint covers it yet." }));
    } else {
      proof.dataset["status"] = d.proof.verified ? "verified" : "failed";
      proof.append(
        el("p", {
          class: `proof-status ${d.proof.verified ? "verified" : "failed"}`,
          text: d.proof.verified
            ? "Verified: the latest revision is included in the signed checkpoint."
            : "Verification FAILED: the inclusion proof does not match the checkpoint.",
        }),
        el("details", {}, el("summary", { text: "Proof bundle (check offline with truce log verify)" }), el("pre", { text: d.proof.bundle })),
      );
    }

    const parts: Node[] = [this.header(i.id, `${i.rule} · ${i.subject}`), el("p", { class: "summary", text: i.summary }), facts, evidence, revTable, proof];
    if (this.canDispute) parts.push(this.disputeForm(i));
    this.panel.replaceChildren(...parts);
  }

  private disputeForm(i: Incident): HTMLElement {
    const reason = el("textarea", { id: "dispute-reason", rows: 2, required: true });
    const out = el("p", { class: "hint", role: "status" });
    const form = el(
      "form",
      { class: "dispute" },
      el("label", { for: "dispute-reason", text: "File a dispute (appended as a new revision)" }),
      reason,
      el("button", { type: "submit", text: "Dispute" }),
      out,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      out.textContent = "Sending…";
      postJson(`/api/incidents/${encodeURIComponent(i.id)}/disputes`, { reason: reason.value })
        .then(() => {
          out.textContent = "Dispute recorded.";
          void this.refresh();
        })
        .catch((err: unknown) => {
          out.textContent = err instanceof ApiError ? err.describe() : String(err);
        });
    });
    return form;
  }
}
