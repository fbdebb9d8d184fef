import { pino, type Logger } from 'pino';

/** Headers and fields that carry credentials: never written to a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers["x-telegram-bot-api-secret-token"]', 'req.headers["x-hub-signature-256"]',
  'req.headers["x-switchboard-signature"]', '*.settings', '*.token', '*.botToken', '*.accessToken', '*.pageAccessToken',
  '*.appSecret', '*.secret', '*.secretToken', '*.verifyToken', 'settings', 'token',
];

/** Structured JSON logs on stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'switchboard' } });
}

export type { Logger };
