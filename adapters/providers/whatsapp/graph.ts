import { apiFetch } from '../pooled-fetch.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { apiBaseUrlOf, type WhatsAppSettings } from './settings.ts';

/** What the Graph API answered: status, headers and the body (JSON when it was JSON). */
export interface GraphAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** One Graph API call of a channel; network failures and time-outs are thrown (callers turn them into retries). */
export interface GraphApi {
  get(path: string, query?: Record<string, string>): Promise<GraphAnswer>;
  post(path: string, body: Record<string, unknown> | FormData): Promise<GraphAnswer>;
}

/**
 * The Cloud API's Graph client for one channel: bearer token, the channel's base URL, a time limit,
 * no retries (the durable job owns them), and no redirects followed (a POST must not become a GET).
 * Path segments are ids from payloads and settings: callers encode them with `segment`.
 */
export function graphApi(settings: WhatsAppSettings, options: Pick<ProviderOptions, 'timeoutMs'>): GraphApi {
  const client = apiFetch.create({ baseURL: apiBaseUrlOf(settings), timeout: options.timeoutMs, retry: 0 });
  const call = async (path: string, init: { method: 'GET' | 'POST'; query?: Record<string, string>; body?: Record<string, unknown> | FormData }) => {
    const response = await client.raw<string, 'text'>(path, {
      ...init,
      headers: { authorization: `Bearer ${settings.accessToken}` },
      responseType: 'text',
      ignoreResponseError: true,
      redirect: 'manual',
      // For the body too: ofetch's own `timeout` stops at the headers.
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    return answerOf(response, response._data ?? '');
  };
  return {
    get: (path, query) => call(path, { method: 'GET', query }),
    post: (path, body) => call(path, { method: 'POST', body }),
  };
}

/** An id as one URL path segment: a media id from a webhook must not walk to another endpoint. */
export const segment = (id: string): string => `/${encodeURIComponent(id)}`;

function answerOf(response: Response, text: string): GraphAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const ok = response.status >= 200 && response.status < 300;
  return { ok, status: response.status, statusText: response.statusText, headers: response.headers, text, json };
}
