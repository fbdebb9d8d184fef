import type { ChatId, QueueId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { routeQueue } from '../routing/route-queue.ts';
import { payloadString, type JobResult } from './job-handler.ts';

/**
 * Routes a chat that just opened by its queue's rule. A job, not part of receiving the message: the
 * messenger's webhook is answered as soon as the message is stored, and a chat whose routing failed
 * (or whose instance stopped) is routed on the job's retry instead of waiting for the next trigger.
 */
export async function routeChat(deps: Deps, payload: Readonly<Record<string, unknown>>): Promise<JobResult> {
  await routeQueue(deps, payloadString(payload, 'queueId') as QueueId, payloadString(payload, 'chatId') as ChatId);
}
