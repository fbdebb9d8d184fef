import { apiFetch } from '../pooled-fetch.ts';
import { fetchFailureReason, httpReason, retryAfterMs } from '../http-outcomes.ts';
import type { ProviderOptions } from '../provider-module.ts';
import type { BotAccess } from './settings.ts';

/**
 * What one Bot API call came to. Every answer is `{ ok, result | error_code, description,
 * parameters }`; `unreachable` is a network failure or a time-out.
 * @see https://core.telegram.org/bots/api#making-requests
 */
export type BotApiAnswer =
  | { readonly kind: 'ok'; readonly result: unknown }
  | { readonly kind: 'error'; readonly status: number; readonly errorCode: number; readonly description: string; readonly retryAfterMs: number | undefined }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** The Bot API methods we call, with parameters as JSON or (uploads) multipart form data. */
export type BotApi = (access: BotAccess, method: string, params: Record<string, unknown> | FormData) => Promise<BotApiAnswer>;

interface ErrorBody {
  readonly ok?: unknown;
  readonly result?: unknown;
  readonly error_code?: unknown;
  readonly description?: unknown;
  readonly parameters?: { readonly retry_after?: unknown } | null;
}

/**
 * Calls `<apiBaseUrl>/bot<token>/<method>` with ofetch, no retries (the durable job owns them).
 * The URL holds the token: no answer, reason or error built here ever quotes it.
 */
export function createBotApi(options: ProviderOptions): BotApi {
  return async (access, method, params) => {
    const client = apiFetch.create({ baseURL: `${access.apiBaseUrl}/bot${access.token}`, timeout: options.timeoutMs, retry: 0 });
    try {
      const response = await client.raw<string, 'text'>(method, {
        method: 'POST', body: params, responseType: 'text', ignoreResponseError: true,
        // For the body too: ofetch's own `timeout` stops at the headers.
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      return answerOf(response, response._data ?? '', access.token, options);
    } catch (error) {
      return { kind: 'unreachable', reason: fetchFailureReason(error) };
    }
  };
}

function answerOf(response: Response, text: string, token: string, options: ProviderOptions): BotApiAnswer {
  const body = parseBody(text);
  if (response.ok && body?.ok === true) return { kind: 'ok', result: body.result };
  const errorCode = typeof body?.error_code === 'number' ? body.error_code : response.status;
  const description = typeof body?.description === 'string' ? body.description : httpReason(response.status, response.statusText, text);
  const retryAfter = body?.parameters?.retry_after;
  // The JSON's retry_after is the Bot API's own hint; a proxy in front may send only the header.
  const afterMs = typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0
    ? retryAfter * 1000
    : retryAfterMs(response.headers.get('retry-after'), options.clock.now(), Number.NaN);
  return {
    kind: 'error', status: response.status, errorCode, description: redact(description, token),
    retryAfterMs: Number.isNaN(afterMs) ? undefined : afterMs,
  };
}

function parseBody(text: string): ErrorBody | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as ErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** The text with every occurrence of the token replaced, and cut to one readable line. */
export function redact(text: string, token: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const safe = token ? line.split(token).join('<token>') : line;
  return safe.length > 300 ? `${safe.slice(0, 300)}…` : safe;
}

/** Whether asking again later may help: flood control (429), a server error, or no answer. */
export function isTransient(answer: BotApiAnswer): boolean {
  return answer.kind === 'unreachable' || (answer.kind === 'error' && (answer.errorCode === 429 || answer.status === 429 || answer.status >= 500));
}

/** One line on what went wrong, never holding the token: "Telegram error 403: Forbidden: bot was blocked by the user". */
export function failureReason(answer: Exclude<BotApiAnswer, { kind: 'ok' }>): string {
  if (answer.kind === 'unreachable') return `Telegram could not be reached: ${answer.reason}`;
  return `Telegram error ${answer.errorCode}: ${answer.description}`;
}
