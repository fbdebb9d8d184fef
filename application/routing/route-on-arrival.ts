import type { EventPublisher } from '../ports/events.ts';
import { routeQueue, type RoutingDeps } from './route-queue.ts';

/**
 * Wraps the event publisher so that each new chat is routed by its queue's rule right after its
 * `chat.created` event goes out. Routing hangs off the event, not off the inbound use case: receiving a
 * message knows nothing of agents, and every way a chat can be created is covered by one line of wiring.
 * The publisher's caller (a webhook) waits for the routing, but never fails by it: the message is stored
 * already, and a chat that could not be routed waits for the next trigger (an agent coming online or freeing capacity).
 */
export function routeOnArrival(deps: RoutingDeps, onError: (error: unknown) => void): EventPublisher {
  return {
    async publish(event) {
      await deps.events.publish(event);
      if (event.type !== 'chat.created') return;
      try {
        await routeQueue(deps, event.queueId, event.chatId);
      } catch (error) {
        onError(error);
      }
    },
  };
}
