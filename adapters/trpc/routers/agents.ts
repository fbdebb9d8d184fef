import * as v from 'valibot';
import type { AgentSummary } from '../../../application/agents/agent-summary.ts';
import type { ApiTokens } from '../../../application/agents/api-tokens.ts';
import { createAgent } from '../../../application/agents/create-agent.ts';
import { listAgents } from '../../../application/agents/list-agents.ts';
import { pageOf } from '../../../application/pagination.ts';
import { byCreation, PageInputSchema } from '../page-input.ts';
import { revokeAgentToken } from '../../../application/agents/revoke-agent-token.ts';
import { rotateAgentToken } from '../../../application/agents/rotate-agent-token.ts';
import { AGENT_ROLES } from '../../../domain/agent.ts';
import type { AgentId, QueueId } from '../../../domain/ids.ts';
import { hashToken, newApiToken } from '../../security/tokens.ts';
import { authedProcedure, router } from '../init.ts';
import { IdSchema, NameSchema } from '../inputs.ts';

const CreateAgentSchema = v.object({
  name: NameSchema,
  role: v.picklist(AGENT_ROLES, 'must be agent, supervisor or admin'),
  capacity: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0), v.maxValue(1000))),
  queueIds: v.optional(v.pipe(v.array(IdSchema), v.maxLength(100, 'must be at most 100 queues'))),
});

const AgentInputSchema = v.object({ agentId: IdSchema });

/** Random tokens, of which only the SHA-256 is stored. */
const apiTokens: ApiTokens = {
  issue() {
    const token = newApiToken();
    return { token, hash: hashToken(token) };
  },
};

/** An agent as the API shows it: never its token or the token's hash. */
export const toAgentView = ({ agent, queueIds, activeChats }: AgentSummary) => ({
  id: agent.id as AgentId | null,
  name: agent.name,
  role: agent.role,
  status: agent.status,
  capacity: agent.capacity,
  queueIds: [...queueIds],
  activeChats,
  hasToken: agent.tokenHash !== null,
  statusChangedAt: agent.statusChangedAt.toISOString() as string | null,
  createdAt: agent.createdAt.toISOString() as string | null,
});

/** Agents and their API tokens (admins only). */
export const agentsRouter = router({
  create: authedProcedure.input(CreateAgentSchema).mutation(async ({ ctx, input }) => {
    const { agent, token } = await createAgent(ctx.services.deps, ctx.viewer, { ...input, queueIds: input.queueIds as QueueId[] | undefined }, apiTokens);
    return { agent: toAgentView(agent), token };
  }),
  list: authedProcedure.input(PageInputSchema).query(async ({ ctx, input }) => {
    const page = pageOf(await listAgents(ctx.services.deps, ctx.viewer), ({ agent }) => byCreation(agent), input);
    return { items: page.items.map(toAgentView), nextCursor: page.nextCursor };
  }),
  rotateToken: authedProcedure.input(AgentInputSchema).mutation(({ ctx, input }) =>
    rotateAgentToken(ctx.services.deps, ctx.viewer, { agentId: input.agentId as AgentId }, apiTokens)),
  revokeToken: authedProcedure.input(AgentInputSchema).mutation(async ({ ctx, input }) =>
    toAgentView(await revokeAgentToken(ctx.services.deps, ctx.viewer, { agentId: input.agentId as AgentId }))),
});
