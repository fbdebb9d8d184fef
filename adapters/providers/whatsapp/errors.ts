import type { SendOutcome } from '../../../application/ports/outbound-sender.ts';
import { bodyExcerpt, retryAfterMs } from '../http-outcomes.ts';
import type { GraphAnswer } from './graph.ts';
import type { WhatsAppSettings } from './settings.ts';

const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

/** The `error` object of a Graph API answer. */
export interface GraphError {
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly message: string | undefined;
  readonly details: string | undefined;
  readonly fbtraceId: string | undefined;
}

/**
 * Codes that say "later", not "never": throughput (130429), pair rate (131056), Graph call limits
 * (4, 80007), and WhatsApp-side trouble (1, 2, 131000, 131016, 133004).
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
 */
const RETRY_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004]);

/** Plain words for the refusals an agent meets most; the platform's own message follows. */
const MEANINGS: Readonly<Record<number, string>> = {
  131047: 'outside the 24-hour customer service window: more than 24 hours have passed since the customer last wrote, only a template can reach them now',
  131026: 'the message could not be delivered to this recipient',
  131051: 'WhatsApp does not support this message type',
  100: 'WhatsApp refused a parameter of the request',
  190: 'the access token was refused',
};

/** The Graph `error` of an answer, if it has one. */
export function graphErrorOf(answer: GraphAnswer): GraphError | undefined {
  const error = (answer.json as { error?: unknown } | null | undefined)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as Record<string, unknown>;
  const data = (typeof e.error_data === 'object' && e.error_data !== null ? e.error_data : {}) as Record<string, unknown>;
  const num = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);
  const str = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  return { code: num(e.code), subcode: num(e.error_subcode), message: str(e.message), details: str(data.details), fbtraceId: str(e.fbtrace_id) };
}

/** Whether a failed answer is worth trying again later. */
export function isTransient(answer: GraphAnswer, error = graphErrorOf(answer)): boolean {
  return answer.status === 429 || answer.status >= 500 || (error?.code !== undefined && RETRY_CODES.has(error.code));
}

/** A failed send (or upload) as an outcome: retry after the platform's hint, or rejected with a readable reason. */
export function failedSend(answer: GraphAnswer, settings: WhatsAppSettings, context: { now: Date; retryDelayMs: number }): SendOutcome {
  const error = graphErrorOf(answer);
  const reason = failureReason(answer, settings, error);
  if (isTransient(answer, error)) return { kind: 'retry', afterMs: waitMs(answer.headers, context.now, context.retryDelayMs), reason };
  return { kind: 'rejected', reason };
}

/**
 * Why a call failed, for people: the meaning of the code, WhatsApp's message and details, the code
 * and status. Secrets of the channel are blanked should the platform ever echo them.
 */
export function failureReason(answer: GraphAnswer, settings: WhatsAppSettings, error = graphErrorOf(answer)): string {
  const meaning = error?.code !== undefined && Object.hasOwn(MEANINGS, error.code) ? MEANINGS[error.code] : undefined;
  const said = [error?.message, error?.details].filter(Boolean).join(': ') || bodyExcerpt(answer.text);
  const code = error?.code !== undefined ? `WhatsApp error ${error.code}${error.subcode ? `/${error.subcode}` : ''}, ` : '';
  const trace = error?.fbtraceId ? `, fbtrace_id ${error.fbtraceId}` : '';
  const text = `${[meaning, said].filter(Boolean).join(' — ')} (${code}HTTP ${answer.status}${trace})`;
  return blankSecrets(text, settings);
}

/** Replaces the channel's secrets in a text, wherever they appear (a few characters long ones would blank ordinary words). */
export function blankSecrets(text: string, settings: WhatsAppSettings): string {
  return [settings.accessToken, settings.appSecret]
    .filter((secret) => secret.length >= 6)
    .reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

/**
 * How long to wait: a `Retry-After` (as proxies and HTTP 429 give it), else Graph's
 * `X-Business-Use-Case-Usage` `estimated_time_to_regain_access` (minutes), else the default delay.
 * @see https://developers.facebook.com/docs/graph-api/overview/rate-limiting#headers-2
 */
export function waitMs(headers: Headers, now: Date, fallbackMs: number): number {
  const retryAfter = retryAfterMs(headers.get('retry-after'), now, Number.NaN);
  if (!Number.isNaN(retryAfter)) return retryAfter;
  const minutes = regainMinutes(headers.get('x-business-use-case-usage'));
  return minutes > 0 ? Math.min(minutes * 60_000, MAX_WAIT_MS) : fallbackMs;
}

function regainMinutes(header: string | null): number {
  if (!header) return 0;
  try {
    const usage = JSON.parse(header) as Record<string, unknown>;
    const entries = Object.values(usage).flatMap((list) => (Array.isArray(list) ? list : []));
    const minutes = entries.map((e) => Number((e as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access));
    return Math.max(0, ...minutes.filter(Number.isFinite));
  } catch {
    return 0;
  }
}
