// The map: offline basemap, the agreement's zones and bands, live tracks and
// incidents coloured by confidence (territory incidents as their polygons).
// No symbol/text layers: they would need glyphs from a server.
import maplibregl from "maplibre-gl";
import type { Feature, FeatureCollection, Geometry, LineString, Position } from "geojson";
import "maplibre-gl/dist/maplibre-gl.css";

import { loadBasemap } from "./basemap";
import { CONFIDENCE_COLOR, CONFIDENCE_RADIUS_PX } from "./palette";
import type { Incident, TrackEvent, Zones } from "./types";

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };
const MAX_FIXES_PER_TRACK = 400;

interface TrackState {
  props: Record<string, unknown>;
  coords: Position[];
}

// Zones come as MultiPolygons; newer MapLibre tells them apart from Polygons.
const IS_POLYGON: maplibregl.FilterSpecification = ["in", ["geometry-type"], ["literal", ["Polygon", "MultiPolygon"]]];

const confidenceColorExpr: maplibregl.ExpressionSpecification = [
  "match",
  ["get", "confidence"],
  "reported",
  CONFIDENCE_COLOR.reported,
  "corroborated",
  CONFIDENCE_COLOR.corroborated,
  "confirmed",
  CONFIDENCE_COLOR.confirmed,
  "#888888",
];

export class IncidentMap {
  readonly map: maplibregl.Map;
  private ready: Promise<void>;
  private tracks = new Map<string, TrackState>();
  private tracksDirty = false;
  private selectedId: string | null = null;

  constructor(
    container: HTMLElement,
    private readonly onSelect: (id: string) => void,
  ) {
    this.map = new maplibregl.Map({
      container,
      style: {
        version: 8,
        sources: {},
        layers: [{ id: "sea", type: "background", paint: { "background-color": "#cfe2ee" } }],
      },
      center: [34, 47.5],
      zoom: 5,
      attributionControl: false,
      // Screenshots of the canvas (tests, "save as image") need the buffer.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-left");
    this.map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
    this.map.addControl(
      new maplibregl.AttributionControl({ compact: true, customAttribution: "Natural Earth (world-atlas)" }),
    );
    this.ready = new Promise((resolve) => this.map.on("load", () => resolve()));
    this.ready.then(() => this.addLayers());
    void this.ready.then(async () => {
      const b = await loadBasemap();
      (this.map.getSource("land") as maplibregl.GeoJSONSource).setData(b.land);
      (this.map.getSource("borders") as maplibregl.GeoJSONSource).setData(b.borders);
      container.dataset["basemap"] = "loaded";
    });
    setInterval(() => this.flushTracks(), 500);
  }

  private addLayers(): void {
    const m = this.map;
    for (const id of ["land", "borders", "zones", "tracks", "track-heads", "incidents"]) {
      m.addSource(id, { type: "geojson", data: EMPTY });
    }
    m.addLayer({ id: "land", type: "fill", source: "land", paint: { "fill-color": "#f3f0e8" } });
    m.addLayer({
      id: "borders",
      type: "line",
      source: "borders",
      paint: { "line-color": "#a8a196", "line-width": 0.8 },
    });
    const isBand: maplibregl.ExpressionSpecification = ["in", "band", ["downcase", ["to-string", ["get", "kind"]]]];
    m.addLayer({
      id: "zones-fill",
      type: "fill",
      source: "zones",
      filter: IS_POLYGON,
      paint: {
        "fill-color": ["case", isBand, "#8c8c8c", "#6a51a3"],
        "fill-opacity": ["case", isBand, 0.04, 0.12],
      },
    });
    m.addLayer({
      id: "zones-outline",
      type: "line",
      source: "zones",
      paint: {
        "line-color": ["case", isBand, "#8a8a8a", "#54278f"],
        "line-width": ["case", isBand, 0.8, 1.4],
        "line-dasharray": [3, 2],
      },
    });
    m.addLayer({
      id: "tracks",
      type: "line",
      source: "tracks",
      paint: { "line-color": "#3d5a80", "line-width": 1.2, "line-opacity": 0.7 },
    });
    m.addLayer({
      id: "track-heads",
      type: "circle",
      source: "track-heads",
      paint: {
        "circle-radius": 3,
        "circle-color": "#3d5a80",
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1,
      },
    });
    m.addLayer({
      id: "incident-areas",
      type: "fill",
      source: "incidents",
      filter: IS_POLYGON,
      paint: { "fill-color": confidenceColorExpr, "fill-opacity": 0.45 },
    });
    m.addLayer({
      id: "incident-areas-outline",
      type: "line",
      source: "incidents",
      filter: IS_POLYGON,
      paint: { "line-color": "#111111", "line-width": 1.2 },
    });
    m.addLayer({
      id: "incident-points",
      type: "circle",
      source: "incidents",
      filter: ["==", ["geometry-type"], "Point"],
      paint: {
        "circle-color": confidenceColorExpr,
        "circle-radius": [
          "match",
          ["get", "confidence"],
          "confirmed",
          CONFIDENCE_RADIUS_PX.confirmed,
          "corroborated",
          CONFIDENCE_RADIUS_PX.corroborated,
          CONFIDENCE_RADIUS_PX.reported,
        ],
        "circle-stroke-color": "#111111",
        "circle-stroke-width": 1.2,
      },
    });
    m.addLayer({
      id: "incident-selected",
      type: "circle",
      source: "incidents",
      filter: ["==", ["get", "id"], ""],
      paint: {
        "circle-radius": 14,
        "circle-color": "rgba(0,0,0,0)",
        "circle-stroke-color": "#000000",
        "circle-stroke-width": 2.5,
      },
    });
    // Names on hover: the map has no text layers (they would need glyphs).
    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: "hover" });
    const describe = (layer: string, p: Record<string, unknown>): string => {
      if (layer === "track-heads") {
        const name = p["name"] ? ` ${String(p["name"])}` : "";
        const party = p["party"] ? `, party ${String(p["party"])}` : "";
        return `${String(p["subject"])}${name} (${String(p["kind"] ?? "")}${party}) at ${String(p["last_time"] ?? "")}`;
      }
      if (layer.startsWith("incident")) return `${String(p["id"])} — ${String(p["confidence"])}, ${String(p["status"])}`;
      let rules = p["rules"];
      if (typeof rules === "string") rules = rules.replace(/[[\]"]/g, "").replace(/,/g, ", ");
      return `${String(p["name"] ?? p["id"] ?? "")} (${String(p["kind"] ?? "")})${rules ? ` — rules: ${String(rules)}` : ""}`;
    };
    const hoverLayers = ["incident-points", "incident-areas", "track-heads", "zones-fill"];
    m.on("mousemove", (e) => {
      const f = m.queryRenderedFeatures(e.point, { layers: hoverLayers })[0];
      if (!f) {
        popup.remove();
        return;
      }
      const text = document.createElement("span");
      text.textContent = describe(f.layer.id, f.properties ?? {});
      popup.setLngLat(e.lngLat).setDOMContent(text).addTo(m);
    });
    m.getCanvas().addEventListener("mouseleave", () => popup.remove());
    for (const layer of ["incident-points", "incident-areas"]) {
      m.on("click", layer, (e) => {
        const id = e.features?.[0]?.properties?.["id"];
        if (typeof id === "string") this.onSelect(id);
      });
      m.on("mouseenter", layer, () => (m.getCanvas().style.cursor = "pointer"));
      m.on("mouseleave", layer, () => (m.getCanvas().style.cursor = ""));
    }
  }

  async setZones(zones: Zones): Promise<void> {
    await this.ready;
    (this.map.getSource("zones") as maplibregl.GeoJSONSource).setData(zones);
    const b = bounds(zones.features.map((f) => f.geometry));
    if (b) this.map.fitBounds(b, { padding: 30, duration: 0 });
  }

  async setTracks(fc: FeatureCollection): Promise<void> {
    for (const f of fc.features) {
      // A track of one fix comes as a Point.
      let coords: Position[];
      if (f.geometry.type === "LineString") coords = (f.geometry as LineString).coordinates;
      else if (f.geometry.type === "Point") coords = [f.geometry.coordinates];
      else continue;
      const props = { ...(f.properties ?? {}) };
      const subject = String(props["subject"] ?? "");
      this.tracks.set(subject, { props, coords: coords.slice(-MAX_FIXES_PER_TRACK) });
    }
    this.tracksDirty = true;
    await this.ready;
    this.flushTracks();
  }

  addFix(t: TrackEvent): void {
    let s = this.tracks.get(t.subject);
    if (!s) {
      s = { props: { subject: t.subject, kind: t.kind, party: t.party ?? null, name: t.name ?? "" }, coords: [] };
      this.tracks.set(t.subject, s);
    }
    s.props["last_time"] = t.time;
    s.coords.push([t.lng, t.lat]);
    if (s.coords.length > MAX_FIXES_PER_TRACK) s.coords.splice(0, s.coords.length - MAX_FIXES_PER_TRACK);
    this.tracksDirty = true;
  }

  // Batched: track events arrive far faster than the map needs redrawing.
  private flushTracks(): void {
    if (!this.tracksDirty || !this.map.getSource("tracks")) return;
    this.tracksDirty = false;
    const lines: Feature[] = [];
    const heads: Feature[] = [];
    for (const s of this.tracks.values()) {
      const last = s.coords[s.coords.length - 1];
      if (!last) continue;
      if (s.coords.length > 1) {
        lines.push({ type: "Feature", properties: s.props, geometry: { type: "LineString", coordinates: s.coords } });
      }
      heads.push({ type: "Feature", properties: s.props, geometry: { type: "Point", coordinates: last } });
    }
    (this.map.getSource("tracks") as maplibregl.GeoJSONSource).setData({ type: "FeatureCollection", features: lines });
    (this.map.getSource("track-heads") as maplibregl.GeoJSONSource).setData({
      type: "FeatureCollection",
      features: heads,
    });
  }

  async setIncidents(incidents: Iterable<Incident>): Promise<void> {
    const features: Feature[] = [];
    for (const i of incidents) {
      const props = { id: i.id, confidence: i.confidence, rule: i.rule, status: i.status };
      if (i.area) features.push({ type: "Feature", properties: props, geometry: i.area });
      if (i.position) features.push({ type: "Feature", properties: props, geometry: { type: "Point", coordinates: i.position } });
    }
    await this.ready;
    (this.map.getSource("incidents") as maplibregl.GeoJSONSource).setData({ type: "FeatureCollection", features });
  }

  async select(incident: Incident | null, pan: boolean): Promise<void> {
    this.selectedId = incident?.id ?? null;
    await this.ready;
    this.map.setFilter("incident-selected", [
      "all",
      ["==", ["geometry-type"], "Point"],
      ["==", ["get", "id"], this.selectedId ?? ""],
    ]);
    if (pan && incident?.position) {
      const p = this.map.project(incident.position as [number, number]);
      const c = this.map.getCanvas();
      const inside = p.x > 40 && p.y > 40 && p.x < c.clientWidth - 40 && p.y < c.clientHeight - 40;
      if (!inside) this.map.easeTo({ center: incident.position as [number, number], duration: 300 });
    }
  }
}

function bounds(geoms: Geometry[]): [[number, number], [number, number]] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number") {
      const [x, y] = c as number[];
      if (x === undefined || y === undefined) return;
      w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
    } else if (Array.isArray(c)) {
      for (const d of c) visit(d);
    }
  };
  for (const g of geoms) {
    if (g && "coordinates" in g) visit(g.coordinates);
    else if (g && g.type === "GeometryCollection") for (const h of g.geometries) visit("coordinates" in h ? h.coordinates : []);
  }
  return Number.isFinite(w) ? [[w, s], [e, n]] : null;
}
