import type { MessageId } from '../../domain/ids.ts';
import type { Message } from '../../domain/message.ts';
import type { Deps } from '../deps.ts';
import { loadPendingDelivery, outboundRequestOf, type PendingDelivery } from '../messages/delivery-request.ts';
import { startNextDelivery } from '../messages/outgoing-queue.ts';
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
 * last attempt); then starts the delivery of the chat's next queued message.
 */
export async function deliverMessage(deps: Deps, payload: Readonly<Record<string, unknown>>, attempt: JobAttempt): Promise<JobResult> {
  const messageId = payloadString(payload, 'messageId') as MessageId;
  // Reads only (the record below locks and reads the message again): no BEGIN/COMMIT round trips.
  const pending = await deps.transaction.read((stores) => loadPendingDelivery(stores, messageId));
  // Not queued any more: this job recorded it (and started the next) before a crash kept the job from completing.
  if (!pending) return;
  const outcome = await attemptSend(deps, pending);
  if (outcome.kind === 'retry' && !attempt.isLast) return { kind: 'retry', reason: outcome.reason, afterMs: outcome.afterMs };
  await record(deps, pending.message, outcome);
}

// Whatever throws here (the sender, reading a file) is retried and, on the last attempt, recorded as the failure:
// a job that died with the message still queued would hold up every later message of the chat.
async function attemptSend(deps: Deps, pending: PendingDelivery): Promise<Outcome> {
  try {
    const prepared = await outboundRequestOf(deps, pending);
    if ('problem' in prepared) return { kind: 'rejected', reason: prepared.problem };
    const sender = deps.providers.find(pending.channel.provider)?.sender;
    if (!sender) return { kind: 'rejected', reason: `provider ${pending.channel.provider} cannot send messages` };
    return await sender.send(prepared.request);
  } catch (error) {
    return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Records the outcome (a retry here is the last attempt's: failed) and passes the chat's queue on, in one transaction. */
async function record(deps: Deps, message: Message, outcome: Outcome): Promise<void> {
  const changed = await deps.transaction.run(async ({ messages, ...stores }) => {
    await messages.lockOutgoing(message.chatId);
    const stored = await messages.get(message.id);
    // An echo of the messenger may have marked it sent already: the move is then no change, and no event.
    const moved = outcome.kind === 'sent' ? markSent(stored, outcome.externalId) : stored.advanceStatus('failed', outcome.reason);
    await messages.save(stored);
    await startNextDelivery({ messages, ...stores }, stored.chatId);
    return moved ? stored : undefined;
  });
  if (changed?.status) await deps.events.publish({ type: 'message.status_changed', chatId: changed.chatId, messageId: changed.id, status: changed.status });
}

function markSent(message: Message, externalId: string): boolean {
  message.externalId ??= externalId;
  return message.advanceStatus('sent');
}
