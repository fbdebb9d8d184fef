/**
 * An example agent for Switchboard: lists the chats it can see, follows events, and answers each
 * incoming message.
 *
 *   SWITCHBOARD_URL=http://localhost:3000 SWITCHBOARD_TOKEN=<token> npm run example:agent
 *
 * - SWITCHBOARD_TOKEN is an agent's API token (agents.create returns it once) or the
 *   SWITCHBOARD_ADMIN_TOKEN; SWITCHBOARD_URL defaults to http://localhost:3000.
 * - It prints its chats (chats.list), then follows the `events` subscription (server-sent events).
 *   For each `message.received` it reads the message (chats.history); when the customer wrote it,
 *   it takes the chat if it still waits (chats.accept) and replies (messages.send). The reply's
 *   idempotency key is the message's id, so a message is answered once even if its event comes twice.
 * - A dropped connection is retried; the client resumes after the last event it received.
 * - Ctrl-C stops it.
 */
import { TRPCClientError } from '@trpc/client';
import { createSwitchboardClient, type EventView, type SwitchboardClient } from '../client/index.ts';

const url = process.env.SWITCHBOARD_URL ?? 'http://localhost:3000';
const token = process.env.SWITCHBOARD_TOKEN;
if (!token) {
  console.error("Set SWITCHBOARD_TOKEN to an agent's API token (or to SWITCHBOARD_ADMIN_TOKEN).");
  process.exit(2);
}

const client = createSwitchboardClient({ url, token });
await listChats(client);
const subscription = follow(client);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    subscription.unsubscribe();
    process.exit(0);
  });
}

/** Prints the open chats this token may see, newest first. */
async function listChats(client: SwitchboardClient): Promise<void> {
  const page = await client.chats.list.query({ limit: 20 });
  console.log(`${page.items.length} chat(s)${page.nextCursor ? ' (and more)' : ''}`);
  for (const chat of page.items) console.log(`  ${chat.id} ${chat.status} queue ${chat.queueId} unread ${chat.unreadCount}`);
}

/** Subscribes to events; they are handled one at a time, in order. */
function follow(client: SwitchboardClient) {
  let work = Promise.resolve();
  return client.events.subscribe({}, {
    onStarted: () => console.log('following events'),
    onData: ({ data }) => {
      work = work.then(() => handle(client, data)).catch((error: unknown) => console.error('could not handle an event:', describe(error)));
    },
    onConnectionStateChange: (state) => {
      if (state.state === 'connecting' && state.error) console.warn('reconnecting:', state.error.message);
    },
    onError: (error) => {
      console.error('events stopped:', error.message);
      process.exit(1);
    },
  });
}

async function handle(client: SwitchboardClient, event: EventView): Promise<void> {
  console.log(`${event.at} #${event.id} ${event.type} chat ${event.chatId ?? '-'}`);
  if (event.type === 'message.received') await answer(client, event.chatId, event.messageId);
}

/** Replies to a customer's message (an echo of what the agent itself sent elsewhere is left alone). */
async function answer(client: SwitchboardClient, chatId: string, messageId: string): Promise<void> {
  const history = await client.chats.history.query({ chatId, limit: 50 });
  const message = history.items.find((item) => item.id === messageId);
  if (!message || message.direction !== 'incoming') return;
  await acceptIfWaiting(client, chatId);
  const text = message.text ? `Thanks for your message: "${message.text.slice(0, 200)}". An agent is on it.` : 'Thanks, we got your message.';
  const reply = await client.messages.send.mutate({ chatId, text, idempotencyKey: `example-agent:${messageId}` });
  console.log(`  answered with message ${reply.id} (${reply.status})`);
}

/** Takes the chat when it still waits in its queue; one another agent (or auto-routing) took is answered all the same. */
async function acceptIfWaiting(client: SwitchboardClient, chatId: string): Promise<void> {
  try {
    await client.chats.accept.mutate({ chatId });
    console.log(`  accepted chat ${chatId}`);
  } catch (error) {
    console.log(`  did not accept chat ${chatId}: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  if (error instanceof TRPCClientError) return `${(error.data as { code?: string } | undefined)?.code ?? 'error'}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
