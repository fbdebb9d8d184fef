import type { QueueId } from './ids.ts';

/** How a queue's waiting chats reach agents: picked by hand, or given to the least busy online agent. */
export const ROUTING_RULES = ['manual', 'auto'] as const;
export type RoutingRule = (typeof ROUTING_RULES)[number];

/** Where a channel's new chats wait [Creatio's chat queue]. */
export class Queue {
  readonly id: QueueId;
  name: string;
  routing: RoutingRule;
  createdAt: Date;

  constructor(init: { id: QueueId; name: string; routing: RoutingRule; createdAt: Date }) {
    this.id = init.id;
    this.name = init.name;
    this.routing = init.routing;
    this.createdAt = init.createdAt;
  }
}
