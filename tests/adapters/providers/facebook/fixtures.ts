import type { InboundEvent } from '../../../../application/inbound/inbound-event.ts';
import { Channel, type ChannelSettings } from '../../../../domain/channel.ts';
import type { ChannelId, ChatId, MessageId, QueueId } from '../../../../domain/ids.ts';
import { Message } from '../../../../domain/message.ts';
import { createFacebookProvider, signFacebookBody } from '../../../../adapters/providers/facebook/index.ts';
import type { ProviderOptions, WebhookRequest } from '../../../../adapters/providers/provider-module.ts';

/** The Page of the test channel (its `source`), a person who writes to it, and the channel's secrets. */
export const PAGE_ID = '682498302938465';
export const PSID = '1254477777772919';
export const PAGE_TOKEN = 'EAAGm0PX4ZCpsBAFakePageAccessToken0123456789';
export const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const VERIFY_TOKEN = 'paste-me-in-the-meta-dashboard';

/** The instant the providers' clock shows in these tests. */
export const NOW = new Date('2025-03-01T10:00:00.000Z');

/** Provider options with a fixed clock and short, generous-enough limits. */
export const providerOptions = (overrides: Partial<ProviderOptions> = {}): ProviderOptions => ({
  timeoutMs: 5_000, retryDelayMs: 15_000, clock: { now: () => NOW }, ...overrides,
});

/** Valid settings, pointed at a fake Graph API when `apiBaseUrl` is given. */
export const facebookSettings = (apiBaseUrl?: string): Record<string, unknown> => ({
  pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, ...(apiBaseUrl ? { apiBaseUrl } : {}),
});

/** A Facebook channel of the test Page. */
export const facebookChannel = (settings: ChannelSettings = facebookSettings(), source = PAGE_ID): Channel => new Channel({
  id: '01900000-0000-7000-8000-0000000000f1' as ChannelId, name: 'Shop Page', provider: 'facebook', source,
  queueId: '01900000-0000-7000-8000-0000000000aa' as QueueId, settings, createdAt: NOW,
});

/** The provider under test. */
export const provider = (options: Partial<ProviderOptions> = {}) => createFacebookProvider(providerOptions(options));

/** The UTF-8 bytes of a text. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The request Meta sends for this body: signed over its exact bytes. */
export const signed = (body: string, secret = APP_SECRET): WebhookRequest =>
  ({ headers: new Headers({ 'x-hub-signature-256': signFacebookBody(secret, utf8(body)) }), rawBody: utf8(body) });

/** A Page webhook with these messaging events in one entry of the test Page. */
export const webhook = (...messaging: unknown[]) => ({ object: 'page', entry: [{ id: PAGE_ID, time: 1458692752478, messaging }] });

/** An event from the person to the Page, as the docs show them. */
export const fromPerson = (fields: Record<string, unknown>, timestamp = 1458692752478) =>
  ({ sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp, ...fields });

/** An event from the Page to the person (echoes). */
export const fromPage = (fields: Record<string, unknown>, timestamp = 1457764197627) =>
  ({ sender: { id: PAGE_ID }, recipient: { id: PSID }, timestamp, ...fields });

/** The events a body parses into; fails the test when it does not parse. */
export function eventsOf(body: unknown): readonly InboundEvent[] {
  const parsed = provider().parse(facebookChannel(), body, signed(JSON.stringify(body)));
  if (!parsed.ok) throw new Error(`expected the webhook to parse: ${parsed.message}`);
  return parsed.events;
}

/** An outgoing message an agent wrote. */
export const outgoingMessage = (text = 'Hello from support'): Message => new Message({
  id: '01900000-0000-7000-8000-0000000000e1' as MessageId, chatId: '01900000-0000-7000-8000-0000000000c1' as ChatId,
  channelId: facebookChannel().id, direction: 'outgoing', type: 'text', text, externalId: null, idempotencyKey: null,
  senderExternalId: null, sentAt: NOW, createdAt: NOW,
});
