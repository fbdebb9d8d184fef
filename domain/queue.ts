import type { QueueId } from './ids.ts';

/** How a queue's waiting chats reach agents: picked by hand, or given to the least busy online agent. */
export const ROUTING_RULES = ['manual', 'auto'] as const;
export type RoutingRule = (typeof ROUTING_RULES)[number];

/** What happens to an agent's active chats of the queue when it goes offline: they stay, or wait in the queue again. */
export const OFFLINE_POLICIES = ['stay', 'requeue'] as const;
export type OfflinePolicy = (typeof OFFLINE_POLICIES)[number];

/** Where a channel's new chats wait [Creatio's chat queue]. */
export class Queue {
  readonly id: QueueId;
  name: string;
  routing: RoutingRule;
  offlinePolicy: OfflinePolicy;
  createdAt: Date;

  constructor(init: { id: QueueId; name: string; routing: RoutingRule; offlinePolicy?: OfflinePolicy | undefined; createdAt: Date }) {
    this.id = init.id;
    this.name = init.name;
    this.routing = init.routing;
    this.offlinePolicy = init.offlinePolicy ?? 'stay';
    this.createdAt = init.createdAt;
  }
}
