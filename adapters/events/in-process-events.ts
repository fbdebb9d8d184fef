import type { EventPublisher, SwitchboardEvent } from '../../application/ports/events.ts';

/** A subscriber's callback; it must not throw (errors are reported, never passed to the publisher). */
export type EventListener = (event: SwitchboardEvent) => void;

/** Events delivered to listeners in this process. */
export interface InProcessEvents extends EventPublisher {
  subscribe(listener: EventListener): () => void;
}

export function createInProcessEvents(onListenerError: (error: unknown) => void = () => {}): InProcessEvents {
  const listeners = new Set<EventListener>();
  return {
    async publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
