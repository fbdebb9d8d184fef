import type { Chat } from '../../domain/chat.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AgentId } from '../../domain/ids.ts';
import { canSeeChat, type Viewer } from '../viewer.ts';

/** The caller's agent id; the built-in admin is nobody's agent, so it cannot own chats or have a status. */
export function requireAgentId(viewer: Viewer): AgentId {
  if (!viewer.agentId) throw new DomainError('forbidden', 'NOT_AN_AGENT', 'only an agent can do this; the built-in admin token belongs to no agent');
  return viewer.agentId;
}

/** Throws forbidden unless the viewer is a supervisor or an admin. */
export function requireSupervisor(viewer: Viewer): void {
  if (viewer.role === 'agent') throw new DomainError('forbidden', 'SUPERVISOR_ONLY', 'only supervisors and admins may do this');
}

/** Throws forbidden unless the viewer may see the chat: its queues' chats and its own for an agent, all for others. */
export function requireVisible(viewer: Viewer, chat: Chat): void {
  if (!canSeeChat(viewer, chat)) throw new DomainError('forbidden', 'CHAT_NOT_VISIBLE', `chat ${chat.id} is not in your queues`);
}

/** Throws forbidden unless the viewer may hand on or end the chat: supervisors and admins any, an agent only its own. */
export function requireOwnerOrSupervisor(viewer: Viewer, chat: Chat): void {
  if (viewer.role !== 'agent') return;
  if (chat.agentId !== viewer.agentId) throw new DomainError('forbidden', 'CHAT_NOT_YOURS', `chat ${chat.id} is not assigned to you`);
}

/** Throws forbidden unless an agent may take the chat: it waits in one of the agent's queues (supervisors and admins: any). */
export function requireMayAccept(viewer: Viewer, chat: Chat): void {
  if (viewer.role !== 'agent' || viewer.queueIds.includes(chat.queueId)) return;
  throw new DomainError('forbidden', 'CHAT_NOT_IN_YOUR_QUEUES', `chat ${chat.id} waits in a queue you do not serve`);
}
