import { describe, expect, it, onTestFinished } from 'vitest';
import { createTelegramProvider } from '../../../../adapters/providers/telegram/index.ts';
import { botError, startFakeTelegram } from '../../../support/fake-telegram.ts';
import { providerOptions } from '../custom-fixtures.ts';
import { BOT_TOKEN, SECRET_TOKEN, telegramChannel, telegramSettings } from './fixtures.ts';

const HOOK = 'https://switchboard.example/webhooks/telegram/01900000-0000-7000-8000-000000000002';

async function setUp(webhookUrl?: string) {
  const fake = await startFakeTelegram(BOT_TOKEN);
  onTestFinished(() => fake.close());
  const connector = createTelegramProvider(providerOptions({ webhookUrl: () => webhookUrl })).connector!;
  const channel = (settings = telegramSettings(fake.baseUrl)) => telegramChannel(settings);
  return { fake, connector, channel };
}

describe('Telegram connector', () => {
  it('checks the token with getMe and registers the webhook with the secret token and the updates it needs', async () => {
    const { fake, connector, channel } = await setUp(HOOK);
    expect(await connector.connect(channel())).toEqual({ ok: true, detail: 'webhook registered as @switchboard_test_bot' });
    expect(fake.calls.map((c) => c.method)).toEqual(['getMe', 'setWebhook']);
    expect(fake.webhook).toEqual({ url: HOOK, secret_token: SECRET_TOKEN, allowed_updates: ['message', 'edited_message', 'callback_query'] });
    await connector.disconnect(channel());
    expect(fake.calls.at(-1)?.method).toBe('deleteWebhook');
    expect(fake.webhook).toEqual({});
  });

  it('only checks the token when the service has no public URL', async () => {
    const { fake, connector, channel } = await setUp();
    expect(await connector.connect(channel())).toEqual({ ok: true, detail: expect.stringMatching(/^the token works \(@switchboard_test_bot\); no webhook registered/) });
    expect(fake.calls.map((c) => c.method)).toEqual(['getMe']);
  });

  it('reports a refused token, a refused webhook and an unreachable API, never quoting the token', async () => {
    const { fake, connector, channel } = await setUp('http://switchboard.example/hook');
    const wrong = { ...telegramSettings(fake.baseUrl), botToken: '123:revoked-token' };
    expect(await connector.connect(channel(wrong))).toEqual({ ok: false, detail: 'the bot token was refused' });
    expect(await connector.connect(channel())).toEqual({
      ok: false, detail: 'the token works (@switchboard_test_bot), but setWebhook failed: Telegram error 400: Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    });
    fake.answerNext(botError(500, 'Internal Server Error'), botError(500, 'Internal Server Error'));
    expect(await connector.connect(channel())).toEqual({ ok: false, detail: 'the bot token could not be checked: Telegram error 500: Internal Server Error' });
    await expect(connector.disconnect(channel())).rejects.toThrow('deleteWebhook failed: Telegram error 500: Internal Server Error');
    await fake.close();
    const unreachable = await connector.connect(channel());
    expect(unreachable).toMatchObject({ ok: false, detail: expect.stringMatching(/^the bot token could not be checked: Telegram could not be reached/) });
    expect(JSON.stringify(unreachable)).not.toContain(BOT_TOKEN);
  });
});
