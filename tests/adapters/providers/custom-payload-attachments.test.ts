import { describe, expect, it } from 'vitest';
import { parseCustomWebhook } from '../../../adapters/providers/custom/index.ts';
import { customChannel, messageOf, utf8 } from './custom-fixtures.ts';

const base = { id: 'm-1', message: '', sender: 'user-7', recipient: 'shop-bot', timestamp: '2024-05-01T12:00:00Z' };
const file = (fileType: string, extra: Record<string, unknown> = {}) => ({ uploadUrl: 'https://cdn.example.com/f/1', fileType, ...extra });

function parse(body: unknown) {
  const text = JSON.stringify(body);
  return parseCustomWebhook(customChannel(), JSON.parse(text), { headers: new Headers(), rawBody: utf8(text) });
}

function parseOne(body: unknown) {
  const result = parse(body);
  if (!result.ok) throw new Error(`expected a valid payload, got: ${result.message}`);
  return messageOf(result.events[0]);
}

describe('custom payload: attachments', () => {
  it.each([
    ['Image', 'image'], ['Video', 'video'], ['Audio', 'audio'], ['File', 'file'],
    ['photo', 'image'], ['Voice', 'voice'], ['Sticker', 'sticker'], ['hologram', 'file'],
  ])('maps fileType %s to %s, and types the message by it', (fileType, type) => {
    const message = parseOne({ ...base, attachments: [file(fileType)] });
    expect(message.type).toBe(type);
    expect(message.attachments).toEqual([{ type, sourceRef: 'https://cdn.example.com/f/1', fileName: undefined }]);
  });

  it('types the message by its first attachment and keeps them all, in order', () => {
    const message = parseOne({
      ...base, message: 'see these',
      attachments: [file('Video', { uploadUrl: 'http://a.example/v.mp4' }), file('Image', { uploadUrl: 'https://b.example/i.png' })],
    });
    expect(message.type).toBe('video');
    expect(message.text).toBe('see these');
    expect(message.attachments.map((a) => [a.type, a.sourceRef])).toEqual([['video', 'http://a.example/v.mp4'], ['image', 'https://b.example/i.png']]);
  });

  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\photo.jpg', 'photo.jpg'],
    ['.hidden', 'hidden'],
    ['na\u0000me\u0007.txt', 'na\uFFFDme.txt'],
    ['   ', undefined],
    [null, undefined],
  ])('sanitises fileName %j to %j', (fileName, expected) => {
    expect(parseOne({ ...base, attachments: [file('File', { fileName })] }).attachments[0]?.fileName).toBe(expected);
  });

  it('treats null or empty attachments as none', () => {
    expect(parseOne({ ...base, attachments: null }).type).toBe('text');
    expect(parseOne({ ...base, attachments: [] }).attachments).toEqual([]);
  });

  it('accepts 20 attachments', () => {
    expect(parseOne({ ...base, attachments: Array.from({ length: 20 }, () => file('File')) }).attachments).toHaveLength(20);
  });

  it.each([
    ['21 attachments', { attachments: Array.from({ length: 21 }, () => file('File')) }, 'attachments: must hold at most 20'],
    ['attachments that are not an array', { attachments: { uploadUrl: 'https://x' } }, 'attachments: must be an array'],
    ['an ftp URL', { attachments: [file('File', { uploadUrl: 'ftp://example.com/f' })] }, 'attachments.0.uploadUrl: must be an http(s) URL'],
    ['a relative URL', { attachments: [file('File', { uploadUrl: '/f/1' })] }, 'attachments.0.uploadUrl: must be an http(s) URL'],
    ['a javascript: URL', { attachments: [file('File', { uploadUrl: 'javascript:alert(1)' })] }, 'must be an http(s) URL'],
    ['no uploadUrl', { attachments: [{ fileType: 'File' }] }, 'attachments.0.uploadUrl: is required'],
    ['an empty fileType', { attachments: [file('')] }, 'attachments.0.fileType: must not be empty'],
    ['a numeric fileType', { attachments: [file('File', { fileType: 3 })] }, 'attachments.0.fileType: must be a string'],
    ['an attachment that is not an object', { attachments: ['https://x'] }, 'attachments.0: must be an object'],
  ])('rejects %s', (_name, extra, reason) => {
    const result = parse({ ...base, ...extra });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(reason);
  });
});
