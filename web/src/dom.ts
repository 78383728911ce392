// Small DOM helpers: elements are built with textContent only (never
// innerHTML with data), so nothing from the API can inject markup.

type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag: string, attrs: Attrs = {}, ...children: (Node | string)[]): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  setAttrs(e, attrs);
  for (const c of children) e.append(c);
  return e;
}

function setAttrs(e: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "text") e.textContent = String(v);
    else if (k === "class") e.setAttribute("class", String(v));
    else e.setAttribute(k, v === true ? "" : String(v));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing #${id} in index.html`);
  return e as T;
}

// "2025-06-01T12:34:56Z" -> "2025-06-01 12:34Z": compact, still UTC.
export function shortTime(rfc3339: string | null | undefined): string {
  if (!rfc3339) return "—";
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? `${m[1]} ${m[2]}Z` : rfc3339;
}

export function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}
