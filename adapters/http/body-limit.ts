import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's body limit, minus its cost when the request declares its length (messengers and browsers do): it touches the body
 * stream first, which makes @hono/node-server build a full WHATWG Request per request. A declared length is
 * checked from the header (the server never reads past it); a chunked body is counted as it streams in.
 */
export function limitBody(maxSize: number, tooLarge: () => never): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number.parseInt(length, 10) > maxSize) tooLarge();
    return next();
  };
}
