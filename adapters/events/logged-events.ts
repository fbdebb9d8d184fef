import type { Clock } from '../../application/ports/clock.ts';
import type { EventPublisher } from '../../application/ports/events.ts';
import type { EventHub } from './event-hub.ts';
import type { EventLog } from './event-log.ts';

/** What the durable publisher writes to and tells. */
export interface LoggedEventsOptions {
  readonly log: EventLog;
  readonly hub: EventHub;
  /** Listeners in this process (the job worker's wake-up, routing), told after the log. */
  readonly local: EventPublisher;
  readonly clock: Clock;
  readonly onError: (error: unknown) => void;
}

/**
 * Publishes an event durably: appends it to the log (which notifies other instances), wakes this
 * instance's subscribers, then tells local listeners. The use case has committed already, so a log
 * that cannot be written is reported, not thrown back at a caller whose work is done.
 */
export function createLoggedEvents(options: LoggedEventsOptions): EventPublisher {
  return {
    async publish(event) {
      try {
        await options.log.append(event, options.clock.now());
        options.hub.wake();
      } catch (error) {
        options.onError(error);
      }
      await options.local.publish(event);
    },
  };
}
