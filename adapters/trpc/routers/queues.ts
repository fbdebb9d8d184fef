import * as v from 'valibot';
import { pageOf } from '../../../application/pagination.ts';
import { byCreation, PageInputSchema } from '../page-input.ts';
import { createQueue } from '../../../application/queues/create-queue.ts';
import { listQueues } from '../../../application/queues/list-queues.ts';
import type { QueueSummary } from '../../../application/queues/queue-summary.ts';
import { setQueueAgents } from '../../../application/queues/set-queue-agents.ts';
import { updateQueue } from '../../../application/queues/update-queue.ts';
import type { AgentId, QueueId } from '../../../domain/ids.ts';
import { OFFLINE_POLICIES, ROUTING_RULES } from '../../../domain/queue.ts';
import { authedProcedure, router } from '../init.ts';
import { IdSchema, NameSchema } from '../inputs.ts';

const RoutingSchema = v.picklist(ROUTING_RULES, 'must be manual or auto');
const OfflinePolicySchema = v.picklist(OFFLINE_POLICIES, 'must be stay or requeue');

const CreateQueueSchema = v.object({ name: NameSchema, routing: RoutingSchema, offlinePolicy: v.optional(OfflinePolicySchema) });
const UpdateQueueSchema = v.object({ queueId: IdSchema, name: v.optional(NameSchema), routing: v.optional(RoutingSchema), offlinePolicy: v.optional(OfflinePolicySchema) });
const SetAgentsSchema = v.object({ queueId: IdSchema, agentIds: v.pipe(v.array(IdSchema), v.maxLength(1000, 'must be at most 1000 agents')) });

/** A queue as the API shows it, with the agents serving it. */
const toQueueView = ({ queue, agentIds }: QueueSummary) => ({
  id: queue.id, name: queue.name, routing: queue.routing, offlinePolicy: queue.offlinePolicy, agentIds: [...agentIds], createdAt: queue.createdAt.toISOString(),
});

/** Queues, their routing rules and their agents (admins only). */
export const queuesRouter = router({
  create: authedProcedure.input(CreateQueueSchema).mutation(async ({ ctx, input }) => toQueueView(await createQueue(ctx.services.deps, ctx.viewer, input))),
  list: authedProcedure.input(PageInputSchema).query(async ({ ctx, input }) => {
    const page = pageOf(await listQueues(ctx.services.deps, ctx.viewer), ({ queue }) => byCreation(queue), input);
    return { items: page.items.map(toQueueView), nextCursor: page.nextCursor };
  }),
  update: authedProcedure.input(UpdateQueueSchema).mutation(async ({ ctx, input }) =>
    toQueueView(await updateQueue(ctx.services.deps, ctx.viewer, { ...input, queueId: input.queueId as QueueId }))),
  setAgents: authedProcedure.input(SetAgentsSchema).mutation(async ({ ctx, input }) =>
    toQueueView(await setQueueAgents(ctx.services.deps, ctx.viewer, { queueId: input.queueId as QueueId, agentIds: input.agentIds as AgentId[] }))),
});
