import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from '../../application/deps.ts';
import { receiveInboundMessage } from '../../application/inbound/receive-inbound-message.ts';
import type { Channel } from '../../domain/channel.ts';
import type { ChannelId } from '../../domain/ids.ts';
import { httpError } from './errors.ts';
import type { WebhookProvider, WebhookRequest } from '../providers/provider-module.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** What the webhook routes need. */
export interface WebhookOptions {
  readonly deps: Pick<Deps, 'transaction' | 'clock' | 'ids' | 'events' | 'providers'>;
  readonly providers: (name: string) => WebhookProvider | undefined;
  readonly bodyLimitBytes: number;
}

/**
 * `POST /webhooks/:provider/:channelId`: size limit (413) -> channel (404) -> JSON type (415) ->
 * signature over the raw bytes (401) -> payload (400) -> stored, then 200. Nothing is stored
 * before every check passed, and 200 means committed.
 */
export function webhookRoutes(options: WebhookOptions): Hono {
  const tooLarge = () => { throw httpError(413, 'PAYLOAD_TOO_LARGE', `the body is over ${options.bodyLimitBytes} bytes`); };
  return new Hono().post('/webhooks/:provider/:channelId', bodyLimit({ maxSize: options.bodyLimitBytes, onError: tooLarge }), async (c) => {
    const provider = options.providers(c.req.param('provider'));
    if (!provider) throw httpError(404, 'UNKNOWN_PROVIDER', `no provider is called ${c.req.param('provider')}`);
    const channel = await activeChannel(options, provider.name, c.req.param('channelId'));
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) throw httpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
    const request: WebhookRequest = { headers: c.req.raw.headers, rawBody: new Uint8Array(await c.req.arrayBuffer()) };
    if (!(await provider.verify(channel, request))) throw httpError(401, 'INVALID_SIGNATURE', 'the signature or secret is missing or wrong');
    const parsed = provider.parse(channel, parseJson(request.rawBody), request);
    if (!parsed.ok) throw httpError(400, 'INVALID_PAYLOAD', parsed.message);
    const results = [];
    for (const message of parsed.messages) results.push(await receiveInboundMessage(options.deps, channel, message));
    return c.json({ status: 'accepted', messages: results.map((r) => ({ id: r.message.id, duplicate: r.duplicate })) });
  });
}

async function activeChannel(options: WebhookOptions, provider: string, channelId: string): Promise<Channel> {
  const channel = UUID.test(channelId)
    ? await options.deps.transaction.run(({ channels }) => channels.find(channelId as ChannelId))
    : undefined;
  if (!channel || !channel.isActive || channel.provider !== provider) {
    throw httpError(404, 'CHANNEL_NOT_FOUND', `no active ${provider} channel ${channelId}`);
  }
  return channel;
}

function parseJson(rawBody: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rawBody));
  } catch {
    throw httpError(400, 'INVALID_JSON', 'the body is not valid UTF-8 JSON');
  }
}
