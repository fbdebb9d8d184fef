import type { Channel } from '../../domain/channel.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ChatId, MessageId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { draftArrival } from './draft-arrival.ts';
import type { InboundMessage } from './inbound-message.ts';

/** What receiving one message came to. */
export interface ReceiveResult {
  readonly messageId: MessageId;
  readonly chatId: ChatId;
  readonly duplicate: boolean;
}

type ReceiveDeps = Pick<Deps, 'arrivals' | 'clock' | 'ids' | 'providers'>;

/**
 * Stores one incoming message with its contact and chat [Creatio's InternalReceive], idempotently: a
 * redelivery answers the stored message and changes nothing. The store may commit it together with
 * other webhooks' messages (group commit); it resolves once the message is durable.
 */
export async function receiveInboundMessage(deps: ReceiveDeps, channel: Channel, inbound: InboundMessage): Promise<ReceiveResult> {
  if (!channel.isActive) throw new DomainError('not_found', 'CHANNEL_NOT_FOUND', `channel ${channel.id} is not active`);
  const [outcome] = await deps.arrivals.store([draftArrival(deps, channel, inbound)]);
  return outcome!;
}
