// The shapes the API returns (docs/formats/incidents.md for incidents;
// src/live/live.h for feeds and stream events; `truce guarantees coverage
// --json` / `obligations --json` for the guarantor views).
import type { FeatureCollection, Polygon } from "geojson";

export type Confidence = "reported" | "corroborated" | "confirmed";

export interface Incident {
  id: string;
  revision: number;
  status: string;
  rule: string;
  kind: string;
  clause: string;
  severity: string;
  subject: string;
  attribution: { party: string | null; basis: string };
  summary: string;
  first: string;
  last: string;
  position?: [number, number];
  bbox?: [number, number, number, number];
  area?: Polygon;
  details?: Record<string, string>;
  observations: string[];
  observation_count: number;
  sources: string[];
  confidence: Confidence;
}

export interface IncidentPage {
  incidents: Incident[];
  next: string | null;
}

export interface IncidentDetail {
  incident: Incident;
  revisions: Incident[];
  log: { index: number }[];
  proof: { bundle: string; verified: boolean } | null;
}

export interface Health {
  status: string;
  version: string;
  agreement: string;
}

export interface Agreement {
  id: string;
  title: string;
  parties: ({ id: string; name?: string } | string)[];
  rules: { id: string; kind: string; clause: string }[];
}

export interface TerritorySeries {
  dates: string[];
  parties: Record<string, number[]>;
}

export interface Checkpoint {
  origin: string;
  size: number;
  root: string;
  note: string;
  cosignatures: { name: string; note: string }[];
}

export interface FeedHealth {
  name: string;
  kind: string;
  address: string;
  state: string;
  messages: number;
  observations: number;
  rejects: number;
  dropped: number;
  rate_per_s: number;
  last_message: string | number | null;
  last_reject: string | null;
}

export interface TrackEvent {
  subject: string;
  kind: string;
  time: string;
  lat: number;
  lng: number;
  party?: string;
  name?: string;
}

export interface Coverage {
  requirements: {
    id: string;
    capability: string;
    amount: number;
    unit: string;
    zone: string | null;
    share_covered: number;
    by_guarantor: { guarantor: string; pledges: string[]; share: number }[];
    gaps: { from: string; until: string; available: number; missing: number }[];
  }[];
}

export interface Obligations {
  at: string;
  obligations: {
    incident: string;
    revision: number;
    guarantor: string;
    action: string;
    triggered: string;
    deadline: string;
    state: string;
    answered: string | null;
    late: boolean;
    severity?: string;
    kind?: string;
  }[];
  by_guarantor: {
    guarantor: string;
    obligations: number;
    open: number;
    acknowledged: number;
    late: number;
    overdue: number;
  }[];
}

export type Zones = FeatureCollection;
