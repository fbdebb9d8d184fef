import type { AgentId, ChatId, QueueId } from './ids.ts';

/** An online agent of a queue as routing weighs it. */
export interface RoutingCandidate {
  readonly agentId: AgentId;
  readonly capacity: number;
  readonly activeChats: number;
  readonly idleSince: Date;
}

/** Whom routing picked, or nobody, and why in words a supervisor reads. */
export type RoutingChoice =
  | { readonly agentId: AgentId; readonly reason: string }
  | { readonly agentId: null; readonly reason: string };

/**
 * Creatio's "for free" rule: among online agents with free capacity, the fewest active chats wins;
 * a tie goes to the agent idle longest (then the lower id, so the choice never depends on row order).
 */
export function chooseLeastBusy(candidates: readonly RoutingCandidate[], now: Date): RoutingChoice {
  if (candidates.length === 0) return { agentId: null, reason: 'no agent of the queue is online' };
  const free = candidates.filter((c) => c.activeChats < c.capacity);
  if (free.length === 0) return { agentId: null, reason: `all ${candidates.length} online agents are at capacity` };
  const [best] = [...free].sort(byLoadThenIdle);
  const seconds = Math.max(0, Math.round((now.getTime() - best!.idleSince.getTime()) / 1000));
  const among = free.length > 1 ? `, among ${free.length} with free capacity` : '';
  return { agentId: best!.agentId, reason: `least busy: ${best!.activeChats} of ${best!.capacity} active, idle ${seconds} s${among}` };
}

const byLoadThenIdle = (a: RoutingCandidate, b: RoutingCandidate): number =>
  a.activeChats - b.activeChats || a.idleSince.getTime() - b.idleSince.getTime() || (a.agentId < b.agentId ? -1 : 1);

/** The reason a chat waiting in a manual queue is not routed. */
export const MANUAL_QUEUE_REASON = 'manual queue: waits for an agent to accept it';

/** One routing decision, kept so a supervisor can see why a chat went where it did (or stayed). */
export class RoutingDecision {
  readonly id: string;
  readonly chatId: ChatId;
  readonly queueId: QueueId;
  readonly agentId: AgentId | null;
  readonly reason: string;
  readonly at: Date;

  constructor(init: { id: string; chatId: ChatId; queueId: QueueId; agentId: AgentId | null; reason: string; at: Date }) {
    this.id = init.id;
    this.chatId = init.chatId;
    this.queueId = init.queueId;
    this.agentId = init.agentId;
    this.reason = init.reason;
    this.at = init.at;
  }
}
