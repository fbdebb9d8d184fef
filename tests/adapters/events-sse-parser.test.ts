import { describe, expect, it } from 'vitest';
import { createSseParser } from '../../client/sse-parser.ts';

/** What the parser reports for a stream cut into these chunks: fields, and `|` for each blank line. */
function parse(...chunks: string[]): string[] {
  const seen: string[] = [];
  const feed = createSseParser({ field: (name, value) => seen.push(`${name}=${value}`), blankLine: () => seen.push('|') });
  for (const chunk of chunks) feed(chunk);
  return seen;
}

// The client's reading of an event stream, by the HTML spec's rules.
describe('SSE parser', () => {
  it('reads fields up to each blank line, with one leading space of a value dropped', () => {
    expect(parse('event: connected\ndata: {"a":1}\nid: 7\n\n')).toEqual(['event=connected', 'data={"a":1}', 'id=7', '|']);
    expect(parse('data:  two spaces\ndata\n\n')).toEqual(['data= two spaces', 'data=', '|']);
  });

  it('ends lines at CR, LF or CRLF, also when a CRLF or a line is split across chunks', () => {
    expect(parse('data: a\r\ndata: b\rdata: c\n\r\n')).toEqual(['data=a', 'data=b', 'data=c', '|']);
    expect(parse('data: a\r', '\ndata: b\r', '\n\r', '\n')).toEqual(['data=a', 'data=b', '|']);
    expect(parse('da', 'ta: spl', 'it\n', '\n')).toEqual(['data=split', '|']);
  });

  it('skips comments and a leading byte order mark; keeps what has no line end yet', () => {
    expect(parse('\uFEFF: keep-alive\nid: 1\n')).toEqual(['id=1']);
    expect(parse('data: unfinished')).toEqual([]);
  });
});
