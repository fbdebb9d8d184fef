import { Agent, DEFAULT_CAPACITY, type AgentRole } from '../../domain/agent.ts';
import type { QueueId } from '../../domain/ids.ts';
import type { Deps } from '../deps.ts';
import { requireAdmin, type Viewer } from '../viewer.ts';
import { summarizeAgent, type AgentSummary } from './agent-summary.ts';
import type { ApiTokens } from './api-tokens.ts';

export interface CreateAgentInput {
  readonly name: string;
  readonly role: AgentRole;
  readonly capacity?: number | undefined;
  readonly queueIds?: readonly QueueId[] | undefined;
}

/** A new agent and its API token: shown this once, only its hash is stored. */
export interface IssuedAgent {
  readonly agent: AgentSummary;
  readonly token: string;
}

/** Creates an agent (offline, in the given queues) with its first API token (admins only). */
export async function createAgent(deps: Pick<Deps, 'transaction' | 'clock' | 'ids'>, viewer: Viewer, input: CreateAgentInput, tokens: ApiTokens): Promise<IssuedAgent> {
  requireAdmin(viewer);
  const issued = tokens.issue();
  const agent = new Agent({ id: deps.ids.next(), name: input.name, role: input.role, capacity: input.capacity ?? DEFAULT_CAPACITY, createdAt: deps.clock.now() });
  agent.useTokenHash(issued.hash);
  const summary = await deps.transaction.run(async (stores) => {
    await stores.agents.save(agent);
    for (const queueId of new Set(input.queueIds ?? [])) {
      await stores.queues.get(queueId);
      await stores.agents.setQueueAgents(queueId, [...(await stores.agents.membersOf(queueId)), agent.id]);
    }
    return summarizeAgent(stores, agent.id);
  });
  return { agent: summary, token: issued.token };
}
