import type { Arrival, FollowUp } from '../../../application/ports/arrival-store.ts';
import type { Ids } from '../../../application/ports/ids.ts';
import type { ChatId } from '../../../domain/ids.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../mikro-orm-job-queue.ts';
// Taken by every event append until its commit (see mikro-orm-event-log.ts): ids commit in the order they are drawn.
import { APPEND_LOCK, EVENT_CHANNEL } from '../mikro-orm-event-log.ts';
import type { Plan } from './arrival-plan.ts';
import { KNOWN_CHATS_WRITE_SQL, WRITE_SQL } from './arrival-sql.ts';

const iso = (date: Date): string => date.toISOString();

/** An arrival whose message the write statement inserts, with its place in the batch and the chat it goes to. */
interface Insert {
  readonly arrival: Arrival;
  readonly ord: number;
  readonly chatId: ChatId;
}

/** The lookup's parameters: one column per field, one row per arrival. */
export function lookupParams(arrivals: readonly Arrival[]): unknown[] {
  return [
    arrivals.map((_, i) => i), arrivals.map((a) => a.channelId), arrivals.map((a) => a.provider),
    arrivals.map((a) => a.senderExternalId), arrivals.map((a) => a.message.idempotencyKey),
  ];
}

/** A prepared statement and its parameters. */
export interface Statement {
  readonly name: string;
  readonly text: string;
  readonly values: unknown[];
}

/**
 * The write for the plan: the known-chats write when the batch only adds messages to open chats of known
 * contacts with nothing else to store, else the full one. Both take the messages, the event log's lock and
 * its channel as $1–$14; the full write the rest as $15–$55.
 */
export function writeStatement(arrivals: readonly Arrival[], plan: Plan, ids: Ids): Statement {
  const inserts = arrivals.flatMap((arrival, ord): Insert[] => {
    const placement = plan.placements[ord]!;
    return placement.kind === 'insert' ? [{ arrival, ord, chatId: placement.chatId }] : [];
  });
  const shared = [...messageColumns(inserts), APPEND_LOCK, EVENT_CHANNEL];
  if (onlyMessagesToOpenChats(plan, inserts)) return { name: 'switchboard-arrival-write-known-chats', text: KNOWN_CHATS_WRITE_SQL, values: shared };
  return {
    name: 'switchboard-arrival-write', text: WRITE_SQL,
    values: [
      ...shared, ...contactColumns(plan), ...learntColumns(plan), ...chatColumns(plan),
      ...attachmentColumns(inserts), ...jobColumns(inserts, plan, ids), ...manualWaitColumns(plan),
    ],
  };
}

/**
 * No contact, name or chat to write, no attachment, and no follow-up whose condition can hold: a contact's
 * jobs wait for the contact's creation and a routing job for its chat's opening, neither of which happens here.
 */
function onlyMessagesToOpenChats(plan: Plan, inserts: readonly Insert[]): boolean {
  return plan.newContacts.length === 0 && plan.learntNames.length === 0 && plan.newChats.length === 0 &&
    inserts.every(({ arrival }) => arrival.attachments.length === 0 && arrival.followUps.every((f) => f.when !== 'message_stored'));
}

/** $15–$26: new contacts and their identities. */
function contactColumns(plan: Plan): unknown[][] {
  const arrivals = plan.newContacts;
  const contacts = arrivals.map((a) => a.contact);
  return [
    contacts.map((c) => c.id), contacts.map((c) => c.name), contacts.map((c) => c.firstName), contacts.map((c) => c.lastName),
    contacts.map((c) => c.username), contacts.map((c) => c.language), contacts.map((c) => c.hasFallbackName), contacts.map((c) => iso(c.createdAt)),
    arrivals.map((a) => a.identityId), arrivals.map((a) => a.provider), arrivals.map((a) => a.channelId), arrivals.map((a) => a.senderExternalId),
  ];
}

/** $27–$32: names learnt by contacts under a fallback name. */
function learntColumns(plan: Plan): unknown[][] {
  const drafts = plan.learntNames.map(({ arrival }) => arrival.contact);
  return [
    plan.learntNames.map((l) => l.contactId), drafts.map((c) => c.name), drafts.map((c) => c.firstName), drafts.map((c) => c.lastName),
    drafts.map((c) => c.username), drafts.map((c) => c.language),
  ];
}

/** $1–$12: the messages, in their chats, with their places in the batch. */
function messageColumns(inserts: readonly Insert[]): unknown[][] {
  const messages = inserts.map(({ arrival }) => arrival.message);
  return [
    messages.map((m) => m.id), inserts.map((i) => i.chatId), messages.map((m) => m.channelId), messages.map((m) => m.type),
    messages.map((m) => m.text), messages.map((m) => m.externalId), messages.map((m) => m.idempotencyKey), messages.map((m) => m.senderExternalId),
    messages.map((m) => iso(m.sentAt)), messages.map((m) => iso(m.createdAt)),
    messages.map((m) => (m.metadata === null ? null : JSON.stringify(m.metadata))), inserts.map((i) => i.ord),
  ];
}

/** $33–$37: chats opened. */
function chatColumns(plan: Plan): unknown[][] {
  const opened = plan.newChats;
  return [
    opened.map((c) => c.arrival.chatId), opened.map((c) => c.arrival.channelId), opened.map((c) => c.contactId),
    opened.map((c) => c.arrival.queueId), opened.map((c) => iso(c.arrival.message.createdAt)),
  ];
}

/** $53–$55: why each chat opened waits, should its queue route by hand (in the order of $33). */
function manualWaitColumns(plan: Plan): unknown[][] {
  const decisions = plan.newChats.map((c) => c.arrival.manualWait);
  return [decisions.map((d) => d.id), decisions.map((d) => d.reason), decisions.map((d) => iso(d.at))];
}

/** $38–$45: the messages' attachments. */
function attachmentColumns(inserts: readonly Insert[]): unknown[][] {
  const attachments = inserts.flatMap(({ arrival }) => arrival.attachments);
  return [
    attachments.map((a) => a.id), attachments.map((a) => a.messageId), attachments.map((a) => a.type), attachments.map((a) => a.mimeType),
    attachments.map((a) => a.fileName), attachments.map((a) => a.fileSize), attachments.map((a) => a.sourceRef), attachments.map((a) => a.downloadState),
  ];
}

/**
 * $46–$52: follow-up jobs with what decides them (the statement keeps those whose chat it opened or message it
 * stored). A contact's jobs come only with the arrival whose draft creates the contact.
 */
function jobColumns(inserts: readonly Insert[], plan: Plan, ids: Ids): unknown[][] {
  const created = new Set(plan.newContacts.map((a) => a.contact.id));
  const jobs = inserts.flatMap(({ arrival }) => arrival.followUps
    .filter((f) => f.when !== 'contact_created' || created.has(arrival.contact.id))
    .map((followUp) => ({ arrival, followUp })));
  return [
    jobs.map(() => ids.next()), jobs.map(({ followUp }) => followUp.job.kind), jobs.map(({ followUp }) => JSON.stringify(followUp.job.payload)),
    jobs.map(({ followUp }) => followUp.when), jobs.map(({ arrival, followUp }) => conditionRef(arrival, followUp)),
    jobs.map(({ arrival, followUp }) => iso(followUp.job.runAt ?? arrival.message.createdAt)),
    jobs.map(({ followUp }) => followUp.job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
  ];
}

/** The row whose creation a follow-up waits for. */
function conditionRef(arrival: Arrival, followUp: FollowUp): string {
  if (followUp.when === 'contact_created') return arrival.contact.id;
  return followUp.when === 'chat_opened_routed' ? arrival.chatId : arrival.message.id;
}
