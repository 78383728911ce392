// The incident list: filters (rule, party, confidence, status) and a
// listbox fully usable by keyboard — Up/Down/Home/End/PageUp/PageDown move,
// Enter opens the detail, Escape closes it (handled by the detail panel).
// The active row is announced with aria-activedescendant; new arrivals are
// announced politely.
import { el } from "./dom";
import type { Filter, IncidentStore } from "./incidents";
import { NO_FILTER } from "./incidents";
import { CONFIDENCE, confidenceColor } from "./palette";
import type { Incident } from "./types";

const MAX_ROWS = 1000;
const STATUSES = ["open", "updated", "closed", "disputed"];

export class IncidentList {
  filter: Filter = { ...NO_FILTER };
  private rows: Incident[] = [];
  private activeId: string | null = null;
  private pending = false;
  private selects: Record<keyof Filter, HTMLSelectElement>;
  private fresh = new Set<string>();
  // Rows keep their element across renders (keyed by incident id): a click
  // whose mousedown and mouseup straddle a live re-render still lands on
  // the same element.
  private rowById = new Map<string, HTMLLIElement>();
  private rowState = new WeakMap<HTMLLIElement, string>();

  constructor(
    private readonly listEl: HTMLUListElement,
    filtersEl: HTMLElement,
    private readonly countsEl: HTMLElement,
    private readonly store: IncidentStore,
    private readonly onOpen: (id: string) => void,
    private readonly onFilter: () => void,
  ) {
    const mk = (key: keyof Filter, label: string): HTMLSelectElement => {
      const s = el("select", { id: `filter-${key}`, "aria-label": label });
      s.append(el("option", { value: "", text: `${label}: all` }));
      s.addEventListener("change", () => {
        this.filter[key] = s.value;
        this.render();
        this.onFilter();
      });
      filtersEl.append(s);
      return s;
    };
    this.selects = {
      rule: mk("rule", "Rule"),
      party: mk("party", "Party"),
      confidence: mk("confidence", "Confidence"),
      status: mk("status", "Status"),
    };
    this.setOptions("confidence", [...CONFIDENCE]);
    this.setOptions("status", STATUSES);
    listEl.addEventListener("keydown", (e) => this.onKey(e));
    listEl.addEventListener("click", (e) => {
      const id = (e.target as Element).closest<HTMLElement>("li[data-id]")?.dataset["id"];
      if (!id) return;
      this.setActive(id);
      this.onOpen(id);
    });
    listEl.addEventListener("focus", () => {
      if (!this.activeId && this.rows[0]) this.setActive(this.rows[0].id);
    });
    store.subscribe((changed) => {
      if (changed) {
        this.fresh.add(changed.id);
        setTimeout(() => {
          this.fresh.delete(changed.id);
          this.schedule();
        }, 4000);
      }
      this.schedule();
    });
  }

  setOptions(key: keyof Filter, values: string[]): void {
    const s = this.selects[key];
    const current = s.value;
    while (s.options.length > 1) s.remove(1);
    for (const v of values) s.append(el("option", { value: v, text: v }));
    s.value = values.includes(current) ? current : "";
  }

  // Coalesces bursts of stream events into one render per frame.
  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  visible(): Incident[] {
    return this.rows;
  }

  render(): void {
    this.rows = this.store.filtered(this.filter);
    const shown = this.rows.slice(0, MAX_ROWS);
    const items: HTMLElement[] = [];
    const keep = new Map<string, HTMLLIElement>();
    for (const [n, i] of shown.entries()) {
      const li = this.rowFor(i, n);
      keep.set(i.id, li);
      items.push(li);
    }
    this.rowById = keep;
    if (shown.length === 0) {
      items.push(
        el("li", {
          class: "empty",
          role: "presentation",
          text: this.store.size === 0 ? "No incidents yet. New ones appear here live." : "No incident matches the filters.",
        }),
      );
    }
    if (this.rows.length > MAX_ROWS) {
      items.push(el("li", { class: "empty", role: "presentation", text: `${this.rows.length - MAX_ROWS} more: narrow the filters` }));
    }
    // Only nodes out of place move: Chrome drops a click whose target was
    // detached between mousedown and mouseup, even if put back.
    let at: ChildNode | null = this.listEl.firstChild;
    for (const item of items) {
      if (item === at) {
        at = at.nextSibling;
      } else {
        this.listEl.insertBefore(item, at);
      }
    }
    while (at) {
      const next: ChildNode | null = at.nextSibling;
      at.remove();
      at = next;
    }
    const activeIndex = shown.findIndex((i) => i.id === this.activeId);
    if (activeIndex >= 0) this.listEl.setAttribute("aria-activedescendant", `incident-${activeIndex}`);
    else this.listEl.removeAttribute("aria-activedescendant");
    this.countsEl.textContent = `${this.rows.length} of ${this.store.size} incidents`;
  }

  private rowFor(i: Incident, n: number): HTMLLIElement {
    const active = i.id === this.activeId;
    const fresh = this.fresh.has(i.id);
    const live = this.store.live.has(i.id);
    const li = this.rowById.get(i.id) ?? el("li", { role: "option", "data-id": i.id });
    li.id = `incident-${n}`;
    li.className = `row${active ? " active" : ""}${fresh ? " fresh" : ""}`;
    li.setAttribute("aria-selected", active ? "true" : "false");
    li.dataset["live"] = live ? "true" : "false";
    li.dataset["confidence"] = i.confidence;
    const state = `${i.revision}`;
    if (this.rowState.get(li) === state) return li;
    this.rowState.set(li, state);
    li.replaceChildren(
      el("span", { class: `dot ${i.confidence}`, style: `background:${confidenceColor(i.confidence)}`, "aria-hidden": "true" }),
      el(
        "span",
        { class: "row-main" },
        el("span", { class: "row-title", text: `${i.rule} · ${i.subject}` }),
        el("span", { class: "row-summary", text: i.summary }),
      ),
      el(
        "span",
        { class: "row-meta" },
        el("span", { class: `status ${i.status}`, text: i.status }),
        el("span", { text: i.confidence }),
        el("span", { text: i.attribution?.party ? `party ${i.attribution.party}` : "unattributed" }),
        el("time", { datetime: i.last, text: i.last.slice(5, 16).replace("T", " ") }),
      ),
    );
    return li;
  }

  setActive(id: string | null): void {
    this.activeId = id;
    this.render();
    // Scroll the list only: scrollIntoView would also scroll the page.
    const row = this.listEl.querySelector<HTMLElement>(".row.active");
    if (row) {
      const l = this.listEl;
      const top = row.offsetTop - l.offsetTop;
      if (top < l.scrollTop) l.scrollTop = top;
      else if (top + row.offsetHeight > l.scrollTop + l.clientHeight) l.scrollTop = top + row.offsetHeight - l.clientHeight;
    }
  }

  focus(): void {
    this.listEl.focus();
  }

  private onKey(e: KeyboardEvent): void {
    const n = Math.min(this.rows.length, MAX_ROWS);
    if (n === 0) return;
    const at = this.rows.findIndex((i) => i.id === this.activeId);
    let next = at;
    switch (e.key) {
      case "ArrowDown":
        next = at < 0 ? 0 : Math.min(n - 1, at + 1);
        break;
      case "ArrowUp":
        next = at < 0 ? 0 : Math.max(0, at - 1);
        break;
      case "Home":
        next = 0;
        break;
      case "End":
        next = n - 1;
        break;
      case "PageDown":
        next = Math.min(n - 1, Math.max(0, at) + 10);
        break;
      case "PageUp":
        next = Math.max(0, at - 10);
        break;
      case "Enter":
      case " ": {
        const id = this.activeId ?? this.rows[0]?.id;
        if (id) {
          e.preventDefault();
          this.setActive(id);
          this.onOpen(id);
        }
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    const row = this.rows[next];
    if (row) this.setActive(row.id);
  }
}
