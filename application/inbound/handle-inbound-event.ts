import type { Channel } from '../../domain/channel.ts';
import type { Deps } from '../deps.ts';
import { applyEdit } from './apply-edit.ts';
import { applyStatus, applyWatermark } from './apply-receipts.ts';
import type { InboundEvent } from './inbound-event.ts';
import { receiveInboundMessage } from './receive-inbound-message.ts';
import { recordEcho } from './record-echo.ts';

/** What handling one webhook event came to, for the webhook's answer. */
export type EventOutcome =
  | { readonly kind: 'message'; readonly messageId: string; readonly duplicate: boolean }
  | { readonly kind: 'applied' | 'ignored' };

type EventDeps = Pick<Deps, 'transaction' | 'arrivals' | 'clock' | 'ids' | 'events' | 'providers'>;

/** Routes one unified webhook event of a channel to its use case. */
export async function handleInboundEvent(deps: EventDeps, channel: Channel, event: InboundEvent): Promise<EventOutcome> {
  switch (event.kind) {
    case 'message': {
      const result = await receiveInboundMessage(deps, channel, event.message);
      return { kind: 'message', messageId: result.messageId, duplicate: result.duplicate };
    }
    case 'echo':
      await recordEcho(deps, channel, event.echo);
      return { kind: 'applied' };
    case 'edit':
      await applyEdit(deps, channel, event.edit);
      return { kind: 'applied' };
    case 'status':
      await applyStatus(deps, channel, event.status);
      return { kind: 'applied' };
    case 'watermark':
      await applyWatermark(deps, channel, event.watermark);
      return { kind: 'applied' };
    case 'ignored':
      return { kind: 'ignored' };
  }
}
