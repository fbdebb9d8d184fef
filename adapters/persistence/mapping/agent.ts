import { EntitySchema } from '@mikro-orm/core';
import { Agent } from '../../../domain/agent.ts';

/** Table `agent`; queue memberships live in `queue_agent`, written by the agent repository. */
export const AgentSchema = new EntitySchema<Agent>({
  class: Agent,
  tableName: 'agent',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    role: { type: 'text' },
    status: { type: 'text' },
    capacity: { type: 'integer' },
    tokenHash: { type: 'text', nullable: true },
    statusChangedAt: { type: 'Date', columnType: 'timestamptz' },
    lastAssignedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz' },
    seesAllChats: { type: 'boolean', persist: false, getter: true },
  },
});
