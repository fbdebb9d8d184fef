import { AgentSchema } from './agent.ts';
import { AttachmentSchema } from './attachment.ts';
import { ChannelSchema } from './channel.ts';
import { ChatTransitionSchema } from './chat-transition.ts';
import { ChatSchema } from './chat.ts';
import { ContactIdentitySchema } from './contact-identity.ts';
import { ContactMergeSchema } from './contact-merge.ts';
import { ContactSchema } from './contact.ts';
import { MessageSchema } from './message.ts';
import { QueueSchema } from './queue.ts';
import { RoutingDecisionSchema } from './routing-decision.ts';

/** Every mapped domain class; `job` and `queue_agent` have no class and are written with SQL. */
export const entitySchemas = [
  QueueSchema, AgentSchema, ChannelSchema, ContactSchema, ContactIdentitySchema, ChatSchema, MessageSchema, AttachmentSchema,
  ChatTransitionSchema, RoutingDecisionSchema, ContactMergeSchema,
];
