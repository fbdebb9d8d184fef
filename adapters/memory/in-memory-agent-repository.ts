import type { AgentRepository } from '../../application/ports/agent-repository.ts';
import { notFound } from '../../domain/errors.ts';
import type { QueueId } from '../../domain/ids.ts';
import { copyOf, type MemoryState } from './memory-state.ts';

const membership = (queueId: string, agentId: string) => `${queueId}|${agentId}`;

/** Agents and queue memberships in memory, held to the agent repository contract. */
export const createInMemoryAgentRepository = (state: MemoryState): AgentRepository => ({
  async find(id) {
    const agent = state.agents.get(id);
    return agent && copyOf(agent);
  },
  async get(id) {
    const agent = await this.find(id);
    if (!agent) throw notFound('agent', id);
    return agent;
  },
  async findByTokenHash(tokenHash) {
    const agent = [...state.agents.values()].find((a) => a.tokenHash === tokenHash);
    return agent && copyOf(agent);
  },
  async list() {
    return [...state.agents.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(copyOf);
  },
  async save(agent) {
    state.agents.set(agent.id, copyOf(agent));
  },
  async queueIdsOf(agentId) {
    return [...state.queueAgents].filter((m) => m.endsWith(`|${agentId}`)).map((m) => m.split('|')[0] as QueueId);
  },
  async setQueueAgents(queueId, agentIds) {
    for (const m of [...state.queueAgents]) if (m.startsWith(`${queueId}|`)) state.queueAgents.delete(m);
    for (const agentId of agentIds) state.queueAgents.add(membership(queueId, agentId));
  },
});
