import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDomainError, type ErrorKind } from '../../domain/errors.ts';

/** Domain error kinds as HTTP statuses: the one table of this edge. */
const STATUS_OF_KIND: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
};

/** The body of every error answer: `{ "error": { "code", "message" } }`. */
export const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** An HTTP error with our JSON body, thrown by routes and middleware. */
export function httpError(status: ContentfulStatusCode, code: string, message: string): HTTPException {
  return new HTTPException(status, { res: Response.json(errorBody(code, message), { status }) });
}

/** Answers any error: domain errors by their kind, HTTP errors as thrown, the rest as a generic 500. */
export function handleError(error: Error, c: Context, logError: (error: unknown) => void): Response {
  if (isDomainError(error)) return c.json(errorBody(error.code, error.message), STATUS_OF_KIND[error.kind]);
  if (error instanceof HTTPException) {
    if (error.res) return error.res;
    return c.json(errorBody(`HTTP_${error.status}`, error.message || 'request failed'), error.status);
  }
  logError(error);
  return c.json(errorBody('INTERNAL', 'internal server error'), 500);
}
