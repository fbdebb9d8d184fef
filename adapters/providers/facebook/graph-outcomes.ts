import type { SendOutcome } from '../../../application/ports/outbound-sender.ts';
import { bodyExcerpt, httpReason, retryAfterMs } from '../http-outcomes.ts';
import type { GraphAnswer, GraphError } from './graph.ts';

/**
 * Graph's rate-limit codes: app (4), user (17), Page (32), per-call (613), and the Business Use
 * Case limits of Pages (80001) and Messenger (80006).
 * @see https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 * @see https://developers.facebook.com/docs/messenger-platform/error-codes
 */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80006]);
/** "An unknown error occurred" (1) and "Please retry your request later" (2). */
const TRANSIENT_CODES = new Set([1, 2]);
const MAX_HINT_MS = 24 * 60 * 60 * 1000;

/** Whether Graph refused for a rate limit (HTTP 429 or one of its rate-limit codes). */
export function isRateLimited({ status, error }: Pick<GraphAnswer, 'status' | 'error'>): boolean {
  return status === 429 || (error?.code !== undefined && RATE_LIMIT_CODES.has(error.code));
}

/** What a caller needs to turn a refused Graph call into an outcome. */
export interface OutcomeContext {
  readonly now: Date;
  readonly retryDelayMs: number;
  /** Values that must never appear in a reason (the page token, the app secret). */
  readonly secrets: readonly string[];
}

/** A refused or failed Graph answer as a SendOutcome: retry (rate limits, 5xx, transient codes) or rejected with a readable reason. */
export function failedOutcome(answer: GraphAnswer, context: OutcomeContext): Extract<SendOutcome, { kind: 'retry' | 'rejected' }> {
  const { status, error } = answer;
  const reason = redact(reasonOf(answer), context.secrets);
  if (isRateLimited(answer)) {
    return { kind: 'retry', afterMs: rateLimitDelayMs(answer.headers, context), reason: `rate limited: ${reason}` };
  }
  if (status >= 500 || status === 408 || error?.isTransient || (error?.code !== undefined && TRANSIENT_CODES.has(error.code))) {
    return { kind: 'retry', afterMs: retryAfterMs(answer.headers.get('retry-after'), context.now, context.retryDelayMs), reason };
  }
  return { kind: 'rejected', reason };
}

/** Why Graph refused, in words an agent can act on, with Graph's own message and codes. */
export function reasonOf(answer: GraphAnswer): string {
  const { error } = answer;
  if (!error) return httpReason(answer.status, answer.statusText, answer.text);
  const codes = [`code ${error.code ?? '?'}`, error.subcode ? `subcode ${error.subcode}` : '', error.fbtraceId ? `fbtrace_id ${error.fbtraceId}` : '']
    .filter(Boolean).join(', ');
  return `${explain(error) ?? `the Graph API refused the call (HTTP ${answer.status})`}: ${bodyExcerpt(error.message)} (${codes})`;
}

function explain({ code, subcode }: GraphError): string | undefined {
  if (code === 10 && subcode === 2018278) {
    return 'outside the 24-hour window: messaging_type RESPONSE is only allowed within 24 hours of the person\'s last message';
  }
  if (code === 10) return 'the app or Page lacks a permission this call needs';
  if (code === 551) return 'the person is not available (they may have blocked the Page or left Messenger)';
  if (code === 100 && subcode === 2018001) return 'no matching user: the recipient is not a person who wrote to this Page';
  if (code === 190) return 'the page access token was refused (invalid or expired)';
  if (code === 200) return 'the Page may not message this person (permission refused)';
  return undefined;
}

/**
 * How long to wait after a rate limit: `Retry-After` when present (seconds), else the Business
 * Use Case usage headers' `estimated_time_to_regain_access` (minutes), else the default delay.
 * @see https://developers.facebook.com/docs/graph-api/overview/rate-limiting#headers
 */
export function rateLimitDelayMs(headers: Headers, context: Pick<OutcomeContext, 'now' | 'retryDelayMs'>): number {
  const hinted = retryAfterMs(headers.get('retry-after'), context.now, Number.NaN);
  if (!Number.isNaN(hinted)) return hinted;
  const minutes = [headers.get('x-business-use-case-usage'), headers.get('x-page-usage'), headers.get('x-app-usage')]
    .flatMap((header) => regainMinutes(header));
  const longest = Math.max(0, ...minutes);
  return longest > 0 ? Math.min(longest * 60_000, MAX_HINT_MS) : context.retryDelayMs;
}

function regainMinutes(header: string | null): number[] {
  if (!header) return [];
  try {
    return collect(JSON.parse(header), 0);
  } catch {
    return [];
  }
}

// BUC nests usage per business id (`{ "<id>": [{ ... }] }`), the Page header is flat: look everywhere, not deep.
function collect(value: unknown, depth: number): number[] {
  if (value === null || typeof value !== 'object' || depth > 3) return [];
  return Object.entries(value).flatMap(([key, item]) => (key === 'estimated_time_to_regain_access'
    ? (typeof item === 'number' && Number.isFinite(item) ? [item] : [])
    : collect(item, depth + 1)));
}

/** The text with every secret replaced: a Graph message may quote what it was sent. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret.length > 0).reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}
