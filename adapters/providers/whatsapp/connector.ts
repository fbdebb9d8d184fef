import type { ChannelConnector } from '../../../application/ports/provider.ts';
import type { ConnectionCheck } from '../../../domain/channel.ts';
import { fetchFailureReason } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { blankSecrets, failureReason, graphErrorOf } from './errors.ts';
import { graphApi, segment, type GraphAnswer } from './graph.ts';
import { textOf } from './json.ts';
import { readWhatsAppSettings, type WhatsAppSettings } from './settings.ts';

/**
 * Checks a WhatsApp channel's credentials by reading its phone number
 * (`GET /{phone-number-id}?fields=display_phone_number,verified_name`). Meta webhooks are
 * subscribed in the App Dashboard (the channel view gives the URL and verify token to paste there),
 * so there is nothing to register here, nor to unregister.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/phone-numbers
 */
export function createWhatsAppConnector(options: ProviderOptions): ChannelConnector {
  return {
    async connect(channel) {
      const settings = readWhatsAppSettings(channel);
      if (!settings) return { ok: false, detail: 'the channel settings are not valid WhatsApp settings' };
      try {
        const answer = await graphApi(settings, options).get(segment(channel.source), { fields: 'display_phone_number,verified_name' });
        return answer.ok ? connected(answer) : refused(answer, settings, channel.source);
      } catch (error) {
        return { ok: false, detail: blankSecrets(`WhatsApp could not be reached: ${fetchFailureReason(error)}`, settings) };
      }
    },
    async disconnect() {
      // Nothing registered, nothing to undo: the subscription lives in the Meta App Dashboard.
    },
  };
}

function connected(answer: GraphAnswer): ConnectionCheck {
  const body = (answer.json ?? {}) as { display_phone_number?: unknown; verified_name?: unknown };
  const number = textOf(body.display_phone_number);
  const name = textOf(body.verified_name);
  return { ok: true, detail: [number, name && `(${name})`].filter(Boolean).join(' ') || 'the phone number answered' };
}

function refused(answer: GraphAnswer, settings: WhatsAppSettings, phoneNumberId: string): ConnectionCheck {
  const error = graphErrorOf(answer);
  const reason = failureReason(answer, settings, error);
  if (error?.code === 190 || answer.status === 401) return { ok: false, detail: error?.code === 190 ? reason : `the access token was refused: ${reason}` };
  if (error?.code === 100) return { ok: false, detail: `no phone number ${phoneNumberId} is reachable with this token (the channel's source must be the phone number id): ${reason}` };
  if (error?.code === 10 || (error?.code !== undefined && error.code >= 200 && error.code < 300)) {
    return { ok: false, detail: `the access token lacks the permission for this phone number: ${reason}` };
  }
  return { ok: false, detail: reason };
}
