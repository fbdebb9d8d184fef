import { router } from './init.ts';
import { channelsRouter } from './routers/channels.ts';
import { chatsRouter } from './routers/chats.ts';
import { eventsProcedure } from './routers/events.ts';
import { messagesRouter } from './routers/messages.ts';

/** The agent API: every procedure clients may call. */
export const appRouter = router({
  channels: channelsRouter,
  chats: chatsRouter,
  events: eventsProcedure,
  messages: messagesRouter,
});

/** The API's type, for typed clients: `import type { AppRouter } from 'switchboard'`. */
export type AppRouter = typeof appRouter;
