import { Hono, type Context } from 'hono';
import type { Deps } from '../../application/deps.ts';
import { handleInboundEvent, type EventOutcome } from '../../application/inbound/handle-inbound-event.ts';
import type { InboundEvent } from '../../application/inbound/inbound-event.ts';
import type { Channel } from '../../domain/channel.ts';
import type { ChannelId } from '../../domain/ids.ts';
import type { WebhookProvider, WebhookRequest } from '../providers/provider-module.ts';
import { limitBody } from './body-limit.ts';
import type { ChannelCache } from './channel-cache.ts';
import { httpError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** What the webhook routes need. */
export interface WebhookOptions {
  readonly deps: Pick<Deps, 'transaction' | 'arrivals' | 'clock' | 'ids' | 'events' | 'providers'>;
  readonly providers: (name: string) => WebhookProvider | undefined;
  readonly bodyLimitBytes: number;
  /** Where channels are looked up (default: a read per request). */
  readonly channels?: ChannelCache | undefined;
  /** Told about events skipped because no active channel of ours has their recipient. */
  readonly onSkipped?: ((provider: string, source: string) => void) | undefined;
}

/**
 * `POST /webhooks/:provider/:channelId`: size limit (413) -> channel (404) -> JSON type (415) ->
 * signature over the raw bytes (401) -> payload (400) -> stored, then 200. Nothing is stored
 * before every check passed, and 200 means committed.
 * `GET /webhooks/:provider/:channelId`: the subscription handshake of providers that have one.
 */
export function webhookRoutes(options: WebhookOptions): Hono {
  const tooLarge = () => { throw httpError(413, 'PAYLOAD_TOO_LARGE', `the body is over ${options.bodyLimitBytes} bytes`); };
  return new Hono()
    .get('/webhooks/:provider/:channelId', async (c) => {
      const { provider, channel } = await target(options, c, true);
      const challenge = provider.handshake?.(channel, new URL(c.req.url).searchParams);
      if (challenge === undefined) return c.text('verification failed', 403);
      return c.text(challenge, 200);
    })
    .post('/webhooks/:provider/:channelId', limitBody(options.bodyLimitBytes, tooLarge), async (c) => {
      const { provider, channel } = await target(options, c);
      if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) throw httpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
      const request: WebhookRequest = { headers: c.req.raw.headers, rawBody: new Uint8Array(await c.req.arrayBuffer()) };
      if (!(await provider.verify(channel, request))) throw httpError(401, 'INVALID_SIGNATURE', 'the signature or secret is missing or wrong');
      const parsed = provider.parse(channel, parseJson(request.rawBody), request);
      if (!parsed.ok) throw httpError(400, 'INVALID_PAYLOAD', parsed.message);
      const outcomes: EventOutcome[] = [];
      for (const event of parsed.events) outcomes.push(await handle(options, provider, channel, request, event));
      const reply = provider.replyTo?.(parsed.events);
      if (reply) return c.json(reply);
      return c.json({
        status: 'accepted',
        messages: outcomes.flatMap((o) => (o.kind === 'message' ? [{ id: o.messageId, duplicate: o.duplicate }] : [])),
      });
    });
}

async function target(options: WebhookOptions, c: Context, handshake = false): Promise<{ provider: WebhookProvider; channel: Channel }> {
  const provider = options.providers(c.req.param('provider') ?? '');
  if (!provider) throw httpError(404, 'UNKNOWN_PROVIDER', `no provider is called ${c.req.param('provider')}`);
  if (handshake && !provider.handshake) throw httpError(404, 'NOT_FOUND', `${provider.name} webhooks have no subscription handshake`);
  const channelId = c.req.param('channelId') ?? '';
  const channel = UUID.test(channelId) ? await channelById(options, channelId as ChannelId) : undefined;
  if (!channel || !channel.isActive || channel.provider !== provider.name) {
    throw httpError(404, 'CHANNEL_NOT_FOUND', `no active ${provider.name} channel ${channelId}`);
  }
  return { provider, channel };
}

const channelById = (options: WebhookOptions, id: ChannelId): Promise<Channel | undefined> =>
  options.channels ? options.channels.get(id) : options.deps.transaction.read(({ channels }) => channels.find(id));

/** Handles one event on the channel it is for: the URL's, or (Meta batches) the active channel with its recipient. */
async function handle(options: WebhookOptions, provider: WebhookProvider, urlChannel: Channel, request: WebhookRequest, event: InboundEvent): Promise<EventOutcome> {
  const channel = await channelFor(options, provider, urlChannel, request, event.source);
  if (!channel) {
    options.onSkipped?.(provider.name, event.source ?? '');
    return { kind: 'ignored' };
  }
  return handleInboundEvent(options.deps, channel, event);
}

async function channelFor(options: WebhookOptions, provider: WebhookProvider, urlChannel: Channel, request: WebhookRequest, source: string | undefined): Promise<Channel | undefined> {
  if (source === undefined || source === urlChannel.source) return urlChannel;
  const other = await options.deps.transaction.run(({ channels }) => channels.findActiveBySource(provider.name, source));
  // The request was signed with the URL channel's secret; another channel takes it only if its own secret signs it too.
  return other && (await provider.verify(other, request)) ? other : undefined;
}

function parseJson(rawBody: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch {
    throw httpError(400, 'INVALID_JSON', 'the body is not valid UTF-8 JSON');
  }
}
