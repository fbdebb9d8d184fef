import type { OutboundRequest, OutboundSender, SendOutcome } from '../../../application/ports/outbound-sender.ts';
import type { Channel } from '../../../domain/channel.ts';
import { fetchFailureReason } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { graphCall, type GraphCall } from './graph.ts';
import { failedOutcome, type OutcomeContext } from './graph-outcomes.ts';
import { messageParts, partBody, type MessagePart } from './send-parts.ts';
import { readFacebookSettings } from './settings.ts';

/**
 * The Page Inbox's app id: where `pass_thread_control` hands a conversation back to people.
 * @see https://developers.facebook.com/docs/messenger-platform/handover-protocol/conversation-control
 */
export const PAGE_INBOX_APP_ID = 263902037430900;

/**
 * Delivers outgoing messages through the Send API [Creatio's IOutcomeMessageWorker]: the text,
 * then each attachment, as `RESPONSE` messages carrying our message id in `metadata` (echoes come
 * back with it, so they are matched, not doubled). Hands a thread to the Page Inbox on request.
 * @see https://developers.facebook.com/docs/messenger-platform/reference/send-api
 */
export function createFacebookSender(options: ProviderOptions): OutboundSender {
  return {
    async send(request) {
      const settings = readFacebookSettings(request.channel);
      if (!settings) return { kind: 'rejected', reason: 'channel settings are not valid facebook settings' };
      const parts = messageParts(request, options);
      if (typeof parts === 'string') return { kind: 'rejected', reason: parts };
      return sendParts(graphCall(settings, options), parts, request, contextOf(settings, options));
    },
    passControlToPrimaryReceiver: (channel, recipientId) => passThreadControl(channel, recipientId, options),
  };
}

function contextOf(settings: { pageAccessToken: string; appSecret: string }, options: ProviderOptions): OutcomeContext {
  return { now: options.clock.now(), retryDelayMs: options.retryDelayMs, secrets: [settings.pageAccessToken, settings.appSecret] };
}

// The Send API takes one text or one attachment per message. Once a part went out, a retry would
// send it twice: a later part's failure is reported (rejected), with what went out, not retried.
async function sendParts(call: GraphCall, parts: readonly MessagePart[], request: OutboundRequest, context: OutcomeContext): Promise<SendOutcome> {
  const sent: string[] = [];
  for (const part of parts) {
    const outcome = await sendOne(call, partBody(part, request), context);
    if (outcome.kind !== 'sent') {
      if (sent.length === 0) return outcome;
      return { kind: 'rejected', reason: `sent in part (${sent.length} of ${parts.length}, first as ${sent[0]}), then: ${outcome.reason}; not retried so the sent parts are not repeated` };
    }
    sent.push(outcome.externalId);
  }
  return { kind: 'sent', externalId: sent[0] ?? request.message.id };
}

async function sendOne(call: GraphCall, body: Record<string, unknown> | FormData, context: OutcomeContext): Promise<SendOutcome> {
  try {
    const answer = await call('/me/messages', { method: 'POST', body });
    if (answer.status < 200 || answer.status >= 300) return failedOutcome(answer, context);
    const messageId = (answer.data as { message_id?: unknown } | undefined)?.message_id;
    if (typeof messageId !== 'string' || messageId === '') return { kind: 'rejected', reason: 'the Send API answered without a message_id' };
    return { kind: 'sent', externalId: messageId };
  } catch (error) {
    return { kind: 'retry', afterMs: context.retryDelayMs, reason: fetchFailureReason(error) };
  }
}

/**
 * Hands the conversation to the Page Inbox [Creatio's PassControlToPrimaryReceiver]. No message
 * is created, so a success carries no message id.
 * @see https://developers.facebook.com/docs/messenger-platform/reference/handover-protocol/pass-thread-control
 */
async function passThreadControl(channel: Channel, recipientId: string, options: ProviderOptions): Promise<SendOutcome> {
  const settings = readFacebookSettings(channel);
  if (!settings) return { kind: 'rejected', reason: 'channel settings are not valid facebook settings' };
  const context = contextOf(settings, options);
  try {
    const answer = await graphCall(settings, options)('/me/pass_thread_control', {
      method: 'POST', body: { recipient: { id: recipientId }, target_app_id: PAGE_INBOX_APP_ID },
    });
    if (answer.status < 200 || answer.status >= 300) return failedOutcome(answer, context);
    if ((answer.data as { success?: unknown } | undefined)?.success === false) return { kind: 'rejected', reason: 'the Graph API did not pass the thread' };
    return { kind: 'sent', externalId: '' };
  } catch (error) {
    return { kind: 'retry', afterMs: options.retryDelayMs, reason: fetchFailureReason(error) };
  }
}
