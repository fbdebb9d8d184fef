import type { Deps } from '../deps.ts';
import type { Viewer } from '../viewer.ts';
import { summarizeAgent, type AgentSummary } from './agent-summary.ts';

/** The calling agent with its queues and active chats; null for the built-in admin, which is no agent. */
export async function getOperator(deps: Pick<Deps, 'transaction'>, viewer: Viewer): Promise<AgentSummary | null> {
  const agentId = viewer.agentId;
  if (!agentId) return null;
  return deps.transaction.run((stores) => summarizeAgent(stores, agentId));
}
