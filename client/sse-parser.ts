/** Receives the fields of an event stream as they come, and each blank line (the end of an event). */
export interface SseHandlers {
  field(name: string, value: string): void;
  blankLine(): void;
}

/**
 * Splits decoded chunks of an event stream into fields and blank lines: CR, LF or CRLF ends a line
 * (a CRLF may be split across chunks), a leading `:` marks a comment, a leading BOM is dropped.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export function createSseParser(handlers: SseHandlers): (chunk: string) => void {
  let buffer = '';
  let started = false;
  let skipLineFeed = false;
  return (chunk) => {
    let text = skipLineFeed && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    if (!started && text.length > 0) { text = text.replace(/^\uFEFF/, ''); started = true; }
    skipLineFeed = text.endsWith('\r');
    buffer += text;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') handlers.blankLine();
      else if (!line.startsWith(':')) fieldOf(line, handlers);
    }
  };
}

function fieldOf(line: string, handlers: SseHandlers): void {
  const colon = line.indexOf(':');
  if (colon < 0) return handlers.field(line, '');
  const value = line.slice(colon + 1);
  handlers.field(line.slice(0, colon), value.startsWith(' ') ? value.slice(1) : value);
}
