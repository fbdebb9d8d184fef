import type { SwitchboardEvent } from '../../application/ports/events.ts';

/** An entry of the event log: its place in the log, what happened, and who may see it. */
export interface StoredEvent {
  /** The entry's position, a decimal integer that grows with every entry; clients resume after it. */
  readonly id: string;
  readonly type: string;
  readonly chatId: string | null;
  /** The chat's queue and agent right after the event (or the agent the event names): who may see it. */
  readonly queueId: string | null;
  readonly agentId: string | null;
  /** The event's other fields. */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/** An agent's view of the log: entries of its queues and entries naming it. */
export interface Audience {
  readonly agentId: string | null;
  readonly queueIds: readonly string[];
}

/** The durable, ordered log of events that subscriptions read and replay. */
export interface EventLog {
  /** Stores an event with its chat's current queue and agent; entries become readable in id order, never out of it. */
  append(event: SwitchboardEvent, at: Date): Promise<StoredEvent>;
  /** At most `limit` entries after `afterId`, in id order; only what `audience` may see when one is given. */
  read(afterId: string, limit: number, audience?: Audience): Promise<StoredEvent[]>;
  /** The newest entry's id, '0' when the log is empty. */
  lastId(): Promise<string>;
  /** Forgets entries older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/** The fields of an event besides its type and chat, as the log keeps them. */
export function payloadOf(event: SwitchboardEvent): Record<string, unknown> {
  const { type: _type, chatId: _chatId, ...payload } = event as SwitchboardEvent & Record<string, unknown>;
  return payload;
}

/** The chat an event is about, when it is about one. */
export function chatIdOf(event: SwitchboardEvent): string | null {
  const chatId = (event as { readonly chatId?: unknown }).chatId;
  return typeof chatId === 'string' ? chatId : null;
}

/** The agent or queue an event names itself, when it names one (an assignment reaches its agent wherever the chat waits). */
export function namedIn(payload: Readonly<Record<string, unknown>>, field: 'agentId' | 'queueId' | 'fromAgentId' | 'fromQueueId'): string | null {
  const value = payload[field];
  return typeof value === 'string' ? value : null;
}

/** Whether entry `a` comes after entry `b` (ids compare as integers, not as text). */
export const isAfter = (a: string, b: string): boolean => BigInt(a) > BigInt(b);

/**
 * Whether an audience may see an entry; no audience (supervisors, admins) sees everything. The agent
 * or queue a chat moved away from (`fromAgentId`, `fromQueueId`) sees the move too, so it can drop the chat.
 */
export function isVisibleTo(audience: Audience | undefined, entry: StoredEvent): boolean {
  if (!audience) return true;
  const agents = [entry.agentId, namedIn(entry.payload, 'fromAgentId')];
  const queues = [entry.queueId, namedIn(entry.payload, 'fromQueueId')];
  return (audience.agentId !== null && agents.includes(audience.agentId)) || queues.some((id) => id !== null && audience.queueIds.includes(id));
}
