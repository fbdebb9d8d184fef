import { initTRPC, TRPCError } from '@trpc/server';
import type { Context } from './context.ts';
import { domainCodeOf, toTrpcError } from './errors.ts';
import { describeInputError } from './input-errors.ts';

const t = initTRPC.context<Context>().create({
  // Never send stacks or internal messages to clients, whatever NODE_ENV says.
  isDev: false,
  // Idle event streams get a ping, so proxies do not cut them; a silent stream is reconnected by clients.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 45_000 } },
  errorFormatter({ shape, error }) {
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      ...shape,
      message: internal ? 'Internal server error' : (describeInputError(error.cause) ?? shape.message),
      data: { ...shape.data, domainCode: domainCodeOf(error), stack: undefined },
    };
  },
});

/** Maps domain errors thrown by use cases to tRPC codes, after the procedure ran. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error);
  return result;
});

/** Requires a valid bearer token. */
const authenticated = t.middleware(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a valid Bearer token is required' });
  return next({ ctx: { ...ctx, viewer: ctx.viewer } });
});

export const router = t.router;
export const publicProcedure = t.procedure.use(domainErrors);
export const authedProcedure = publicProcedure.use(authenticated);
export const createCallerFactory = t.createCallerFactory;
