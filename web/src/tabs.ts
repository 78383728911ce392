// A WAI-ARIA tab list for the bottom panels: Left/Right/Home/End move
// between tabs, each tab controls one panel. A tab can be hidden (the
// guarantor panel without --commitments).
import { el } from "./dom";

export class Tabs {
  private tabs = new Map<string, { tab: HTMLButtonElement; panel: HTMLElement }>();
  private current = "";

  constructor(private readonly list: HTMLElement, private readonly panels: HTMLElement) {
    list.addEventListener("keydown", (e) => {
      const ids = [...this.tabs.keys()].filter((k) => !this.tabs.get(k)!.tab.hidden);
      const at = ids.indexOf(this.current);
      let next = at;
      if (e.key === "ArrowRight") next = (at + 1) % ids.length;
      else if (e.key === "ArrowLeft") next = (at - 1 + ids.length) % ids.length;
      else if (e.key === "Home") next = 0;
      else if (e.key === "End") next = ids.length - 1;
      else return;
      e.preventDefault();
      const id = ids[next];
      if (id) {
        this.show(id);
        this.tabs.get(id)?.tab.focus();
      }
    });
  }

  add(id: string, label: string): HTMLElement {
    const tab = el("button", { type: "button", role: "tab", id: `tab-${id}`, "aria-controls": `panel-${id}`, "aria-selected": "false", tabindex: "-1", text: label });
    const panel = el("div", { role: "tabpanel", id: `panel-${id}`, "aria-labelledby": `tab-${id}`, class: "panel", tabindex: "0", hidden: true });
    tab.addEventListener("click", () => this.show(id));
    this.list.append(tab);
    this.panels.append(panel);
    this.tabs.set(id, { tab, panel });
    if (!this.current) this.show(id);
    return panel;
  }

  setHidden(id: string, hidden: boolean): void {
    const t = this.tabs.get(id);
    if (!t) return;
    t.tab.hidden = hidden;
    if (hidden && this.current === id) {
      const first = [...this.tabs.keys()].find((k) => !this.tabs.get(k)!.tab.hidden);
      if (first) this.show(first);
    }
  }

  show(id: string): void {
    this.current = id;
    for (const [k, t] of this.tabs) {
      const on = k === id;
      t.tab.setAttribute("aria-selected", on ? "true" : "false");
      t.tab.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
    }
  }
}
