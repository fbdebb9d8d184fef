import type * as v from 'valibot';
import type { InboundEvent } from '../../application/inbound/inbound-event.ts';
import type { ProviderModule } from '../../application/ports/provider.ts';
import type { Clock } from '../../application/ports/clock.ts';
import type { Attachment } from '../../domain/attachment.ts';
import type { Channel, ChannelSettings } from '../../domain/channel.ts';

/** A webhook request as providers see it: headers and the exact bytes that were signed. */
export interface WebhookRequest {
  readonly headers: Headers;
  readonly rawBody: Uint8Array;
}

/** What a provider made of a webhook's JSON: unified events (a webhook may carry several), or why it is malformed. */
export type ParsedWebhook =
  | { readonly ok: true; readonly events: readonly InboundEvent[] }
  | { readonly ok: false; readonly message: string };

/**
 * A provider module with its webhook side, as the HTTP and API edges use it. Verification is the
 * provider's business: an HMAC over the raw bytes (custom, Meta's X-Hub-Signature-256) or a
 * secret header (Telegram).
 */
export interface WebhookProvider extends ProviderModule {
  /** Validates a channel's settings for this provider (tRPC `channels.create | update`). */
  readonly settingsSchema: v.GenericSchema<unknown, ChannelSettings>;
  /** Settings that are secrets: never shown, never logged. */
  readonly secretSettingKeys: readonly string[];
  /** Settings an admin may see in the channel view (what they paste in a dashboard); every other one stays hidden. */
  readonly publicSettingKeys?: readonly string[] | undefined;
  /** True when the request proves it comes from the messenger; false -> 401. */
  verify(channel: Channel, request: WebhookRequest): boolean | Promise<boolean>;
  /** Converts a webhook's parsed JSON into unified events; `ok: false` -> 400. */
  parse(channel: Channel, json: unknown, request: WebhookRequest): ParsedWebhook;
  /**
   * The subscription handshake (Meta's `GET ?hub.mode=subscribe&hub.verify_token&hub.challenge`):
   * the text to answer, or undefined -> 403. Absent for providers without one.
   */
  handshake?(channel: Channel, query: URLSearchParams): string | undefined;
  /**
   * The body to answer an accepted webhook with, for platforms that read it (Telegram runs a Bot API
   * method given in the answer, e.g. answerCallbackQuery); undefined keeps our usual answer.
   */
  replyTo?(events: readonly InboundEvent[]): Record<string, unknown> | undefined;
}

/** What every provider factory is given by the composition root. */
export interface ProviderOptions {
  /** Time limit of one call to a messenger (a send, a profile lookup). */
  readonly timeoutMs: number;
  /** Time limit of one whole attachment download, body included; `timeoutMs` when not given. */
  readonly downloadTimeoutMs?: number | undefined;
  /** Delay before resending after a 5xx or a network failure, when the messenger named none. */
  readonly retryDelayMs: number;
  readonly clock: Clock;
  /**
   * A URL the messenger can fetch an outgoing attachment's stored file from (e.g. a signed link to
   * `GET /files/:id`); undefined when there is none. Providers that upload bytes do not need it.
   */
  readonly fileUrl?: ((attachment: Attachment) => string | undefined) | undefined;
  /** Where the messenger must post this channel's webhooks (for platforms where we register it, e.g. Telegram's setWebhook). */
  readonly webhookUrl?: ((channel: Channel) => string | undefined) | undefined;
}
