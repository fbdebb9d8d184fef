import { describe, expect, it, onTestFinished } from 'vitest';
import type { OutboundRequest } from '../../../../application/ports/outbound-sender.ts';
import { createTelegramProvider } from '../../../../adapters/providers/telegram/index.ts';
import type { ProviderOptions } from '../../../../adapters/providers/provider-module.ts';
import { botError, startFakeTelegram, type FakeTelegram } from '../../../support/fake-telegram.ts';
import { attachmentAt, outgoingMessage, providerOptions } from '../custom-fixtures.ts';
import { ADA, BOT_TOKEN, telegramChannel, telegramSettings } from './fixtures.ts';

async function setUp(options: Partial<ProviderOptions> = {}) {
  const fake = await startFakeTelegram(BOT_TOKEN);
  onTestFinished(() => fake.close());
  fake.addUser({ id: ADA.id, first_name: 'Ada' });
  const sender = createTelegramProvider(providerOptions(options)).sender!;
  const send = (text: string, attachments: OutboundRequest['attachments'] = [], settings = telegramSettings(fake.baseUrl), recipientId = String(ADA.id)) =>
    sender.send({ channel: telegramChannel(settings), recipientId, message: outgoingMessage(text), attachments });
  return { fake, send };
}

const withBytes = (type: 'image' | 'file', fileName: string, bytes: Uint8Array, mimeType: string) =>
  Object.assign(attachmentAt(null, { type, fileName }), { mimeType, bytes });
const lastCall = (fake: FakeTelegram) => fake.calls.at(-1)!;

describe('Telegram sender', () => {
  it('sends a text with sendMessage to the private chat and reports Telegram\'s message id', async () => {
    const { fake, send } = await setUp();
    expect(await send('Hello Ada')).toEqual({ kind: 'sent', externalId: '1' });
    expect(fake.calls.map((c) => [c.method, c.params])).toEqual([['sendMessage', { chat_id: String(ADA.id), text: 'Hello Ada' }]]);
  });

  it('uploads an image with sendPhoto (multipart), the text as its caption; a file with sendDocument', async () => {
    const { fake, send } = await setUp();
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect(await send('Your receipt', [withBytes('image', 'receipt.jpg', jpeg, 'image/jpeg')])).toMatchObject({ kind: 'sent' });
    expect(lastCall(fake)).toMatchObject({ method: 'sendPhoto', params: { chat_id: String(ADA.id), caption: 'Your receipt' }, uploads: { photo: { fileName: 'receipt.jpg', type: 'image/jpeg', bytes: jpeg } } });
    const pdf = new TextEncoder().encode('%PDF-1.4');
    expect(await send('', [withBytes('file', 'terms.pdf', pdf, 'application/pdf')])).toMatchObject({ kind: 'sent' });
    expect(lastCall(fake)).toMatchObject({ method: 'sendDocument', params: { chat_id: String(ADA.id) }, uploads: { document: { fileName: 'terms.pdf', bytes: pdf } } });
    expect(lastCall(fake).params).not.toHaveProperty('caption');
  });

  it('sends a file by the URL the service gives when there are no bytes, and refuses one it has no way to send', async () => {
    const url = 'https://switchboard.example/files/f-1?sig=abc';
    const { fake, send } = await setUp({ fileUrl: () => url });
    expect(await send('look', [attachmentAt(null, { type: 'image' })])).toMatchObject({ kind: 'sent' });
    expect(lastCall(fake)).toMatchObject({ method: 'sendPhoto', params: { photo: url, caption: 'look' } });
    const bare = await setUp();
    expect(await bare.send('look', [attachmentAt(null, { type: 'file' })])).toEqual({ kind: 'rejected', reason: expect.stringContaining('neither bytes to upload nor a URL') });
    expect(bare.fake.calls).toEqual([]);
  });

  it('sends a text too long for a caption first, then the file without one', async () => {
    const { fake, send } = await setUp();
    const text = 'x'.repeat(1025);
    expect(await send(text, [withBytes('file', 'a.txt', new Uint8Array([1]), 'text/plain')])).toEqual({ kind: 'sent', externalId: '1' });
    expect(fake.calls.map((c) => [c.method, c.params.caption])).toEqual([['sendMessage', undefined], ['sendDocument', undefined]]);
  });

  it('refuses a message with nothing to send, without calling Telegram', async () => {
    const { fake, send } = await setUp();
    expect(await send('   ')).toEqual({ kind: 'rejected', reason: 'the message has neither text nor an attachment' });
    expect(fake.calls).toEqual([]);
  });

  it.each([
    ['a blocked bot', (f: FakeTelegram) => f.block(ADA.id), 'Telegram error 403: Forbidden: bot was blocked by the user'],
    ['an unknown chat', (f: FakeTelegram) => f.answerNext(botError(400, 'Bad Request: chat not found')), 'Telegram error 400: Bad Request: chat not found'],
    ['a revoked token', (f: FakeTelegram) => f.answerNext(botError(401, 'Unauthorized')), 'Telegram error 401: Unauthorized'],
  ])('rejects when Telegram refuses (%s) with its description', async (_name, script, reason) => {
    const { fake, send } = await setUp();
    script(fake);
    expect(await send('hi')).toEqual({ kind: 'rejected', reason });
  });

  it('retries flood control after retry_after, a 5xx and an unreachable API after the configured delay', async () => {
    const { fake, send } = await setUp({ retryDelayMs: 15_000 });
    fake.rateLimitNext(35);
    expect(await send('hi')).toEqual({ kind: 'retry', afterMs: 35_000, reason: 'Telegram error 429: Too Many Requests: retry after 35' });
    fake.failNext();
    expect(await send('hi')).toEqual({ kind: 'retry', afterMs: 15_000, reason: expect.stringContaining('Telegram error 502: HTTP 502 Bad Gateway') });
    fake.answerNext(botError(500, 'Internal Server Error'));
    expect(await send('hi')).toMatchObject({ kind: 'retry', afterMs: 15_000 });
    const { baseUrl } = fake;
    await fake.close();
    expect(await send('hi', [], telegramSettings(baseUrl))).toEqual({ kind: 'retry', afterMs: 15_000, reason: expect.stringMatching(/^Telegram could not be reached: network error/) });
  });

  it('never puts the bot token in a reason, even when an answer quotes it', async () => {
    const { fake, send } = await setUp();
    fake.answerNext(botError(400, `Bad Request: wrong token ${BOT_TOKEN} in /bot${BOT_TOKEN}/sendMessage`));
    const outcome = await send('hi');
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'Telegram error 400: Bad Request: wrong token <token> in /bot<token>/sendMessage' });
    const wrong = await send('hi', [], { ...telegramSettings(fake.baseUrl), botToken: '123:wrong-token' });
    expect(wrong).toEqual({ kind: 'rejected', reason: 'Telegram error 401: Unauthorized' });
    expect(JSON.stringify([outcome, wrong])).not.toMatch(/AAH-fake|wrong-token/);
  });
});
