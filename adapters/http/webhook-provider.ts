import type { InboundMessage } from '../../application/inbound/inbound-message.ts';
import type { Channel } from '../../domain/channel.ts';

/** A webhook request as providers see it: headers and the exact bytes that were signed. */
export interface WebhookRequest {
  readonly headers: Headers;
  readonly rawBody: Uint8Array;
}

/** What a provider made of a webhook's JSON: unified messages, or why the payload is malformed. */
export type ParsedWebhook =
  | { readonly ok: true; readonly messages: readonly InboundMessage[] }
  | { readonly ok: false; readonly message: string };

/** The webhook side of a provider: checks who sent a request, and converts what it says. */
export interface WebhookProvider {
  readonly name: string;
  /** True when the request proves it comes from the messenger (signature, secret header). */
  verify(channel: Channel, request: WebhookRequest): boolean | Promise<boolean>;
  parse(channel: Channel, json: unknown, request: WebhookRequest): ParsedWebhook;
}
