import type { AgentRepository } from '../../application/ports/agent-repository.ts';
import { notFound } from '../../domain/errors.ts';
import type { AgentId, QueueId } from '../../domain/ids.ts';
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
  async findViewerByTokenHash(tokenHash) {
    const agent = [...state.agents.values()].find((a) => a.tokenHash === tokenHash);
    return agent && { agentId: agent.id, role: agent.role, queueIds: await this.queueIdsOf(agent.id) };
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
  async membersOf(queueId) {
    return [...state.queueAgents].filter((m) => m.startsWith(`${queueId}|`)).map((m) => m.split('|')[1] as AgentId).sort();
  },
  async memberships() {
    return [...state.queueAgents].map((m) => m.split('|')).map(([queueId, agentId]) => ({ queueId: queueId as QueueId, agentId: agentId as AgentId }));
  },
  // One transaction at a time runs in memory: reading is locking enough.
  async lockOnline(ids) {
    return [...new Set(ids)].sort().map((id) => state.agents.get(id)).filter((a) => a?.status === 'online').map((a) => copyOf(a!));
  },
  async lock(id) {
    return this.get(id);
  },
});
