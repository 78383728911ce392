// The guarantors' view: the coverage matrix (each requirement's share
// covered by each guarantor's pledges, and the gaps) and the open and
// overdue obligations. Both exist only when truce serve runs with
// --commitments; otherwise the API answers 404 and the tab is hidden.
import { el, pct, shortTime } from "./dom";
import type { Coverage, Obligations } from "./types";

export function renderGuarantors(host: HTMLElement, cov: Coverage | null, obl: Obligations | null): void {
  const parts: Node[] = [];
  if (cov) {
    const guarantors: string[] = [];
    for (const r of cov.requirements) for (const g of r.by_guarantor) if (!guarantors.includes(g.guarantor)) guarantors.push(g.guarantor);
    const table = el(
      "table",
      { class: "matrix" },
      el("caption", { text: "Coverage of the plan's requirements by guarantor" }),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", { scope: "col", text: "requirement" }),
          el("th", { scope: "col", text: "needed" }),
          el("th", { scope: "col", text: "covered" }),
          ...guarantors.map((g) => el("th", { scope: "col", text: g })),
          el("th", { scope: "col", text: "gaps" }),
        ),
      ),
      el(
        "tbody",
        {},
        ...cov.requirements.map((r) => {
          const shares = new Map(r.by_guarantor.map((g) => [g.guarantor, g] as const));
          return el(
            "tr",
            {},
            el("th", { scope: "row", text: r.id }),
            el("td", { text: `${r.amount} ${r.unit.replace(/_/g, " ")} ${r.capability.replace(/_/g, " ")}${r.zone ? ` in ${r.zone}` : ""}` }),
            el("td", { class: r.share_covered < 1 ? "short" : "ok", text: pct(r.share_covered) }),
            ...guarantors.map((g) => {
              const s = shares.get(g);
              const has = s && s.pledges.length > 0;
              // Cell shade grows with the share (capped): a heat map that
              // still reads as text.
              const a = has ? Math.min(1, s.share) * 0.55 : 0;
              return el("td", {
                style: `background: rgba(33,145,140,${a.toFixed(2)})`,
                title: has ? `pledges ${s.pledges.join(", ")}` : "no pledge",
                text: has ? pct(s.share) : "–",
              });
            }),
            el("td", {
              class: r.gaps.length ? "short" : "ok",
              title: r.gaps.map((g) => `${g.missing} missing ${shortTime(g.from)}..${shortTime(g.until)}`).join("\n"),
              text: String(r.gaps.length),
            }),
          );
        }),
      ),
    );
    parts.push(table);
  }
  if (obl) {
    const pending = obl.obligations.filter((o) => o.state !== "acknowledged");
    const summary = el(
      "p",
      { class: "hint" },
      `Obligations at ${shortTime(obl.at)}: `,
      obl.by_guarantor.map((g) => `${g.guarantor} ${g.open} open, ${g.overdue} overdue, ${g.acknowledged} acknowledged`).join("; ") || "none",
    );
    parts.push(summary);
    parts.push(
      el(
        "table",
        { class: "obligations" },
        el("caption", { text: `Open obligations (${pending.length})` }),
        el("thead", {}, el("tr", {}, ...["incident", "guarantor", "action", "deadline", "state"].map((h) => el("th", { scope: "col", text: h })))),
        el(
          "tbody",
          {},
          ...pending.slice(0, 200).map((o) =>
            el(
              "tr",
              { class: o.state },
              el("td", { text: `${o.incident} #${o.revision}` }),
              el("td", { text: o.guarantor }),
              el("td", { text: o.action }),
              el("td", { text: shortTime(o.deadline) }),
              el("td", { text: o.state }),
            ),
          ),
        ),
      ),
    );
  }
  host.replaceChildren(...parts);
}
