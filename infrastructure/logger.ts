import { pino, stdSerializers, type Logger } from 'pino';

/** Headers and fields that carry credentials: never written to a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers["x-telegram-bot-api-secret-token"]', 'req.headers["x-hub-signature-256"]',
  'req.headers["x-switchboard-signature"]', '*.settings', '*.token', '*.botToken', '*.accessToken', '*.pageAccessToken',
  '*.appSecret', '*.secret', '*.secretToken', '*.verifyToken', 'settings', 'token',
];

/** Database drivers put the SQL, with its values (a channel's settings, say), into error messages. */
const CARRIES_SQL = /\b(insert into|update\s+\S+\s+set|select\s.+\sfrom|delete from|values\s*\()/is;

/** An error as logged: its type and codes always; its message only when it cannot carry query values. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const base = stdSerializers.err(error) as unknown as Record<string, unknown>;
  const withheld = CARRIES_SQL.test(error.message);
  const safe: Record<string, unknown> = {
    type: base.type,
    message: withheld ? '[database error: message withheld, it may contain values]' : error.message,
    stack: withheld ? undefined : base.stack,
  };
  for (const key of ['code', 'sqlState', 'constraint', 'table', 'column'] as const) if (key in error) safe[key] = (error as unknown as Record<string, unknown>)[key];
  if (error.cause !== undefined && depth < 5) safe.cause = serializeError(error.cause, depth + 1);
  return safe;
}

/** Structured JSON logs on stdout. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'switchboard' },
    serializers: { err: serializeError },
  });
}

export type { Logger };
