// Browser end-to-end test of the dashboard against a real `truce serve
// --demo` (the bundled example with a simulated live feed played through the
// real sockets), driven by playwright-core in Debian's Chromium.
//
// Checks, in a 1366x768 window:
//   1. the map renders: the MapLibre canvas has basemap (land) pixels, not
//      only the sea background;
//   2. a planted incident (from the simulator) appears live in the list:
//      one that was not in the first load arrives on /api/stream;
//   3. the keyboard alone opens it: Tab to the skip link, Enter, arrows to
//      the row, Enter opens the detail with its evidence digests; Escape
//      closes it and gives the focus back to the list;
//   4. a click on an incident on the map opens its evidence;
// and that live tracks are drawn, a filter narrows the list, the territory
// chart, checkpoint, guarantors and feed panels render from the API, a
// party's dispute becomes a new revision (detail and list, live), the
// public view (no token) loads, and the server stops cleanly on SIGTERM.
// Screenshots of each step go to $TRUCE_ARTIFACTS.
//
// Environment: TRUCE_BIN (the truce binary, required), TRUCE_ARTIFACTS
// (default build/web/artifacts/web), CHROMIUM (default /usr/bin/chromium),
// TRUCE_E2E_SPEED (the demo's --speed, default 300: incidents keep arriving
// while the page is open, and the engine of an ASan build keeps up, so a
// dispute is not queued behind minutes of feed).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const webDir = resolve(new URL("..", import.meta.url).pathname);
const repo = resolve(webDir, "..");
const bin = process.env.TRUCE_BIN;
const artifacts = resolve(process.env.TRUCE_ARTIFACTS || join(repo, "build", "web", "artifacts", "web"));
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const speed = process.env.TRUCE_E2E_SPEED || "300";
// Timeouts only fail a hung test; nothing here asserts a duration.
const STEP_MS = 120_000;

if (!bin) {
  console.error("TRUCE_BIN is not set: give the path of the truce binary");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const data = mkdtempSync(join(tmpdir(), "truce-e2e-"));

let failures = 0;
let passes = 0;
function check(name, ok, detail = "") {
  if (ok) passes++;
  else failures++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

// --- the server --------------------------------------------------------
const serveLog = createWriteStream(join(artifacts, "serve.log"));
const server = spawn(
  bin,
  ["serve", "--demo", "--speed", speed, "--listen", "127.0.0.1:0", "--ais-tcp", "127.0.0.1:0",
   "--data", data, "--web", join(webDir, "dist")],
  { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
);
server.stderr.pipe(serveLog);
let serverExit = null;
server.on("exit", (code, signal) => (serverExit = { code, signal }));

function stopServer() {
  return new Promise((res) => {
    if (serverExit) return res(serverExit);
    server.once("exit", (code, signal) => res({ code, signal }));
    server.kill("SIGTERM");
    setTimeout(() => server.kill("SIGKILL"), 30_000).unref();
  });
}

const dashboard = await new Promise((res, rej) => {
  const t = setTimeout(() => rej(new Error("truce serve printed no `dashboard` line within 120 s")), STEP_MS);
  const rl = createInterface({ input: server.stdout });
  rl.on("line", (line) => {
    serveLog.write(`stdout: ${line}\n`);
    const m = /^dashboard (http:\/\/\S+)$/.exec(line.trim());
    if (m) {
      clearTimeout(t);
      res(m[1]);
    }
  });
  server.on("exit", (code) => rej(new Error(`truce serve exited (${code}) before printing its dashboard; see ${join(artifacts, "serve.log")}`)));
}).catch(async (e) => {
  console.error(`FAIL ${e.message}`);
  await stopServer();
  process.exit(1);
});
console.log(`server: ${dashboard}`);

// A monitor's token, so the dashboard shows everything (tracks and feeds
// need one; the public sees published incidents only).
function createToken(args) {
  return new Promise((res) => {
    const p = spawn(bin, ["token", "create", "--data", data, ...args], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (b) => (out += b));
    p.stderr.on("data", (b) => serveLog.write(`token create: ${b}`));
    p.on("exit", (code) => res(code === 0 ? (/truce_[A-Za-z0-9_-]+/.exec(out)?.[0] ?? null) : null));
  });
}
const token = await createToken(["--role", "monitor", "--name", "e2e-browser"]);
check("truce token create gives a token", token !== null);

// --- the browser -------------------------------------------------------
const browser = await chromium.launch({
  executablePath: chromiumPath,
  // Root in a container: no sandbox. WebGL through SwiftShader (no GPU).
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
page.setDefaultTimeout(STEP_MS);
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(e.message));
page.on("console", (m) => {
  if (m.type() === "error") pageErrors.push(m.text());
});
// Which request failed, for the log (the console message does not say).
page.on("response", (r) => {
  if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
});

const shot = (name) => page.screenshot({ path: join(artifacts, name) });

try {
  await page.goto(`${dashboard}#token=${token}`);
  await page.waitForSelector("body[data-ready=true]");
  check("the token leaves the address bar", !page.url().includes("token="), page.url());

  // 1. The map renders the basemap (and zones) over the sea background.
  await page.waitForSelector("#map[data-basemap=loaded]");
  await page.evaluate(() => new Promise((r) => {
    window.truceMap.once("idle", r);
    window.truceMap.triggerRepaint();
  }));
  const pixels = await page.evaluate(() => {
    const src = document.querySelector("#map canvas");
    const c = document.createElement("canvas");
    c.width = src.width;
    c.height = src.height;
    const g = c.getContext("2d");
    g.drawImage(src, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let sea = 0, land = 0, other = 0;
    const near = (i, r, gg, b) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - gg) + Math.abs(d[i + 2] - b) < 12;
    for (let i = 0; i < d.length; i += 4) {
      if (near(i, 0xcf, 0xe2, 0xee)) sea++;
      else if (near(i, 0xf3, 0xf0, 0xe8)) land++;
      else other++;
    }
    const n = d.length / 4;
    return { n, sea: sea / n, land: land / n, other: other / n };
  });
  check("map canvas is drawn", pixels.n > 100_000, `${pixels.n} pixels`);
  check("map shows land (basemap) besides the sea", pixels.land > 0.05 && pixels.sea > 0.01,
        `sea ${(pixels.sea * 100).toFixed(1)}%, land ${(pixels.land * 100).toFixed(1)}%, other ${(pixels.other * 100).toFixed(1)}%`);
  check("map shows more than sea and land (zones, tracks, incidents, borders)", pixels.other > 0.001,
        `${(pixels.other * 100).toFixed(2)}%`);
  await shot("01-map.png");

  // 2. A planted incident arrives on the live stream and shows in the list.
  const liveRow = await page.waitForSelector('#incident-list [role=option][data-live="true"]', { timeout: STEP_MS });
  const liveId = await liveRow.getAttribute("data-id");
  check("an incident appears live in the list", Boolean(liveId), liveId ?? "");
  await shot("02-live-incident.png");

  // The server knows it too (the list is not making it up).
  const api = await page.evaluate(async ([id, t]) => {
    const r = await fetch(`/api/incidents/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${t}` } });
    return { status: r.status, body: r.ok ? await r.json() : null };
  }, [liveId, token]);
  check("the live incident is served by /api/incidents/{id}", api.status === 200 && api.body?.incident?.id === liveId,
        `HTTP ${api.status}`);

  // 3. Keyboard only: skip link, arrows, Enter, Escape.
  await page.keyboard.press("Tab");
  const onSkip = await page.evaluate(() => document.activeElement?.classList.contains("skip"));
  check("Tab reaches the skip link first", onSkip === true);
  await page.keyboard.press("Enter");
  const onList = await page.evaluate(() => document.activeElement?.id === "incident-list");
  check("Enter on the skip link focuses the incident list", onList === true);
  await page.keyboard.press("Home");
  let reached = false;
  for (let n = 0; n < 1000; n++) {
    const active = await page.evaluate(() => document.querySelector("#incident-list .row.active")?.getAttribute("data-id"));
    if (active === liveId) {
      reached = true;
      break;
    }
    const last = await page.evaluate(() => {
      const rows = [...document.querySelectorAll("#incident-list [role=option]")];
      return rows.length === 0 || rows[rows.length - 1].classList.contains("active");
    });
    if (last) break;
    await page.keyboard.press("ArrowDown");
  }
  check("arrow keys reach the live incident's row", reached);
  const described = await page.evaluate(() => {
    const l = document.getElementById("incident-list");
    const a = l.getAttribute("aria-activedescendant");
    return a !== null && document.getElementById(a)?.getAttribute("aria-selected") === "true";
  });
  check("the active row is announced (aria-activedescendant, aria-selected)", described);
  await page.keyboard.press("Enter");
  await page.waitForSelector(`#detail[data-state=loaded]`);
  const kb = await page.evaluate(() => {
    const d = document.getElementById("detail");
    const digests = [...d.querySelectorAll(".digests code")].map((c) => c.textContent);
    return {
      hidden: d.hidden,
      id: d.dataset.id,
      digests,
      proof: d.querySelector(".proof")?.dataset.status,
      focusInside: d.contains(document.activeElement),
      pageScroll: document.scrollingElement.scrollTop,
    };
  });
  check("Enter opens the incident's detail", !kb.hidden && kb.id === liveId, kb.id);
  check("the detail lists its evidence digests (SHA-256)", kb.digests.length > 0 && kb.digests.every((h) => /^[0-9a-f]{64}$/.test(h)),
        `${kb.digests.length} digest(s)`);
  check("the detail shows the proof status", ["verified", "pending"].includes(kb.proof), kb.proof);
  check("the focus moves into the detail", kb.focusInside);
  check("the page itself does not scroll (header stays in view)", kb.pageScroll === 0, `scrollTop ${kb.pageScroll}`);
  await shot("03-keyboard-detail.png");
  await page.keyboard.press("Escape");
  const closed = await page.evaluate(() => ({
    hidden: document.getElementById("detail").hidden,
    focus: document.activeElement?.id,
  }));
  check("Escape closes the detail and returns the focus to the list", closed.hidden && closed.focus === "incident-list",
        JSON.stringify(closed));

  // 4. A click on an incident on the map opens its evidence.
  const target = await page.evaluate(async () => {
    const m = window.truceMap;
    const layers = ["incident-points"];
    let feats = m.queryRenderedFeatures({ layers });
    if (feats.length === 0) return null;
    const f = feats[0];
    const [lng, lat] = f.geometry.coordinates;
    m.jumpTo({ center: [lng, lat] });
    await new Promise((r) => m.once("idle", r));
    const p = m.project([lng, lat]);
    const ids = m.queryRenderedFeatures([p.x, p.y], { layers: ["incident-points", "incident-areas"] }).map((g) => g.properties.id);
    const rect = m.getCanvas().getBoundingClientRect();
    return { x: rect.left + p.x, y: rect.top + p.y, ids };
  });
  check("the map draws incidents", target !== null && target.ids.length > 0);
  if (target) {
    await page.mouse.click(target.x, target.y);
    await page.waitForSelector("#detail[data-state=loaded]");
    const clicked = await page.evaluate(() => {
      const d = document.getElementById("detail");
      return { id: d.dataset.id, digests: d.querySelectorAll(".digests code").length, hidden: d.hidden };
    });
    check("a click on the map opens that incident's evidence", !clicked.hidden && target.ids.includes(clicked.id) && clicked.digests > 0,
          `${clicked.id}, ${clicked.digests} digest(s)`);
    await shot("04-click-detail.png");
  }

  // Live tracks are drawn.
  const trackCount = await page.evaluate(() => {
    const m = window.truceMap;
    m.fitBounds([[28, 43], [41, 51]], { duration: 0 });
    return new Promise((r) => m.once("idle", () => r(m.queryRenderedFeatures({ layers: ["track-heads"] }).length)));
  });
  check("the map draws live tracks", trackCount > 0, `${trackCount} track head(s)`);

  // The filters narrow the list (by keyboard: focus the select, pick with arrows).
  await page.focus("#filter-confidence");
  await page.selectOption("#filter-confidence", "reported");
  const confidences = await page.$$eval("#incident-list [role=option]", (rows) => rows.map((r) => r.dataset.confidence));
  check("the confidence filter keeps only that confidence", confidences.length > 0 && confidences.every((c) => c === "reported"),
        `${confidences.length} row(s)`);
  await page.selectOption("#filter-confidence", "");

  // The other panels render from the real API.
  await page.click("#tab-territory");
  const series = await page.$$eval("#panel-territory svg polyline", (p) => p.length);
  check("the territory chart draws a line per party", series >= 2, `${series} line(s)`);
  await page.click("#tab-checkpoint");
  const cpSize = await page.textContent("#panel-checkpoint [data-testid=checkpoint-size]").catch(() => null);
  check("the checkpoint panel shows a signed checkpoint", /^[1-9]\d* entries$/.test(cpSize ?? ""), cpSize ?? "none");
  const guarantorsShown = await page.isVisible("#tab-guarantors");
  check("the guarantors tab is shown (the demo has commitments)", guarantorsShown);
  if (guarantorsShown) {
    await page.click("#tab-guarantors");
    const reqRows = await page.$$eval("#panel-guarantors table.matrix tbody tr", (r) => r.length);
    check("the coverage matrix lists the plan's requirements", reqRows > 0, `${reqRows} requirement(s)`);
    await shot("05-guarantors.png");
  }
  await page.click("#tab-feeds");
  const feedRows = await page.$$eval("#panel-feeds tbody tr", (r) => r.length);
  check("feed health lists the demo's feeds", feedRows > 0, `${feedRows} feed(s)`);
  await shot("06-feeds.png");
  check("no script errors in the page", pageErrors.length === 0, pageErrors.slice(0, 3).join(" | "));

  // A party files a dispute from the detail panel: appended as a new
  // revision, which comes back on the live stream.
  const partyToken = await createToken(["--role", "party", "--name", "e2e-party", "--party", "B"]);
  check("truce token create gives a party token", partyToken !== null);
  const party = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  party.setDefaultTimeout(STEP_MS);
  await party.goto(`${dashboard}#token=${partyToken}`);
  await party.waitForSelector("body[data-ready=true]");
  const row = party.locator(`#incident-list [role=option][data-id="${liveId}"]`);
  await row.click();
  // Loaded, or an error the panel shows: say which.
  await party.waitForSelector("#detail[data-state=loaded] #dispute-reason, #detail[data-state=error]")
    .catch(async (e) => {
      await party.screenshot({ path: join(artifacts, "99-party-failure.png") });
      const state = await party.evaluate(() => {
        const d = document.getElementById("detail");
        return `detail ${d.dataset.id ?? "(none)"} ${d.dataset.state ?? "(closed)"}; stream ${document.getElementById("stream-state").textContent}`;
      });
      throw new Error(`the party's detail did not load: ${state}; ${e.message.split("\n")[0]}`);
    });
  if (await party.$("#detail[data-state=error]")) {
    throw new Error(`the party's detail failed: ${await party.textContent("#detail")}`);
  }
  await party.fill("#dispute-reason", "e2e: the unit seen was not ours");
  // When the POST is answered (for the log when the step fails).
  const t0 = Date.now();
  let posted = "not answered";
  party.on("response", (r) => {
    if (r.request().method() === "POST" && r.url().includes("/disputes")) posted = `HTTP ${r.status()} after ${Date.now() - t0} ms`;
  });
  await party.click("#detail form.dispute button[type=submit]");
  // Until the disputed revision shows, or the form reports an error.
  const disputed = await party.waitForFunction(() => {
    const shown = [...document.querySelectorAll("#detail .revisions tbody tr td:nth-child(2)")].some((td) => td.textContent === "disputed");
    const status = document.querySelector("#detail form.dispute [role=status]")?.textContent ?? "";
    if (shown) return "shown";
    return status && status !== "Sending…" && status !== "Dispute recorded." ? status : null;
  }, undefined, { timeout: STEP_MS }).then((h) => h.jsonValue(), (e) => `timed out (${e.message.split("\n")[0]})`);
  if (disputed !== "shown") await party.screenshot({ path: join(artifacts, "99-dispute-failure.png") });
  check("a party's dispute appears as a new revision in the detail", disputed === "shown", `${disputed}; POST ${posted}`);
  await party.waitForFunction((id) =>
    [...document.querySelectorAll("#incident-list [role=option]")].some(
      (r) => r.dataset.id === id && r.querySelector(".status")?.textContent === "disputed"), liveId, { timeout: STEP_MS });
  check("the disputed revision reaches the list live", true);
  await party.screenshot({ path: join(artifacts, "07-dispute.png") });
  await party.close();

  // Without a token: the public view loads and says what needs a token.
  const pub = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  pub.setDefaultTimeout(STEP_MS);
  const pubErrors = [];
  pub.on("pageerror", (e) => pubErrors.push(e.message));
  // 401 is expected for what needs a token; anything else is reported.
  pub.on("response", (r) => {
    if (r.status() >= 400 && r.status() !== 401) pubErrors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
  });
  await pub.goto(dashboard);
  await pub.waitForSelector("body[data-ready=true]");
  await pub.click("#tab-feeds");
  const pubFeeds = await pub.textContent("#panel-feeds");
  check("the public view says which views need a token", /needs a token/.test(pubFeeds ?? ""), (pubFeeds ?? "").slice(0, 80));
  // The public sees published incidents only: one it opens is proven
  // against a signed checkpoint, never "not yet in a checkpoint".
  const pubRows = await pub.waitForSelector("#incident-list [role=option]").then(() => true, () => false);
  if (!pubRows) {
    await pub.screenshot({ path: join(artifacts, "99-public-failure.png") });
    throw new Error(`the public list stayed empty; toast: ${await pub.textContent("#toast")}; ${pubErrors.join(" | ")}`);
  }
  await pub.locator("#incident-list [role=option]").first().click();
  await pub.waitForSelector("#detail[data-state=loaded] .proof");
  const pubDetail = await pub.evaluate(async () => {
    const cp = await (await fetch("/api/checkpoint")).json();
    const indexes = [...document.querySelectorAll("#detail .revisions tbody tr td:nth-child(5)")].map((td) => Number(td.textContent));
    return { size: cp.size, indexes, proof: document.querySelector("#detail .proof")?.dataset.status };
  });
  // Published: every revision shown is in the log below the checkpoint's size
  // (checkpoints only grow, so reading it after the detail is safe).
  check("an incident the public opens shows only revisions a checkpoint covers",
        pubDetail.indexes.length > 0 && pubDetail.indexes.every((i) => Number.isInteger(i) && i < pubDetail.size),
        `log indexes ${pubDetail.indexes.join(",")} < checkpoint size ${pubDetail.size}`);
  check("its proof does not fail", pubDetail.proof !== "failed", pubDetail.proof ?? "");
  check("the public view has no script errors", pubErrors.length === 0, pubErrors.slice(0, 3).join(" | "));
  await pub.screenshot({ path: join(artifacts, "08-public.png") });
  await pub.close();
} catch (e) {
  failures++;
  console.log(`FAIL ${e.message}`);
  await shot("99-failure.png").catch(() => undefined);
} finally {
  await browser.close();
  const exit = await stopServer();
  check("truce serve stops cleanly on SIGTERM", exit.code === 0, JSON.stringify(exit));
  serveLog.end();
  rmSync(data, { recursive: true, force: true });
}
console.log(`screenshots: ${artifacts}`);
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
