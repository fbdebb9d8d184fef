// Helpers that turn HTTP answers into the outcomes our ports speak (SendOutcome, LoadOutcome).
// Reasons never carry a URL (signed URLs hold tokens) nor anything we sent.

const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const EXCERPT_CHARS = 200;

/** Whether `text` is an absolute http: or https: URL. */
export function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3); `fallbackMs` when absent or unreadable; capped at one day so a typo cannot park a job.
 */
export function retryAfterMs(header: string | null | undefined, now: Date, fallbackMs: number): number {
  const text = header?.trim();
  if (!text) return fallbackMs;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP date names its weekday; without letters, Date.parse would take "-5" for a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return fallbackMs;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_RETRY_AFTER_MS);
}

/** Why a request got no answer: "timed out" or "network error (ECONNREFUSED)", from the error's cause chain. */
export function fetchFailureReason(error: unknown): string {
  const chain: unknown[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  if (chain.some((e) => e instanceof Error && e.name === 'TimeoutError')) return 'timed out';
  const code = chain.map((e) => (e as { code?: unknown }).code).find((c) => typeof c === 'string');
  return code ? `network error (${String(code)})` : 'network error';
}

/** The start of a response body on one line, for a readable rejection reason. */
export function bodyExcerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
}

/** `HTTP 400 Bad Request: <excerpt>`: how a rejection reads in a message's error. */
export function httpReason(status: number, statusText: string, body: string): string {
  const excerpt = bodyExcerpt(body);
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`;
}
