import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMikroOrmEventLog } from '../../adapters/persistence/mikro-orm-event-log.ts';
import { systemClock } from '../../adapters/system/system-clock.ts';
import { createContext, type Context } from '../../adapters/trpc/context.ts';
import { createCallerFactory } from '../../adapters/trpc/init.ts';
import { appRouter } from '../../adapters/trpc/router.ts';
import type { Database } from '../../infrastructure/database.ts';
import { buildService } from '../../infrastructure/service.ts';

const createCaller = createCallerFactory(appRouter);

/** What one sample asks the API: a procedure of `chats`, its input, and whose token asks. */
export interface ApiCall {
  readonly token: string;
  readonly procedure: 'list' | 'history';
  readonly input: Record<string, unknown>;
}

/** A page as the API answers it. */
export interface ApiPage {
  readonly items: readonly { readonly id: string }[];
  readonly nextCursor: string | null;
}

/** The service built as compose.ts builds it, called in-process through tRPC's createCaller. */
export interface InProcessApi {
  /** Resolves the token to a viewer as an HTTP request would (a database lookup). */
  contextFor(token: string): Promise<Context>;
  /** Runs the procedure for an already resolved caller. */
  call(context: Context, call: ApiCall): Promise<ApiPage>;
  close(): Promise<void>;
}

/** Builds the service on the seeded database (no HTTP server, no background jobs: reads only). */
export async function inProcessApi(database: Database): Promise<InProcessApi> {
  const tempDir = await mkdtemp(join(tmpdir(), 'switchboard-bench-reads-'));
  const { services, eventFeed } = buildService({
    transaction: database.transaction,
    databaseAnswers: () => database.ping().then(() => true),
    clock: systemClock,
    filesDir: join(tempDir, 'files'),
    publicUrl: undefined,
    adminToken: undefined,
    bodyLimitBytes: 1 << 20,
    fileLimitBytes: 25 << 20,
    attachmentLimitBytes: 50 << 20,
    logError: (error) => console.error(error),
    eventLog: createMikroOrmEventLog(database.orm),
  });
  return {
    contextFor: (token) => createContext(services, new Request('http://bench/trpc', { headers: { authorization: `Bearer ${token}` } })),
    call: (context, call) => {
      const chats = createCaller(context).chats;
      return call.procedure === 'list' ? chats.list(call.input) : chats.history(call.input as { chatId: string });
    },
    async close() {
      eventFeed.hub.close();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}
