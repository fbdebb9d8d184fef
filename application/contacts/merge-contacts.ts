import type { Chat } from '../../domain/chat.ts';
import { absorbContact, assertMergeable } from '../../domain/contact-changes.ts';
import { ContactMerge } from '../../domain/contact-merge.ts';
import { notFound } from '../../domain/errors.ts';
import type { ContactId } from '../../domain/ids.ts';
import { positionOf, type ChatPosition } from '../../domain/transition.ts';
import { requireSupervisor } from '../chats/chat-access.ts';
import { recordTransition } from '../chats/record-transition.ts';
import type { Stores } from '../ports/transaction.ts';
import { routeForAgent } from '../routing/route-for-agent.ts';
import type { RoutingDeps } from '../routing/route-queue.ts';
import type { Viewer } from '../viewer.ts';
import { detailsOf, type ContactDetails } from './contact-details.ts';

export interface MergeContactsInput {
  readonly targetContactId: ContactId;
  readonly sourceContactId: ContactId;
}

type Closed = { readonly chat: Chat; readonly from: ChatPosition };

/**
 * Folds one contact into another, atomically (supervisors and admins): the source's identities and chats move
 * to the target, the target takes what only the source knew, the source is removed and the merge recorded.
 * Where both have an open chat on one channel, the source's is completed (one open chat per channel and contact).
 */
export async function mergeContacts(deps: RoutingDeps, viewer: Viewer, input: MergeContactsInput): Promise<ContactDetails> {
  requireSupervisor(viewer);
  assertMergeable(input.targetContactId, input.sourceContactId);
  const closed = await deps.transaction.run((stores) => merge(deps, stores, viewer, input));
  for (const { chat, from } of closed) {
    await deps.events.publish({ type: 'chat.completed', chatId: chat.id, queueId: chat.queueId, agentId: from.agentId });
    if (from.status === 'active' && from.agentId) await routeForAgent(deps, from.agentId);
  }
  return deps.transaction.run(async (stores) => (await detailsOf(stores, [await stores.contacts.get(input.targetContactId)]))[0]!);
}

async function merge(deps: RoutingDeps, stores: Stores, viewer: Viewer, input: MergeContactsInput): Promise<Closed[]> {
  // Both rows locked (in id order): a merge the other way round, or of the same source elsewhere, waits for this one.
  const locked = await stores.contacts.lock([input.targetContactId, input.sourceContactId]);
  const target = locked.find((c) => c.id === input.targetContactId);
  const source = locked.find((c) => c.id === input.sourceContactId);
  if (!target) throw notFound('contact', input.targetContactId);
  if (!source) throw notFound('contact', input.sourceContactId);
  const closed = await closeClashingChats(deps, stores, viewer, target.id, source.id);
  const chatsMoved = await stores.chats.moveToContact(source.id, target.id);
  const identitiesMoved = await stores.contacts.moveIdentities(source.id, target.id);
  absorbContact(target, source);
  await stores.contacts.save(target);
  await stores.contacts.remove(source.id);
  await stores.contacts.recordMerge(new ContactMerge({
    id: deps.ids.next(), targetContactId: target.id, sourceContactId: source.id, sourceName: source.name,
    byAgentId: viewer.agentId, identitiesMoved, chatsMoved, at: deps.clock.now(),
  }));
  return closed;
}

async function closeClashingChats(deps: RoutingDeps, stores: Stores, viewer: Viewer, targetId: ContactId, sourceId: ContactId): Promise<Closed[]> {
  const openChats = async (contactId: ContactId) =>
    (await stores.chats.list({ contactId }, { after: undefined, limit: 1000 })).filter((chat) => chat.isOpen);
  const targetChannels = new Set((await openChats(targetId)).map((chat) => chat.channelId));
  const closed: Closed[] = [];
  for (const open of await openChats(sourceId)) {
    if (!targetChannels.has(open.channelId)) continue;
    const chat = await stores.chats.lock(open.id);
    if (!chat.isOpen) continue;
    const from = positionOf(chat);
    chat.complete(deps.clock.now());
    await stores.chats.save(chat);
    await recordTransition(deps, stores, chat, { kind: 'completed', from, byAgentId: viewer.agentId, comment: `contact merged into ${targetId}` });
    closed.push({ chat, from });
  }
  return closed;
}
