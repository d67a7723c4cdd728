// Incremental text/event-stream parser (WHATWG rules, minus reconnection), shared by the widget
// and the route tests. Feed it decoded text in any chunking; it calls back once per complete event.

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface SseParser {
  push(text: string): void;
  /** Flush at end of stream; an event without its terminating blank line is dropped, as the spec says. */
  end(): void;
}

export function createSseParser(onEvent: (ev: SseEvent) => void): SseParser {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | undefined;

  const line = (l: string) => {
    if (l === "") {
      if (data.length > 0) onEvent({ event: event || "message", data: data.join("\n"), ...(id === undefined ? {} : { id }) });
      event = "";
      data = [];
      return;
    }
    if (l.startsWith(":")) return; // comment / heartbeat
    const colon = l.indexOf(":");
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? "" : l.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
  };

  return {
    push(text: string) {
      buffer += text;
      // A trailing "\r" may be the first half of "\r\n": keep it until the next chunk.
      const re = /\r\n|\r(?!$)|\n/g;
      let start = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(buffer)) !== null) {
        line(buffer.slice(start, m.index));
        start = m.index + m[0].length;
      }
      buffer = buffer.slice(start);
    },
    end() {
      // A held-back trailing "\r" was a line end after all.
      if (buffer.endsWith("\r")) line(buffer.slice(0, -1));
      buffer = "";
      event = "";
      data = [];
    },
  };
}

/** Parse a whole event-stream body at once (tests, non-streaming callers). */
export function parseSse(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  const p = createSseParser((e) => out.push(e));
  p.push(text);
  p.end();
  return out;
}
