// Colours. Confidence is ordinal, so it uses three steps of viridis
// (perceptually ordered and distinguishable with every common colour-vision
// deficiency), doubled by marker size so that it never rests on hue alone.
// Parties use the Okabe–Ito palette.
import type { Confidence } from "./types";

export const CONFIDENCE: readonly Confidence[] = ["reported", "corroborated", "confirmed"];

export const CONFIDENCE_COLOR: Record<Confidence, string> = {
  reported: "#fde725",
  corroborated: "#21918c",
  confirmed: "#440154",
};

export const CONFIDENCE_RADIUS_PX: Record<Confidence, number> = {
  reported: 5,
  corroborated: 7,
  confirmed: 9,
};

const OKABE_ITO = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"];

export function partyColor(party: string, parties: readonly string[]): string {
  const i = parties.indexOf(party);
  const n = i >= 0 ? i : [...party].reduce((h, c) => h + c.charCodeAt(0), 0);
  return OKABE_ITO[n % OKABE_ITO.length] ?? "#000000";
}

export function confidenceColor(c: string): string {
  return CONFIDENCE_COLOR[c as Confidence] ?? "#888888";
}
