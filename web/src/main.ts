// The dashboard's entry point: wires the API, the live stream and the views.
// No framework: a handful of views that each redraw from plain data is
// simpler and smaller than a framework's runtime, and keeps dist/ small.
import "./styles.css";

import { ApiError, getJson, getOptional, setToken } from "./api";
import { DetailPanel } from "./detail";
import { byId, el } from "./dom";
import { renderGuarantors } from "./guarantors";
import { IncidentStore } from "./incidents";
import { IncidentList } from "./list";
import { IncidentMap } from "./map";
import { CONFIDENCE, CONFIDENCE_COLOR, CONFIDENCE_RADIUS_PX } from "./palette";
import { renderCheckpoint, renderFeeds } from "./status";
import { LiveStream } from "./stream";
import { Tabs } from "./tabs";
import { renderTerritory } from "./territory";
import { loadToken } from "./token";
import type { Agreement, Checkpoint, Coverage, FeedHealth, Health, Incident, Obligations, TerritorySeries, TrackEvent, Zones } from "./types";

const token = loadToken();
setToken(token);

const toastEl = byId("toast");
let toastTimer = 0;
function report(e: unknown): void {
  const msg = e instanceof ApiError ? e.describe() : e instanceof Error ? e.message : String(e);
  toastEl.textContent = msg;
  toastEl.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toastEl.hidden = true), 8000);
}

// Runs at most once per `ms`, trailing: bursts of events become one fetch.
function throttle(fn: () => void | Promise<void>, ms: number): () => void {
  let timer = 0;
  return () => {
    if (timer) return;
    timer = window.setTimeout(() => {
      timer = 0;
      Promise.resolve(fn()).catch(report);
    }, ms);
  };
}

byId("role").textContent = token ? "signed in (token)" : "public";
byId("role").title = token
  ? "Requests carry your bearer token"
  : "No token: published incidents and checkpoints only; open as #token=... for more";

const store = new IncidentStore();
const detail = new DetailPanel(byId("detail"), token !== null, () => {
  void map.select(null, false);
});
const listEl = byId<HTMLUListElement>("incident-list");
const map = new IncidentMap(byId("map"), (id) => openIncident(id, false));
// For the browser tests and the console: the MapLibre map (project a
// position to pixels, query what is drawn there).
(window as unknown as { truceMap: unknown }).truceMap = map.map;
const list = new IncidentList(listEl, byId("filters"), byId("counts"), store, (id) => openIncident(id, true), () => refreshMapIncidents());

// The skip link focuses the list without the fragment jump, which would
// scroll the whole page and hide the header.
document.querySelector<HTMLAnchorElement>("a.skip")?.addEventListener("click", (e) => {
  e.preventDefault();
  listEl.focus({ preventScroll: true });
});

function openIncident(id: string, fromList: boolean): void {
  const i = store.get(id);
  list.setActive(id);
  void map.select(i ?? null, fromList);
  // Escape gives the focus to the list either way: the map has no
  // keyboard path to an incident.
  void detail.open(id, listEl);
}

const refreshMapIncidents = throttle(() => map.setIncidents(list.visible()), 300);
store.subscribe(() => refreshMapIncidents());

// Legend: colour and size both carry the confidence.
const legend = byId("legend");
legend.append(el("strong", { text: "Confidence" }));
for (const c of CONFIDENCE) {
  const d = CONFIDENCE_RADIUS_PX[c] * 2;
  legend.append(
    el(
      "div",
      { class: "legend-row" },
      el("span", { class: "swatch", style: `background:${CONFIDENCE_COLOR[c]};width:${d}px;height:${d}px`, "aria-hidden": "true" }),
      c,
    ),
  );
}
legend.append(
  el("div", { class: "legend-row" }, el("span", { class: "swatch line track", "aria-hidden": "true" }), "track"),
  el("div", { class: "legend-row" }, el("span", { class: "swatch line zone", "aria-hidden": "true" }), "zone"),
  el("div", { class: "legend-row" }, el("span", { class: "swatch line band", "aria-hidden": "true" }), "band"),
);

// Bottom panels.
const tabs = new Tabs(byId("tabs"), byId("panels"));
const territoryPanel = tabs.add("territory", "Territory");
const guarantorPanel = tabs.add("guarantors", "Guarantors");
const checkpointPanel = tabs.add("checkpoint", "Checkpoint");
const feedsPanel = tabs.add("feeds", "Feeds");
tabs.setHidden("guarantors", true);

let partyIds: string[] = [];
const feeds = new Map<string, FeedHealth>();

// Tracks, territory, guarantors and feeds need a token: for the public the
// panel says so instead of failing.
function isForbidden(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 401 || e.status === 403);
}
function needsToken(panel: HTMLElement, e: unknown): void {
  if (!isForbidden(e)) throw e;
  const why = e instanceof ApiError ? e.describe() : "";
  panel.replaceChildren(
    el("p", { class: "hint", text: "This view needs a token: open the dashboard as …/#token=YOUR_TOKEN (truce token create)." }),
    el("p", { class: "hint", text: why }),
  );
}

const loadTerritory = async (): Promise<void> => {
  try {
    renderTerritory(territoryPanel, await getOptional<TerritorySeries>("/api/territory/series"), partyIds);
  } catch (e) {
    needsToken(territoryPanel, e);
  }
};
const loadGuarantors = async (): Promise<void> => {
  try {
    const [cov, obl] = await Promise.all([getOptional<Coverage>("/api/coverage"), getOptional<Obligations>("/api/obligations")]);
    tabs.setHidden("guarantors", !cov && !obl);
    renderGuarantors(guarantorPanel, cov, obl);
  } catch (e) {
    needsToken(guarantorPanel, e);
    tabs.setHidden("guarantors", false);
  }
};
const loadCheckpoint = async (): Promise<void> => {
  renderCheckpoint(checkpointPanel, await getOptional<Checkpoint>("/api/checkpoint"));
};
const loadFeeds = async (): Promise<void> => {
  try {
    const all = await getJson<FeedHealth[]>("/api/feeds");
    feeds.clear();
    for (const f of all) feeds.set(f.name, f);
    renderFeeds(feedsPanel, feeds);
  } catch (e) {
    needsToken(feedsPanel, e);
  }
};
const territorySoon = throttle(loadTerritory, 2000);
const guarantorsSoon = throttle(loadGuarantors, 2000);
const checkpointSoon = throttle(loadCheckpoint, 1000);
const feedsSoon = throttle(() => renderFeeds(feedsPanel, feeds), 1000);
const detailSoon = throttle(() => detail.refresh(), 500);

const streamState = byId("stream-state");
const stream = new LiveStream(
  (e) => {
    switch (e.type) {
      case "incident": {
        const i = incidentOf(e.data);
        if (!i) break;
        if (store.receive(i) && detail.current === i.id) detailSoon();
        guarantorsSoon();
        if (i.kind === "territory") territorySoon();
        break;
      }
      case "track":
        map.addFix(e.data as TrackEvent);
        break;
      case "feed": {
        const f = e.data as FeedHealth;
        if (f && typeof f.name === "string") feeds.set(f.name, f);
        feedsSoon();
        break;
      }
      case "checkpoint":
        checkpointSoon();
        // A checkpoint may now cover the open incident: its proof changes.
        if (detail.current) detailSoon();
        break;
    }
  },
  (s, why) => {
    streamState.textContent = s === "live" ? "live" : s;
    streamState.className = `badge stream-${s}`;
    streamState.title = why ?? "";
  },
  // Events were skipped: re-read what they would have changed.
  () => {
    store.load().catch(report);
    getJson<Zones>("/api/tracks?limit=2000").then((t) => map.setTracks(t), () => undefined);
    loadFeeds().catch(() => undefined);
    checkpointSoon();
    guarantorsSoon();
  },
);

// An incident event carries the revision itself (with "type" added), or
// wraps it; both are accepted.
function incidentOf(data: unknown): Incident | null {
  if (!data || typeof data !== "object") return null;
  const d = data as Record<string, unknown>;
  if (typeof d["id"] === "string" && typeof d["rule"] === "string") return d as unknown as Incident;
  for (const k of ["incident", "revision"]) {
    const v = d[k];
    if (v && typeof v === "object" && typeof (v as Record<string, unknown>)["id"] === "string") return v as Incident;
  }
  return null;
}

async function start(): Promise<void> {
  try {
    const [health, agreement] = await Promise.all([getJson<Health>("/api/health"), getJson<Agreement>("/api/agreement")]);
    byId("agreement-title").textContent = `${agreement.title || agreement.id} · v${health.version}`;
    document.title = `truce — ${agreement.title || agreement.id}`;
    partyIds = agreement.parties.map((p) => (typeof p === "string" ? p : p.id));
    list.setOptions("rule", agreement.rules.map((r) => r.id));
    list.setOptions("party", [...partyIds, "(unattributed)"]);
  } catch (e) {
    report(e);
  }
  // The stream starts before the first load so that nothing falls between
  // the two; the store keeps the later revision of each incident.
  stream.start();
  const tasks: Promise<unknown>[] = [
    getJson<Zones>("/api/zones").then((z) => map.setZones(z)),
    getJson<Zones>("/api/tracks?limit=2000").then(
      (t) => map.setTracks(t),
      (e: unknown) => {
        if (!isForbidden(e)) throw e;  // public: no tracks, by design
      },
    ),
    store.load().then(() => list.render()),
    loadTerritory(),
    loadGuarantors(),
    loadCheckpoint(),
    loadFeeds(),
  ];
  for (const r of await Promise.allSettled(tasks)) if (r.status === "rejected") report(r.reason);
  document.body.dataset["ready"] = "true";
  // Slow refreshes for what has no stream event (control maps, rates).
  setInterval(() => void loadFeeds().catch(() => undefined), 10000);
  setInterval(() => void loadTerritory().catch(() => undefined), 30000);
}

void start();
