import type { Agent } from '../../domain/agent.ts';
import type { Attachment } from '../../domain/attachment.ts';
import type { Channel } from '../../domain/channel.ts';
import type { Chat } from '../../domain/chat.ts';
import type { Contact, ContactIdentity } from '../../domain/contact.ts';
import type { ContactMerge } from '../../domain/contact-merge.ts';
import type { Message } from '../../domain/message.ts';
import type { Queue } from '../../domain/queue.ts';
import type { RoutingDecision } from '../../domain/routing.ts';
import type { ChatTransition } from '../../domain/transition.ts';
import type { JobRequest } from '../../application/ports/job-queue.ts';

/** A job as the memory queue keeps it. */
export interface MemoryJob {
  readonly id: string;
  readonly request: JobRequest;
  runAt: Date;
  attempts: number;
  lockedUntil: Date | null;
  state: 'pending' | 'done' | 'failed';
  lastError: string | null;
}

/** Everything the memory adapters hold: the tables of a database that lives in one process. */
export interface MemoryState {
  channels: Map<string, Channel>;
  contacts: Map<string, Contact>;
  identities: Map<string, ContactIdentity>;
  chats: Map<string, Chat>;
  messages: Map<string, Message>;
  attachments: Map<string, Attachment>;
  agents: Map<string, Agent>;
  queues: Map<string, Queue>;
  queueAgents: Set<string>;
  jobs: Map<string, MemoryJob>;
  transitions: Map<string, ChatTransition>;
  routingDecisions: Map<string, RoutingDecision>;
  contactMerges: Map<string, ContactMerge>;
}

export const emptyMemoryState = (): MemoryState => ({
  channels: new Map(), contacts: new Map(), identities: new Map(), chats: new Map(), messages: new Map(),
  attachments: new Map(), agents: new Map(), queues: new Map(), queueAgents: new Set(), jobs: new Map(),
  transitions: new Map(), routingDecisions: new Map(), contactMerges: new Map(),
});

/** A copy of an entity, so that what a caller changes is stored only when it saves, as with a database. */
export function copyOf<T extends object>(entity: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(entity) as object) as T, entity);
}

/** A copy of the whole state, to restore when a transaction fails. */
export function snapshotOf(state: MemoryState): MemoryState {
  const copyMap = <V extends object>(map: Map<string, V>) => new Map([...map].map(([k, v]) => [k, copyOf(v)] as const));
  return {
    channels: copyMap(state.channels), contacts: copyMap(state.contacts), identities: copyMap(state.identities),
    chats: copyMap(state.chats), messages: copyMap(state.messages), attachments: copyMap(state.attachments),
    agents: copyMap(state.agents), queues: copyMap(state.queues), queueAgents: new Set(state.queueAgents),
    jobs: new Map([...state.jobs].map(([k, v]) => [k, { ...v }] as const)),
    // Records are never changed once written: a copy of the map is enough.
    transitions: new Map(state.transitions), routingDecisions: new Map(state.routingDecisions), contactMerges: new Map(state.contactMerges),
  };
}

/** Makes `target` hold what `source` holds (a rollback). */
export function restoreState(target: MemoryState, source: MemoryState): void {
  Object.assign(target, source);
}

