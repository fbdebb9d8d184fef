import type { AgentRole } from '../domain/agent.ts';
import { DomainError } from '../domain/errors.ts';
import type { Chat } from '../domain/chat.ts';
import type { AgentId, QueueId } from '../domain/ids.ts';

/** Who is calling: an agent (or the built-in admin, who has no agent id) and the queues it serves. */
export interface Viewer {
  readonly agentId: AgentId | null;
  readonly role: AgentRole;
  readonly queueIds: readonly QueueId[];
}

/** Supervisors and admins see every chat; agents their queues' chats and the chats assigned to them. */
export function canSeeChat(viewer: Viewer, chat: Pick<Chat, 'agentId' | 'queueId'>): boolean {
  if (viewer.role !== 'agent') return true;
  return chat.agentId === viewer.agentId || viewer.queueIds.includes(chat.queueId);
}

/** Throws forbidden unless the viewer is an admin. */
export function requireAdmin(viewer: Viewer): void {
  if (viewer.role !== 'admin') throw new DomainError('forbidden', 'ADMIN_ONLY', 'only admins may do this');
}
