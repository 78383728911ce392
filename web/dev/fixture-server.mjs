// DEVELOPMENT ONLY: serves web/dist and fixture JSON in the shape of truce
// serve's API, to work on the dashboard before or without a running server.
// Never used by the tests (they run a real `truce serve --demo`).
//
//   node dev/fixture-server.mjs PORT INCIDENTS.ndjson [COVERAGE.json OBLIGATIONS.json]
//
// Replays the incident revisions on /api/stream, one every 300 ms.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

const [port = "8099", incidentsPath, coveragePath, obligationsPath] = process.argv.slice(2);
const root = new URL("..", import.meta.url).pathname;
const dist = join(root, "dist");
const geometry = join(root, "..", "examples", "ceasefire-2025", "geometry");
const revisions = incidentsPath ? readFileSync(incidentsPath, "utf8").trim().split("\n").map((l) => JSON.parse(l)) : [];
const half = Math.floor(revisions.length / 2);
const initial = revisions.slice(0, half);
const later = revisions.slice(half);

const zones = {
  type: "FeatureCollection",
  features: ["contact-line", "black-sea-corridor", "reference-line-a"].flatMap((n) => {
    const fc = JSON.parse(readFileSync(join(geometry, `${n}.geojson`), "utf8"));
    const feats = fc.type === "FeatureCollection" ? fc.features : [fc];
    return feats.map((f) => ({ ...f, properties: { name: n, kind: n.includes("corridor") ? "zone" : "line", rules: [] } }));
  }),
};
const latest = (list) => {
  const m = new Map();
  for (const r of list) m.set(r.id, r);
  return [...m.values()];
};
const json = (res, code, body) => {
  res.writeHead(code, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const p = url.pathname;
  if (p === "/api/health") return json(res, 200, { status: "ok", version: "0.1.0", agreement: "fixture" });
  if (p === "/api/agreement")
    return json(res, 200, {
      id: "fixture",
      title: "Fixture agreement (dev server)",
      parties: [{ id: "A" }, { id: "B" }],
      rules: [...new Set(revisions.map((r) => r.rule))].map((id) => ({ id, kind: id, clause: "" })),
    });
  if (p === "/api/zones") return json(res, 200, zones);
  if (p === "/api/tracks") return json(res, 200, { type: "FeatureCollection", features: [] });
  if (p === "/api/incidents") return json(res, 200, { incidents: latest(initial), next: null });
  if (p.startsWith("/api/incidents/")) {
    const id = decodeURIComponent(p.slice("/api/incidents/".length));
    const revs = revisions.filter((r) => r.id === id);
    if (!revs.length) return json(res, 404, { error: { status: 404, code: "not_found", message: `no incident ${id}`, where: "id", hint: "list /api/incidents" } });
    return json(res, 200, { incident: revs[revs.length - 1], revisions: revs, log: revs.map((_, i) => ({ index: 10 + i })), proof: revs.length > 1 ? { bundle: "fixture bundle", verified: true } : null });
  }
  if (p === "/api/territory/series") return json(res, 200, { dates: ["2025-06-01", "2025-06-08", "2025-06-16"], parties: { A: [100520.5, 100520.5, 100526.5], B: [112000.2, 111990.1, 111994.2] } });
  if (p === "/api/coverage") return coveragePath ? json(res, 200, JSON.parse(readFileSync(coveragePath, "utf8"))) : json(res, 404, { error: { status: 404, code: "not_found", message: "no commitments", hint: "--commitments" } });
  if (p === "/api/obligations") return obligationsPath ? json(res, 200, JSON.parse(readFileSync(obligationsPath, "utf8"))) : json(res, 404, { error: { status: 404, code: "not_found", message: "no commitments", hint: "--commitments" } });
  if (p === "/api/checkpoint") return json(res, 200, { origin: "truce.example/fixture", size: 120, root: "q3Jb0Yj3...", note: "truce.example/fixture\n120\nq3Jb0Yj3\n\n— fixture sig", cosignatures: [{ name: "witness-1", note: "— witness-1 sig" }] });
  if (p === "/api/feeds") return json(res, 200, [{ name: "ais-tcp", kind: "ais-tcp-listen", address: "127.0.0.1:10110", state: "listening", messages: 1200, observations: 1100, rejects: 3, dropped: 0, rate_per_s: 12.5, last_message: "2026-01-01T10:00:00Z", last_reject: "bad_checksum: fixture" }]);
  if (p === "/api/stream") {
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
    let n = 0;
    const t = setInterval(() => {
      const r = later[n++];
      if (!r) return clearInterval(t);
      res.write(`event: incident\nid: ${n}\ndata: ${JSON.stringify({ type: "incident", ...r })}\n\n`);
    }, 300);
    req.on("close", () => clearInterval(t));
    return;
  }
  let file = normalize(join(dist, p === "/" ? "index.html" : p));
  if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = join(dist, "index.html");
  res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
}).listen(Number(port), "127.0.0.1", () => console.log(`fixture dashboard http://127.0.0.1:${port}/`));
