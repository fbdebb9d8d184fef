import { DomainError } from './errors.ts';
import type { AgentId } from './ids.ts';

export const AGENT_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const AGENT_STATUSES = ['online', 'busy', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** A person (or bot) who answers chats [Creatio's operator]. */
export class Agent {
  readonly id: AgentId;
  name: string;
  role: AgentRole;
  status: AgentStatus = 'offline';
  /** The most active chats the agent takes at once. */
  capacity: number;
  /** A hash of the agent's API token; the token itself is never stored. */
  tokenHash: string | null = null;
  statusChangedAt: Date;
  createdAt: Date;

  constructor(init: { id: AgentId; name: string; role: AgentRole; capacity: number; createdAt: Date }) {
    if (!Number.isInteger(init.capacity) || init.capacity < 0) {
      throw new DomainError('invalid', 'INVALID_CAPACITY', 'capacity must be a whole number of chats, 0 or more');
    }
    this.id = init.id;
    this.name = init.name;
    this.role = init.role;
    this.capacity = init.capacity;
    this.createdAt = init.createdAt;
    this.statusChangedAt = init.createdAt;
  }

  setStatus(status: AgentStatus, at: Date): void {
    if (status === this.status) return;
    this.status = status;
    this.statusChangedAt = at;
  }

  /** Whether routing may give this agent one more chat. */
  canTakeMore(activeChats: number): boolean {
    return this.status === 'online' && activeChats < this.capacity;
  }

  /** Supervisors and admins see every chat; agents see their queues' and their own. */
  get seesAllChats(): boolean {
    return this.role !== 'agent';
  }
}
