import type { AgentId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';
import { summarizeAgent, type AgentSummary } from './agent-summary.ts';

/**
 * Revokes an agent's API token: every request with it is refused from now on, since each request looks
 * the token up (admins only). The agent keeps its chats; rotating gives it a token again.
 */
export async function revokeAgentToken(deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: { readonly agentId: AgentId }): Promise<AgentSummary> {
  requireAdmin(viewer);
  return deps.transaction.run(async (stores) => {
    const agent = await stores.agents.get(input.agentId);
    agent.revokeToken();
    await stores.agents.save(agent);
    return summarizeAgent(stores, agent.id);
  });
}
