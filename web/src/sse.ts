// A Server-Sent Events parser (the WHATWG event-stream format): text in, in
// chunks cut anywhere, messages out. Lines end in LF, CR or CRLF (a CR at a
// chunk's end waits for the next chunk); `data:` lines join with LF; lines
// starting with ':' are comments; a message without data is not dispatched.
// Pure and synchronous: unit-tested in test/sse.test.mjs.

export interface SseMessage {
  event: string;  // "message" when the stream names none
  id: string | null;  // the message's `id:`, if it had one
  data: string;
}

export class SseParser {
  private buffer = "";
  private event = "message";
  private id: string | null = null;
  private data: string[] = [];

  push(chunk: string): SseMessage[] {
    const out: SseMessage[] = [];
    this.buffer += chunk;
    const b = this.buffer;
    let start = 0;
    for (;;) {
      let nl = start;
      while (nl < b.length && b[nl] !== "\n" && b[nl] !== "\r") nl++;
      // No line end yet, or a CR that may be the first half of a CRLF.
      if (nl >= b.length || (b[nl] === "\r" && nl + 1 >= b.length)) break;
      const line = b.slice(start, nl);
      start = nl + (b[nl] === "\r" && b[nl + 1] === "\n" ? 2 : 1);
      this.line(line, out);
    }
    this.buffer = b.slice(start);
    return out;
  }

  private line(line: string, out: SseMessage[]): void {
    if (line === "") {
      if (this.data.length > 0) out.push({ event: this.event, id: this.id, data: this.data.join("\n") });
      this.event = "message";
      this.id = null;
      this.data = [];
      return;
    }
    if (line.startsWith(":")) return;  // comment / keep-alive
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
    else if (field === "id") this.id = value;
  }
}
