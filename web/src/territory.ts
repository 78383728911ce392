// The territory chart: km² held by each party per control-map date
// (/api/territory/series), as an SVG line chart with a table alternative
// for screen readers. Dates are placed on a time axis (gaps between maps
// show as such).
import { el, svg } from "./dom";
import { partyColor } from "./palette";
import type { TerritorySeries } from "./types";

const W = 680, H = 190, L = 70, R = 130, T = 20, B = 28;

function niceStep(range: number, ticks: number): number {
  const raw = range / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

const fmtKm2 = (v: number): string => v.toLocaleString("en-US", { maximumFractionDigits: v >= 100 ? 0 : 1 });

export function renderTerritory(host: HTMLElement, s: TerritorySeries | null, parties: readonly string[]): void {
  if (!s || s.dates.length === 0) {
    host.replaceChildren(el("p", { class: "hint", text: "No control maps yet: post one to /api/control-maps." }));
    return;
  }
  const names = Object.keys(s.parties).sort();
  const times = s.dates.map((d) => Date.parse(`${d}T00:00:00Z`));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const all = names.flatMap((p) => s.parties[p] ?? []);
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const step = niceStep(hi - lo, 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const x = (t: number): number => (t1 === t0 ? L + (W - L - R) / 2 : L + ((t - t0) / (t1 - t0)) * (W - L - R));
  const y = (v: number): number => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);

  const chart = svg("svg", {
    viewBox: `0 0 ${W} ${H}`,
    class: "chart",
    role: "img",
    "aria-label": `Area held per party, km², ${s.dates[0]} to ${s.dates[s.dates.length - 1]}`,
  });
  for (let v = lo; v <= hi + step / 2; v += step) {
    chart.append(
      svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }),
      svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, fmtKm2(v)),
    );
  }
  // At most ~6 date labels, always the first and the last.
  const every = Math.max(1, Math.ceil(s.dates.length / 6));
  s.dates.forEach((d, n) => {
    if (n % every !== 0 && n !== s.dates.length - 1) return;
    chart.append(svg("text", { x: x(times[n] ?? t0), y: H - 8, "text-anchor": "middle", class: "tick" }, d));
  });
  chart.append(svg("text", { x: L - 6, y: 10, "text-anchor": "end", class: "tick" }, "km²"));
  for (const p of names) {
    const vals = s.parties[p] ?? [];
    const color = partyColor(p, parties);
    const pts = vals.map((v, n) => `${x(times[n] ?? t0).toFixed(1)},${y(v).toFixed(1)}`);
    chart.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: color, "stroke-width": 2 }));
    vals.forEach((v, n) => chart.append(svg("circle", { cx: x(times[n] ?? t0), cy: y(v), r: 3, fill: color })));
    const last = vals[vals.length - 1];
    const first = vals[0];
    if (last !== undefined && first !== undefined) {
      // Changes are small against the totals: say them in words too.
      const change = last - first;
      const delta = Math.abs(change) >= 0.05 ? ` (${change > 0 ? "+" : "−"}${fmtKm2(Math.abs(change))})` : "";
      chart.append(svg("text", { x: W - R + 6, y: y(last) + 4, fill: color, class: "series-label" }, `${p} ${fmtKm2(last)}${delta}`));
    }
  }
  const table = el(
    "table",
    { class: "sr-only" },
    el("caption", { text: "Area held per party (km²)" }),
    el("thead", {}, el("tr", {}, el("th", { text: "date" }), ...names.map((p) => el("th", { text: p })))),
    el(
      "tbody",
      {},
      ...s.dates.map((d, n) => el("tr", {}, el("td", { text: d }), ...names.map((p) => el("td", { text: fmtKm2(s.parties[p]?.[n] ?? NaN) })))),
    ),
  );
  host.replaceChildren(chart, table);
}
