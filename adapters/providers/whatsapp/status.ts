import type * as v from 'valibot';
import type { InboundEvent, InboundStatus } from '../../../application/inbound/inbound-event.ts';
import { textOf } from './json.ts';
import type { StatusSchema, WhatsAppError } from './payload.ts';

/**
 * Cloud API receipt statuses and what they move our outgoing message to. `played` (a voice note
 * was played) implies it was read.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/status
 */
const STATUSES: Readonly<Record<string, InboundStatus['status']>> = {
  sent: 'sent', delivered: 'delivered', read: 'read', played: 'read', failed: 'failed',
};

/** A receipt for a message the business sent, by its wamid; `failed` carries WhatsApp's error as the reason. */
export function convertStatus(status: v.InferOutput<typeof StatusSchema>): InboundEvent {
  const next = Object.hasOwn(STATUSES, status.status) ? STATUSES[status.status] : undefined;
  if (!next) return { kind: 'ignored', reason: `WhatsApp status "${textOf(status.status) ?? ''}" is not tracked` };
  const error = next === 'failed' ? describeWhatsAppError(status.errors?.[0]) ?? 'WhatsApp reported the message as failed' : undefined;
  return { kind: 'status', status: { externalId: status.id, status: next, error } };
}

/**
 * A readable line for a WhatsApp error: title (or message), its details, and the code to look up.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
export function describeWhatsAppError(error: WhatsAppError | undefined): string | undefined {
  if (!error) return undefined;
  const title = textOf(error.title) ?? textOf(error.message);
  const details = textOf(error.error_data?.details);
  const code = typeof error.code === 'number' || typeof error.code === 'string' ? textOf(String(error.code)) : undefined;
  const window = code === '131047' ? 'outside the 24-hour customer service window' : undefined;
  const text = [window, title, details && details !== title ? details : undefined].filter(Boolean).join(': ');
  if (!text && !code) return undefined;
  return `${text || 'WhatsApp error'}${code ? ` (WhatsApp error ${code})` : ''}`;
}
