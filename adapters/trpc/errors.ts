import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { isDomainError, type ErrorKind } from '../../domain/errors.ts';

/** Domain error kinds as tRPC codes: the one table of this edge. */
const CODE_OF_KIND: Record<ErrorKind, TRPC_ERROR_CODE_KEY> = {
  invalid: 'BAD_REQUEST',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  forbidden: 'FORBIDDEN',
  unauthorized: 'UNAUTHORIZED',
};

/** Turns a domain error into the tRPC error clients see; anything else is left alone (a 500). */
export function toTrpcError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (!isDomainError(cause)) return error;
  return new TRPCError({ code: CODE_OF_KIND[cause.kind], message: cause.message, cause });
}

/** The domain code of an error, for the error's `data`. */
export const domainCodeOf = (error: TRPCError): string | null => (isDomainError(error.cause) ? error.cause.code : null);
