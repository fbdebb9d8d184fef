import { describe, expect, it, onTestFinished } from 'vitest';
import { createTelegramProvider } from '../../../../adapters/providers/telegram/index.ts';
import { botError, startFakeTelegram } from '../../../support/fake-telegram.ts';
import { attachmentAt, providerOptions } from '../custom-fixtures.ts';
import { BOT_TOKEN, telegramChannel, telegramSettings } from './fixtures.ts';

const MB = 1024 * 1024;

async function setUp() {
  const fake = await startFakeTelegram(BOT_TOKEN);
  onTestFinished(() => fake.close());
  const loader = createTelegramProvider(providerOptions()).attachments!;
  const channel = telegramChannel(telegramSettings(fake.baseUrl));
  const load = (fileId: string, init: { mimeType?: string; fileSize?: number } = {}, maxBytes = 5 * MB) =>
    loader.load(channel, Object.assign(attachmentAt(fileId, { type: 'file' }), init), maxBytes);
  return { fake, load };
}

describe('Telegram attachment loader', () => {
  it('asks getFile for the path, then downloads from /file/bot<token>/<file_path>', async () => {
    const { fake, load } = await setUp();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 9]);
    const fileId = fake.addFile({ bytes, path: 'photos/file_7.jpg', contentType: 'image/jpeg' });
    expect(await load(fileId)).toEqual({ kind: 'loaded', bytes, mimeType: 'image/jpeg', fileName: 'file_7.jpg' });
    expect(fake.calls.map((c) => [c.method, c.params])).toEqual([['getFile', { file_id: fileId }]]);
    expect(fake.downloads).toEqual(['photos/file_7.jpg']);
  });

  it('keeps the type the message named when the file server names none', async () => {
    const { fake, load } = await setUp();
    const fileId = fake.addFile({ bytes: new Uint8Array([1, 2]), path: 'voice/file_3.oga' });
    expect(await load(fileId, { mimeType: 'audio/ogg' })).toMatchObject({ kind: 'loaded', mimeType: 'audio/ogg', fileName: 'file_3.oga' });
  });

  it('records files over the bots\' 20 MB as not downloadable, from the message\'s size or getFile\'s refusal, without retrying', async () => {
    const { fake, load } = await setUp();
    expect(await load('any', { fileSize: 20 * MB + 1 })).toEqual({ kind: 'not_downloadable', reason: expect.stringContaining('at most 20971520 bytes (20 MB); this one is 20971521 bytes') });
    expect(fake.calls).toEqual([]);
    const big = fake.addFile({ size: 25 * MB, path: 'videos/file_9.mp4' });
    expect(await load(big)).toEqual({ kind: 'not_downloadable', reason: 'Telegram error 400: Bad Request: file is too big' });
    expect(fake.downloads).toEqual([]);
  });

  it('refuses a file over the service\'s own limit, and one Telegram does not know', async () => {
    const { fake, load } = await setUp();
    const fileId = fake.addFile({ bytes: new Uint8Array(2048), path: 'documents/file_1.bin' });
    expect(await load(fileId, {}, 1024)).toMatchObject({ kind: 'not_downloadable', reason: expect.stringContaining('over the limit of 1024 bytes') });
    expect(await load('no-such-file')).toEqual({ kind: 'not_downloadable', reason: 'Telegram error 400: Bad Request: invalid file_id' });
  });

  it('retries flood control, a file "temporarily unavailable" and a 5xx', async () => {
    const { fake, load } = await setUp();
    fake.rateLimitNext(3);
    expect(await load('x')).toEqual({ kind: 'retry', afterMs: 3000, reason: 'Telegram error 429: Too Many Requests: retry after 3' });
    fake.answerNext(botError(400, 'Bad Request: wrong file_id or the file is temporarily unavailable'));
    expect(await load('x')).toMatchObject({ kind: 'retry' });
    fake.failNext();
    expect(await load('x')).toMatchObject({ kind: 'retry', reason: expect.stringContaining('502') });
  });

  it('says nothing of the token when the download fails', async () => {
    const { fake, load } = await setUp();
    const fileId = fake.addFile({ path: 'documents/gone.pdf' }); // getFile knows it, the file server does not
    const outcome = await load(fileId);
    expect(outcome).toEqual({ kind: 'not_downloadable', reason: 'HTTP 404' });
    expect(JSON.stringify(outcome)).not.toContain(BOT_TOKEN);
  });
});
