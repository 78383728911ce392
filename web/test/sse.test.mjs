// Unit tests of the SSE parser (src/sse.ts, compiled by `npm test` into
// .test-build/). Node's own test runner; no browser.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SseParser } from "../.test-build/sse.js";

const all = (p, chunks) => chunks.flatMap((c) => p.push(c));

test("one message per blank line, with event, id and data", () => {
  const m = new SseParser().push('id: 7\nevent: incident\ndata: {"a":1}\n\n');
  assert.deepEqual(m, [{ event: "incident", id: "7", data: '{"a":1}' }]);
});

test("a message cut anywhere gives the same result", () => {
  const text = 'id: 12\nevent: track\ndata: {"subject":"mmsi:1"}\n\nid: 13\nevent: feed\ndata: {}\n\n';
  const whole = new SseParser().push(text);
  for (let cut = 0; cut <= text.length; cut++) {
    assert.deepEqual(all(new SseParser(), [text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
  }
  assert.deepEqual(all(new SseParser(), [...text]), whole, "one character at a time");
});

test("CR, LF and CRLF line ends, a CRLF split across chunks counted once", () => {
  const p = new SseParser();
  assert.deepEqual(all(p, ["data: a\r", "\ndata: a2\r\n\r\ndata: b\r\r", "data: c\n\n"]), [
    { event: "message", id: null, data: "a\na2" },
    { event: "message", id: null, data: "b" },
    { event: "message", id: null, data: "c" },
  ]);
  const crlf = "id: 1\r\nevent: feed\r\ndata: x\r\ndata: y\r\n\r\n";
  const whole = new SseParser().push(crlf);
  assert.deepEqual(whole, [{ event: "feed", id: "1", data: "x\ny" }]);
  for (let cut = 0; cut <= crlf.length; cut++) {
    assert.deepEqual(all(new SseParser(), [crlf.slice(0, cut), crlf.slice(cut)]), whole, `cut at ${cut}`);
  }
});

test("data lines join with LF; comments and unknown fields are ignored", () => {
  const m = new SseParser().push(": keep-alive\nretry: 5\ndata: line 1\ndata:line 2\nfoo: bar\n\n");
  assert.deepEqual(m, [{ event: "message", id: null, data: "line 1\nline 2" }]);
});

test("a message without data is not dispatched, and fields do not leak into the next", () => {
  const m = new SseParser().push("event: checkpoint\nid: 3\n\ndata: x\n\n");
  assert.deepEqual(m, [{ event: "message", id: null, data: "x" }]);
});

test("an unfinished message waits for its blank line", () => {
  const p = new SseParser();
  assert.deepEqual(p.push("event: incident\ndata: {}\n"), []);
  assert.deepEqual(p.push("\n"), [{ event: "incident", id: null, data: "{}" }]);
});
