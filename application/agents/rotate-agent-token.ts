import type { AgentId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';
import type { ApiTokens } from './api-tokens.ts';

/** Gives an agent a new API token, shown this once; the old one stops working at once (admins only). */
export async function rotateAgentToken(deps: Pick<Deps, 'transaction'>, viewer: Viewer, input: { readonly agentId: AgentId }, tokens: ApiTokens): Promise<{ token: string }> {
  requireAdmin(viewer);
  const issued = tokens.issue();
  await deps.transaction.run(async ({ agents }) => {
    const agent = await agents.get(input.agentId);
    agent.useTokenHash(issued.hash);
    await agents.save(agent);
  });
  return { token: issued.token };
}
