import { router } from './init.ts';
import { agentsRouter } from './routers/agents.ts';
import { channelsRouter } from './routers/channels.ts';
import { chatsRouter } from './routers/chats.ts';
import { contactsRouter } from './routers/contacts.ts';
import { eventsProcedure } from './routers/events.ts';
import { messagesRouter } from './routers/messages.ts';
import { operatorRouter } from './routers/operator.ts';
import { queuesRouter } from './routers/queues.ts';

/** The agent API: every procedure clients may call. */
export const appRouter = router({
  channels: channelsRouter,
  chats: chatsRouter,
  events: eventsProcedure,
  messages: messagesRouter,
  agents: agentsRouter,
  operator: operatorRouter,
  queues: queuesRouter,
  contacts: contactsRouter,
});

/** The API's type, for typed clients: `import type { AppRouter } from 'switchboard'`. */
export type AppRouter = typeof appRouter;
