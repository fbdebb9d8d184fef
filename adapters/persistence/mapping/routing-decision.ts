import { EntitySchema } from '@mikro-orm/core';
import { RoutingDecision } from '../../../domain/routing.ts';

/** Table `routing_decision`: why routing gave a chat to an agent, or left it waiting. */
export const RoutingDecisionSchema = new EntitySchema<RoutingDecision>({
  class: RoutingDecision,
  tableName: 'routing_decision',
  properties: {
    id: { type: 'uuid', primary: true },
    chatId: { type: 'uuid' },
    queueId: { type: 'uuid' },
    agentId: { type: 'uuid', nullable: true },
    reason: { type: 'text' },
    at: { type: 'Date', columnType: 'timestamptz' },
  },
});
