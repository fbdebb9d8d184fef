import type { MessageId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import type { PendingDelivery } from '../ports/delivery-store.ts';
import { outboundRequestOf } from '../messages/delivery-request.ts';
import type { JobAttempt, JobResult } from './job-handler.ts';
import { payloadString } from './job-handler.ts';

/** A send's outcome as the job sees it: a thrown sender is a retry with the policy's back-off. */
type Outcome =
  | { readonly kind: 'sent'; readonly externalId: string }
  | { readonly kind: 'retry'; readonly afterMs?: number | undefined; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string };

/**
 * Hands the first queued message of a chat to its channel's sender and records what the messenger said:
 * `sent` with its id, a retry after the delay it asked for, or `failed` with its reason (also after the
 * last attempt); recording it starts the delivery of the chat's next queued message.
 */
export async function deliverMessage(deps: Deps, payload: Readonly<Record<string, unknown>>, attempt: JobAttempt): Promise<JobResult> {
  const messageId = payloadString(payload, 'messageId') as MessageId;
  const pending = await deps.deliveries.pending(messageId);
  // Not queued any more: this job recorded it (and started the next) before a crash kept the job from completing.
  if (!pending) return;
  const outcome = await attemptSend(deps, pending);
  if (outcome.kind === 'retry' && !attempt.isLast) return { kind: 'retry', reason: outcome.reason, afterMs: outcome.afterMs };
  await deps.deliveries.record(pending.message, outcome.kind === 'sent' ? outcome : { kind: 'failed', reason: outcome.reason });
}

// Whatever throws here (the sender, reading a file) is retried and, on the last attempt, recorded as the failure:
// a job that died with the message still queued would hold up every later message of the chat.
async function attemptSend(deps: Deps, pending: PendingDelivery): Promise<Outcome> {
  try {
    const channel = await deps.transaction.read(({ channels }) => channels.get(pending.message.channelId));
    const prepared = await outboundRequestOf(deps, pending, channel);
    if ('problem' in prepared) return { kind: 'rejected', reason: prepared.problem };
    const sender = deps.providers.find(channel.provider)?.sender;
    if (!sender) return { kind: 'rejected', reason: `provider ${channel.provider} cannot send messages` };
    return await sender.send(prepared.request);
  } catch (error) {
    return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
  }
}
