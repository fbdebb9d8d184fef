import type { Arrival } from '../../../application/ports/arrival-store.ts';
import type { Ids } from '../../../application/ports/ids.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../mikro-orm-job-queue.ts';
import type { Plan } from './arrival-plan.ts';

// Taken by every event append until its commit (see mikro-orm-event-log.ts): ids commit in the order they are drawn.
import { APPEND_LOCK, EVENT_CHANNEL } from '../mikro-orm-event-log.ts';

const iso = (date: Date): string => date.toISOString();

/** The lookup's parameters: one column per field, one row per arrival. */
export function lookupParams(arrivals: readonly Arrival[]): unknown[] {
  return [
    arrivals.map((_, i) => i), arrivals.map((a) => a.channelId), arrivals.map((a) => a.provider),
    arrivals.map((a) => a.senderExternalId), arrivals.map((a) => a.message.idempotencyKey),
  ];
}

/** The write statement's parameters ($1…$52 of WRITE_SQL), from the plan. */
export function writeParams(arrivals: readonly Arrival[], plan: Plan, ids: Ids): unknown[] {
  const contacts = plan.newContacts.map((a) => a.contact);
  const learnt = plan.learntNames.map(({ arrival }) => arrival.contact);
  const inserts = arrivals.flatMap((arrival, index) => {
    const placement = plan.placements[index]!;
    return placement.kind === 'insert' ? [{ arrival, ord: index, chatId: placement.chatId }] : [];
  });
  const messages = inserts.map(({ arrival }) => arrival.message);
  const attachments = inserts.flatMap(({ arrival }) => arrival.attachments);
  const newContactIds = new Set(contacts.map((c) => c.id));
  const jobs = inserts.flatMap(({ arrival }) => arrival.followUps.filter((f) => f.when !== 'contact_created' || newContactIds.has(arrival.contact.id))
    .map((followUp) => ({ arrival, followUp })));
  const refOf = (arrival: Arrival, when: string) => (when === 'contact_created' ? arrival.contact.id : when === 'chat_opened' ? arrival.chatId : arrival.message.id);
  return [
    contacts.map((c) => c.id), contacts.map((c) => c.name), contacts.map((c) => c.firstName), contacts.map((c) => c.lastName),
    contacts.map((c) => c.username), contacts.map((c) => c.language), contacts.map((c) => c.hasFallbackName), contacts.map((c) => iso(c.createdAt)),
    plan.newContacts.map((a) => a.identityId), plan.newContacts.map((a) => a.provider), plan.newContacts.map((a) => a.channelId),
    plan.newContacts.map((a) => a.senderExternalId),
    plan.learntNames.map((l) => l.contactId), learnt.map((c) => c.name), learnt.map((c) => c.firstName), learnt.map((c) => c.lastName),
    learnt.map((c) => c.username), learnt.map((c) => c.language),
    messages.map((m) => m.id), inserts.map((i) => i.chatId), messages.map((m) => m.channelId), messages.map((m) => m.type),
    messages.map((m) => m.text), messages.map((m) => m.externalId), messages.map((m) => m.idempotencyKey), messages.map((m) => m.senderExternalId),
    messages.map((m) => iso(m.sentAt)), messages.map((m) => iso(m.createdAt)),
    messages.map((m) => (m.metadata === null ? null : JSON.stringify(m.metadata))), inserts.map((i) => i.ord),
    plan.newChats.map((c) => c.arrival.chatId), plan.newChats.map((c) => c.arrival.channelId), plan.newChats.map((c) => c.contactId),
    plan.newChats.map((c) => c.arrival.queueId), plan.newChats.map((c) => iso(c.arrival.message.createdAt)),
    attachments.map((a) => a.id), attachments.map((a) => a.messageId), attachments.map((a) => a.type), attachments.map((a) => a.mimeType),
    attachments.map((a) => a.fileName), attachments.map((a) => a.fileSize), attachments.map((a) => a.sourceRef), attachments.map((a) => a.downloadState),
    jobs.map(() => ids.next()), jobs.map(({ followUp }) => followUp.job.kind),
    jobs.map(({ followUp }) => JSON.stringify(followUp.job.payload)), jobs.map(({ followUp }) => followUp.when),
    jobs.map(({ arrival, followUp }) => refOf(arrival, followUp.when)),
    jobs.map(({ arrival, followUp }) => iso(followUp.job.runAt ?? arrival.message.createdAt)), jobs.map(({ followUp }) => followUp.job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    APPEND_LOCK, EVENT_CHANNEL,
  ];
}
