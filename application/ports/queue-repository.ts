import type { QueueId } from '../../domain/ids.ts';
import type { Queue } from '../../domain/queue.ts';

/** Where chats wait. */
export interface QueueRepository {
  find(id: QueueId): Promise<Queue | undefined>;
  /** Throws not_found. */
  get(id: QueueId): Promise<Queue>;
  list(): Promise<Queue[]>;
  save(queue: Queue): Promise<void>;
  /** The queue, locked until the transaction ends: one router at a time serves its waiting chats, on any instance. Throws not_found. */
  lock(id: QueueId): Promise<Queue>;
  /**
   * The queue, locked until the transaction ends for changing its rules: also against arrivals opening a chat
   * in it, which wait and then see the new rules (a chat is never left unrouted by a switch to automatic
   * routing). Routers (`lock`) never block arrivals. Throws not_found.
   */
  lockToChange(id: QueueId): Promise<Queue>;
}
