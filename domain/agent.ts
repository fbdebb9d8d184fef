import { DomainError } from './errors.ts';
import type { AgentId } from './ids.ts';

export const AGENT_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const AGENT_STATUSES = ['online', 'busy', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** How many chats an agent takes at once when nobody says otherwise. */
export const DEFAULT_CAPACITY = 5;

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
  /** When routing or the agent itself last took a chat: with coming online, the start of its idle time. */
  lastAssignedAt: Date | null = null;
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

  /** Since when the agent has been waiting for work: its last assignment, or coming online if later. */
  idleSince(): Date {
    const assigned = this.lastAssignedAt;
    return assigned && assigned > this.statusChangedAt ? assigned : this.statusChangedAt;
  }

  /** Notes that a chat was just given to the agent, which ends its idle time. */
  assigned(at: Date): void {
    this.lastAssignedAt = at;
  }

  /** Keeps the hash of a new token; whatever token came before stops working. */
  useTokenHash(hash: string): void {
    this.tokenHash = hash;
  }

  /** Forgets the token's hash: the token no longer authenticates anyone. */
  revokeToken(): void {
    this.tokenHash = null;
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
