import type { Channel } from '../../domain/channel.ts';
import type { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import type { SwitchboardEvent } from '../ports/events.ts';
import type { Stores } from '../ports/transaction.ts';
import type { InboundStatus, InboundWatermark } from './inbound-event.ts';

type ReceiptDeps = Pick<Deps, 'transaction' | 'events'>;

/** Moves one outgoing message's delivery forward (never back), by the messenger's id of it. */
export async function applyStatus(deps: ReceiptDeps, channel: Channel, status: InboundStatus): Promise<void> {
  const changed = await deps.transaction.run(async ({ messages }) => {
    const message = await messages.findByExternalId(channel.id, status.externalId);
    return message ? advanceAll(messages, [message], status.status, status.error) : [];
  });
  await publishChanges(deps, changed);
}

/** Moves every outgoing message to a customer up to the watermark (and those it names) to delivered or read. */
export async function applyWatermark(deps: ReceiptDeps, channel: Channel, watermark: InboundWatermark): Promise<void> {
  const changed = await deps.transaction.run(async (stores) => {
    const contact = await stores.contacts.findByIdentity({ provider: channel.provider, channelId: channel.id, externalId: watermark.contactExternalId });
    if (!contact) return [];
    const chatIds = await stores.chats.chatIdsOfContact(contact.id, channel.id);
    const upTo = await stores.messages.outgoingAwaitingReceipt(chatIds, watermark.upTo);
    const named = await namedMessages(stores, channel, watermark.externalIds ?? []);
    return advanceAll(stores.messages, [...upTo, ...named.filter((m) => !upTo.some((u) => u.id === m.id))], watermark.status);
  });
  await publishChanges(deps, changed);
}

async function namedMessages(stores: Stores, channel: Channel, externalIds: readonly string[]): Promise<Message[]> {
  const found = await Promise.all(externalIds.map((id) => stores.messages.findByExternalId(channel.id, id)));
  return found.filter((m): m is Message => m !== undefined && m.direction === 'outgoing');
}

async function advanceAll(messages: Stores['messages'], targets: Message[], status: InboundStatus['status'], error?: string): Promise<Message[]> {
  const changed = targets.filter((m) => m.direction === 'outgoing' && m.advanceStatus(status, error));
  for (const message of changed) await messages.save(message);
  return changed;
}

async function publishChanges(deps: ReceiptDeps, changed: readonly Message[]): Promise<void> {
  for (const m of changed) {
    const event: SwitchboardEvent = { type: 'message.status_changed', chatId: m.chatId, messageId: m.id, status: m.status ?? 'failed' };
    await deps.events.publish(event);
  }
}
