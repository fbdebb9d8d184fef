import { describe, expect, it } from 'vitest';
import { fileNameFromContentDisposition, fileNameFromUrl, sanitizeFileName } from '../../../adapters/providers/file-name.ts';
import { fetchFailureReason, retryAfterMs } from '../../../adapters/providers/http-outcomes.ts';
import { storableText } from '../../../adapters/providers/text.ts';

const now = new Date('2025-03-01T10:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['delay seconds', '120', 120_000],
    ['zero', '0', 0],
    ['an HTTP date ahead', 'Sat, 01 Mar 2025 10:01:30 GMT', 90_000],
    ['an HTTP date passed', 'Sat, 01 Mar 2025 09:00:00 GMT', 0],
    ['an absurd delay, capped at a day', '99999999', 86_400_000],
    ['nothing', null, 5_000],
    ['garbage', 'soon', 5_000],
    ['a negative number', '-5', 5_000],
  ])('reads %s', (_name, header, ms) => {
    expect(retryAfterMs(header, now, 5_000)).toBe(ms);
  });
});

describe('fetchFailureReason', () => {
  it('names time-outs and network codes from the cause chain, never the message', () => {
    const timeout = new Error('[POST] "https://x/?token=secret": <no response>', { cause: new DOMException('t', 'TimeoutError') });
    expect(fetchFailureReason(timeout)).toBe('timed out');
    const refused = new Error('fetch failed https://x/?token=secret', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(fetchFailureReason(refused)).toBe('network error (ECONNREFUSED)');
    expect(fetchFailureReason('weird')).toBe('network error');
  });
});

describe('file names', () => {
  it.each([
    ['a/b/c.txt', 'c.txt'], ['..', null], ['...', null], ['', null], [null, null], ['tab\tname.txt', 'tabname.txt'],
  ])('sanitises %j to %j', (name, expected) => {
    expect(sanitizeFileName(name)).toBe(expected);
  });

  it('cuts names to 255 characters, never inside an emoji', () => {
    expect(sanitizeFileName('x'.repeat(300))).toBe('x'.repeat(255));
    expect(sanitizeFileName('🙂'.repeat(300))).toBe('🙂'.repeat(255));
  });

  it.each([
    ['https://x.example/a/report%202024.pdf', 'report 2024.pdf'],
    ['https://x.example/a/b/', 'b'],
    ['https://x.example/', null],
    ['https://x.example/%2e%2e%2fetc%2fpasswd', 'passwd'],
    ['https://x.example/100%.png', '100%.png'],
    ['not a url', null],
  ])('names %s %j', (url, expected) => {
    expect(fileNameFromUrl(url)).toBe(expected);
  });

  it.each([
    ['attachment; filename="a \\"b\\".txt"', 'a "b".txt'],
    ['inline; filename=plain.txt', 'plain.txt'],
    ["attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf; filename=\"rates.pdf\"", '€ rates.pdf'],
    ['attachment; filename="../../x.sh"', 'x.sh'],
    ['attachment', null],
    [null, null],
  ])('reads Content-Disposition %j as %j', (header, expected) => {
    expect(fileNameFromContentDisposition(header)).toBe(expected);
  });
});

describe('storableText', () => {
  it('replaces what PostgreSQL text cannot hold, and nothing else', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('\uDC00x\uD800')).toBe('\uFFFDx\uFFFD');
    expect(storableText('ok 👍 \u00e9')).toBe('ok 👍 \u00e9');
  });
});
