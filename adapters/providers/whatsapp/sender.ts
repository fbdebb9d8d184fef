import type { OutboundRequest, OutboundSender, SendOutcome } from '../../../application/ports/outbound-sender.ts';
import { fetchFailureReason } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { blankSecrets, failedSend } from './errors.ts';
import { graphApi, segment, type GraphAnswer, type GraphApi } from './graph.ts';
import { contentOf, messageBody, planMessages, type PlannedMessage } from './outbound.ts';
import { readWhatsAppSettings, type WhatsAppSettings } from './settings.ts';

interface SendContext {
  readonly api: GraphApi;
  readonly settings: WhatsAppSettings;
  readonly request: OutboundRequest;
  readonly options: ProviderOptions;
}

/**
 * Delivers outgoing messages of WhatsApp channels [Creatio's IOutcomeMessageWorker] through
 * `POST /{phone-number-id}/messages`; files are uploaded first (`POST /{phone-number-id}/media`)
 * or sent by link. Retries belong to the job, so none here.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 */
export function createWhatsAppSender(options: ProviderOptions): OutboundSender {
  return {
    async send(request) {
      const settings = readWhatsAppSettings(request.channel);
      if (!settings) return { kind: 'rejected', reason: 'channel settings are not valid WhatsApp settings' };
      const plan = planMessages(request, options);
      if (typeof plan === 'string') return { kind: 'rejected', reason: plan };
      if (plan.length === 0) return { kind: 'rejected', reason: 'the message has neither text nor attachments' };
      const context: SendContext = { api: graphApi(settings, options), settings, request, options };
      let outcome: SendOutcome = { kind: 'rejected', reason: 'nothing was sent' };
      // One WhatsApp message per planned part; the last one's id is the message's (its receipts end the story).
      for (const planned of plan) {
        outcome = await sendPlanned(context, planned);
        if (outcome.kind !== 'sent') return outcome;
      }
      return outcome;
    },
  };
}

async function sendPlanned(context: SendContext, planned: PlannedMessage): Promise<SendOutcome> {
  try {
    let mediaId: string | undefined;
    if (planned.kind === 'media' && planned.attachment.bytes) {
      const uploaded = await upload(context, planned);
      if (typeof uploaded !== 'string') return uploaded;
      mediaId = uploaded;
    }
    const body = messageBody(context.request.recipientId, contentOf(planned, mediaId));
    const answer = await context.api.post(`${segment(context.request.channel.source)}/messages`, body);
    return sentOrFailed(context, answer);
  } catch (error) {
    return { kind: 'retry', afterMs: context.options.retryDelayMs, reason: blankSecrets(`WhatsApp could not be reached: ${fetchFailureReason(error)}`, context.settings) };
  }
}

/**
 * Uploads a file's bytes as multipart (`messaging_product`, `type`, `file`); the media id it answers
 * is sent in place of a link.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media#upload-media
 */
async function upload(context: SendContext, planned: PlannedMessage & { kind: 'media' }): Promise<string | SendOutcome> {
  const { attachment } = planned;
  const mimeType = attachment.mimeType ?? 'application/octet-stream';
  const form = new FormData();
  form.append('messaging_product', 'whatsapp');
  form.append('type', mimeType);
  form.append('file', new Blob([new Uint8Array(attachment.bytes ?? [])], { type: mimeType }), attachment.fileName ?? `file-${attachment.id}`);
  const answer = await context.api.post(`${segment(context.request.channel.source)}/media`, form);
  const id = (answer.json as { id?: unknown } | undefined)?.id;
  if (answer.ok && (typeof id === 'string' || typeof id === 'number')) return String(id);
  return answer.ok ? { kind: 'rejected', reason: 'WhatsApp accepted the upload but answered no media id' } : failed(context, answer);
}

function sentOrFailed(context: SendContext, answer: GraphAnswer): SendOutcome {
  if (!answer.ok) return failed(context, answer);
  const id = (answer.json as { messages?: Array<{ id?: unknown }> } | undefined)?.messages?.[0]?.id;
  if (typeof id === 'string' && id !== '') return { kind: 'sent', externalId: id };
  return { kind: 'rejected', reason: 'WhatsApp accepted the message but answered no message id' };
}

const failed = (context: SendContext, answer: GraphAnswer): SendOutcome =>
  failedSend(answer, context.settings, { now: context.options.clock.now(), retryDelayMs: context.options.retryDelayMs });
