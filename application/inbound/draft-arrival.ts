import { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';
import { Contact, fallbackContactName, nameFromProfile } from '../../domain/contact.ts';
import type { ChatId } from '../../domain/ids.ts';
import { Message } from '../../domain/message.ts';
import { MANUAL_QUEUE_REASON, RoutingDecision } from '../../domain/routing.ts';
import type { Deps } from '../deps.ts';
import type { Arrival, FollowUp } from '../ports/arrival-store.ts';
import { DOWNLOAD_ATTACHMENT, ENRICH_CONTACT, ROUTE_CHAT } from '../jobs/kinds.ts';
import type { InboundMessage } from './inbound-message.ts';

export type DraftDeps = Pick<Deps, 'clock' | 'ids' | 'providers'>;

/**
 * Everything needed to store one incoming message, decided before the store is asked: the contact a new
 * sender would get, the chat a contact without one would get, the message, its attachments, and the
 * follow-up jobs. Time is the arrival time, never the sender's clock: a skewed or hostile timestamp must
 * not pin a chat to the top.
 */
export function draftArrival(deps: DraftDeps, channel: Channel, inbound: InboundMessage): Arrival {
  const now = deps.clock.now();
  const contact = newContactFor(deps, channel, inbound, now);
  const chatId = deps.ids.next<ChatId>();
  const message = new Message({
    id: deps.ids.next(), chatId, channelId: channel.id, direction: 'incoming', type: inbound.type,
    text: inbound.text, externalId: inbound.externalId, idempotencyKey: inbound.idempotencyKey,
    senderExternalId: inbound.sender.externalId, sentAt: inbound.sentAt, createdAt: now,
  });
  message.metadata = inbound.metadata ?? null;
  const attachments = inbound.attachments.map((a) => new Attachment({ id: deps.ids.next(), messageId: message.id, ...a }));
  return {
    channelId: channel.id, provider: channel.provider, queueId: channel.queueId, senderExternalId: inbound.sender.externalId,
    contact, identityId: deps.ids.next(), chatId, message, attachments,
    followUps: followUpsOf(deps, channel, inbound, { contact, chatId, attachments }),
    manualWait: new RoutingDecision({ id: deps.ids.next(), chatId, queueId: channel.queueId, agentId: null, reason: MANUAL_QUEUE_REASON, at: now }),
  };
}

function newContactFor(deps: DraftDeps, channel: Channel, inbound: InboundMessage, now: Date): Contact {
  const profile = inbound.sender.profile;
  const known = nameFromProfile(profile);
  const name = known ?? fallbackContactName(channel.name, inbound.sender.externalId);
  const contact = new Contact(deps.ids.next(), name, now, known === undefined);
  if (profile) contact.applyProfile(profile);
  return contact;
}

/**
 * A new contact is looked up at its messenger, attachments are fetched, a new chat in a queue that routes
 * automatically is routed: all after the acknowledgement. (A manual queue's chat just waits: its reason is
 * recorded with it, so no job runs.)
 */
function followUpsOf(
  deps: DraftDeps, channel: Channel, inbound: InboundMessage,
  drafted: { contact: Contact; chatId: ChatId; attachments: readonly Attachment[] },
): FollowUp[] {
  const provider = deps.providers.find(channel.provider);
  const followUps: FollowUp[] = [];
  if (provider?.profiles) {
    // A sender whose message brought their names is asked for the rest only (enrich-contact.ts).
    const payload = { contactId: drafted.contact.id, channelId: channel.id, senderExternalId: inbound.sender.externalId, namesKnown: !drafted.contact.hasFallbackName };
    followUps.push({ when: 'contact_created', job: { kind: ENRICH_CONTACT, payload } });
  }
  if (provider?.attachments) {
    for (const attachment of drafted.attachments) {
      followUps.push({ when: 'message_stored', job: { kind: DOWNLOAD_ATTACHMENT, payload: { attachmentId: attachment.id, channelId: channel.id } } });
    }
  }
  followUps.push({ when: 'chat_opened_routed', job: { kind: ROUTE_CHAT, payload: { chatId: drafted.chatId, queueId: channel.queueId } } });
  return followUps;
}
