import { createHash } from 'node:crypto';
import * as v from 'valibot';
import type { InboundEvent } from '../../../application/inbound/inbound-event.ts';
import type { InboundMessage } from '../../../application/inbound/inbound-message.ts';
import { describeIssues } from '../issues.ts';
import type { ParsedWebhook } from '../provider-module.ts';
import { storableText } from '../text.ts';
import { messageContent, storableJson } from './content.ts';
import {
  DeliveryEventSchema, MessageEditEventSchema, MessageEventSchema, PostbackEventSchema, ReadEventSchema,
  type FacebookMessageEvent, type FacebookWebhook,
} from './payload.ts';

// Our sender puts our message id (a UUID) in `metadata`; Meta echoes it back.
const OUR_MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Entry = FacebookWebhook['entry'][number];
type Converted = InboundEvent | string;

/**
 * Every event of every entry, each with its Page as `source` (one app's webhook serves many Pages).
 * A malformed event of a kind we handle makes the webhook malformed; kinds we do not handle
 * (reactions, referrals, opt-ins, handover, standby...) are `ignored`, never refused.
 * @see https://developers.facebook.com/docs/messenger-platform/webhooks#event-notifications
 */
export function convertFacebookWebhook(webhook: FacebookWebhook): ParsedWebhook {
  const events: InboundEvent[] = [];
  for (const [i, entry] of webhook.entry.entries()) {
    for (const [j, raw] of (entry.messaging ?? []).entries()) {
      const converted = convertEvent(raw, entry);
      if (typeof converted === 'string') return { ok: false, message: `entry[${i}].messaging[${j}]: ${converted}` };
      events.push(converted);
    }
    // Standby: another app (e.g. the Page Inbox) owns the thread and answers it.
    for (const _ of entry.standby ?? []) events.push({ kind: 'ignored', source: entry.id, reason: 'standby: another app owns the thread' });
  }
  return { ok: true, events };
}

function convertEvent(raw: Record<string, unknown>, entry: Entry): Converted {
  if (Object.hasOwn(raw, 'message')) return parsed(MessageEventSchema, raw, (e) => (e.message.is_echo ? echoOf(e, entry) : messageOf(e, entry)));
  if (Object.hasOwn(raw, 'postback')) return parsed(PostbackEventSchema, raw, (e) => postbackOf(e, entry));
  if (Object.hasOwn(raw, 'delivery')) {
    return parsed(DeliveryEventSchema, raw, (e) => watermarkOf(e, entry, 'delivered', e.delivery.watermark, e.delivery.mids));
  }
  if (Object.hasOwn(raw, 'read')) return parsed(ReadEventSchema, raw, (e) => watermarkOf(e, entry, 'read', e.read.watermark));
  if (Object.hasOwn(raw, 'message_edit')) return parsed(MessageEditEventSchema, raw, (e) => editOf(e, entry));
  const kind = Object.keys(raw).find((key) => !['sender', 'recipient', 'timestamp'].includes(key)) ?? 'empty';
  return { kind: 'ignored', source: entry.id, reason: `${storableText(kind).slice(0, 64)} events are not handled` };
}

function parsed<S extends v.GenericSchema>(schema: S, raw: unknown, convert: (event: v.InferOutput<S>) => Converted): Converted {
  const result = v.safeParse(schema, raw);
  return result.success ? convert(result.output) : describeIssues(result.issues);
}

type Parties = { sender: { id?: string | undefined; user_ref?: string | undefined }; timestamp?: number | undefined };

function senderId(event: Parties): string | undefined {
  return event.sender.id ?? event.sender.user_ref;
}

// Delivery receipts come without a timestamp of their own: the entry's time stands in.
function sentAt(event: Parties, entry: Entry): Date | undefined {
  const ms = event.timestamp ?? entry.time;
  return ms === undefined ? undefined : new Date(ms);
}

function messageOf(event: FacebookMessageEvent, entry: Entry): Converted {
  const sender = senderId(event);
  const at = sentAt(event, entry);
  if (!sender) return 'sender.id: is required';
  if (!at) return 'timestamp: is required';
  const { mid } = event.message;
  const message: InboundMessage = { idempotencyKey: mid, externalId: mid, sender: { externalId: sender }, sentAt: at, ...messageContent(event.message) };
  return { kind: 'message', source: entry.id, message };
}

/**
 * A message the Page sent (from the Page Inbox, another app, or us): matched to ours by the
 * metadata our sender sets, else stored once as outgoing to the recipient.
 * @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/message-echoes
 */
function echoOf(event: FacebookMessageEvent, entry: Entry): Converted {
  const at = sentAt(event, entry);
  if (!at) return 'timestamp: is required';
  const { mid, metadata, app_id: appId } = event.message;
  const content = messageContent(event.message);
  const extra = { ...content.metadata, ...(appId ? { appId } : {}), ...(metadata && !OUR_MESSAGE_ID.test(metadata) ? { metadata: storableText(metadata) } : {}) };
  return {
    kind: 'echo',
    source: entry.id,
    echo: {
      externalId: mid, ourMessageId: metadata && OUR_MESSAGE_ID.test(metadata) ? metadata : undefined,
      contactExternalId: event.recipient.id, type: content.type, text: content.text, sentAt: at,
      attachments: content.attachments, metadata: Object.keys(extra).length > 0 ? extra : undefined,
    },
  };
}

type PostbackEvent = v.InferOutput<typeof PostbackEventSchema>;

/**
 * A button tap: a `postback` message with the button's title as text and its payload in metadata.
 * Older postbacks have no `mid`: sender, time and payload then name the tap, so a redelivery is one message.
 * @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/messaging_postbacks
 */
function postbackOf(event: PostbackEvent, entry: Entry): Converted {
  const sender = senderId(event);
  const at = sentAt(event, entry);
  if (!sender) return 'sender.id: is required';
  if (!at) return 'timestamp: is required';
  const { mid, title, payload, referral } = event.postback;
  const key = mid ?? `postback:${createHash('sha256').update(JSON.stringify([sender, at.getTime(), payload ?? null])).digest('hex')}`;
  const metadata = { payload: payload == null ? null : storableText(payload), ...(referral === undefined ? {} : { referral: storableJson(referral, 0) }) };
  const message: InboundMessage = {
    idempotencyKey: key, externalId: mid ?? null, sender: { externalId: sender }, type: 'postback',
    text: storableText(title ?? ''), sentAt: at, attachments: [], metadata,
  };
  return { kind: 'message', source: entry.id, message };
}

type ReceiptEvent = Parties & { sender: Parties['sender'] };

// @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/message-deliveries
// @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/message-reads
function watermarkOf(event: ReceiptEvent, entry: Entry, status: 'delivered' | 'read', watermark: number, mids?: string[]): Converted {
  const contact = senderId(event);
  if (!contact) return 'sender.id: is required';
  return { kind: 'watermark', source: entry.id, watermark: { contactExternalId: contact, status, upTo: new Date(watermark), externalIds: mids } };
}

type EditEvent = v.InferOutput<typeof MessageEditEventSchema>;

/**
 * A person edited a text they sent: the stored message's text changes, the first one is kept.
 * @see https://developers.facebook.com/docs/messenger-platform/reference/webhook-events/message-edits
 */
function editOf(event: EditEvent, entry: Entry): Converted {
  const sender = senderId(event);
  const at = sentAt(event, entry);
  if (!sender) return 'sender.id: is required';
  if (!at) return 'timestamp: is required';
  const { mid } = event.message_edit;
  const text = storableText(event.message_edit.text);
  const message: InboundMessage = { idempotencyKey: mid, externalId: mid, sender: { externalId: sender }, type: 'text', text, sentAt: at, attachments: [] };
  return { kind: 'edit', source: entry.id, edit: { idempotencyKey: mid, text, editedAt: at, message } };
}
