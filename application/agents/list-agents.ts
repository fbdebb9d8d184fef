import type { Deps } from '../deps.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';
import { summarizeAgents, type AgentSummary } from './agent-summary.ts';

/** Every agent, oldest first, with its queues and active chats (admins only). */
export async function listAgents(deps: Pick<Deps, 'transaction'>, viewer: Viewer): Promise<AgentSummary[]> {
  requireAdmin(viewer);
  return deps.transaction.run(async (stores) => summarizeAgents(stores, await stores.agents.list()));
}
