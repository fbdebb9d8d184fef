import type { Channel } from '../../domain/channel.ts';
import type { Deps } from '../deps.ts';
import type { InboundEdit } from './inbound-event.ts';
import { receiveInboundMessage } from './receive-inbound-message.ts';

type EditDeps = Pick<Deps, 'transaction' | 'arrivals' | 'clock' | 'ids' | 'events' | 'providers'>;

/**
 * Applies a messenger's edit to the message it names, keeping the first text; an edit of a message
 * that never reached us stores the edited message as new, so nothing the customer wrote is lost.
 */
export async function applyEdit(deps: EditDeps, channel: Channel, edit: InboundEdit): Promise<void> {
  const edited = await deps.transaction.run(async ({ messages }) => {
    const message = await messages.findByIdempotencyKey(channel.id, edit.idempotencyKey);
    if (!message) return 'unknown' as const;
    if (!message.edit(edit.text, edit.editedAt)) return undefined;
    if (edit.metadata) message.metadata = edit.metadata;
    await messages.save(message);
    return message;
  });
  if (edited === 'unknown') {
    await receiveInboundMessage(deps, channel, edit.message);
    return;
  }
  if (edited) await deps.events.publish({ type: 'message.edited', chatId: edited.chatId, messageId: edited.id });
}
