import type { $Fetch } from 'ofetch';
import { apiFetch } from '../pooled-fetch.ts';
import type { ProviderOptions } from '../provider-module.ts';
import { DEFAULT_GRAPH_API_BASE_URL, type FacebookSettings } from './settings.ts';

/** The error object of a refused Graph call. @see https://developers.facebook.com/docs/graph-api/guides/error-handling */
export interface GraphError {
  readonly message: string;
  readonly type: string | undefined;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly fbtraceId: string | undefined;
  readonly isTransient: boolean;
}

/** One answer of the Graph API: its status and headers, the JSON it carried, and the Graph error if it is one. */
export interface GraphAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly data: unknown;
  readonly text: string;
  readonly error: GraphError | undefined;
}

/** A Graph call: path relative to the channel's `apiBaseUrl`, a JSON or multipart body. */
export interface GraphRequest {
  readonly method?: 'GET' | 'POST';
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Record<string, unknown> | FormData;
}

/** Calls the Graph API as one Page; throws only when no answer came (network, time-out). */
export type GraphCall = (path: string, request?: GraphRequest) => Promise<GraphAnswer>;

/**
 * A Graph client for one channel. The page token travels in the Authorization header, never in
 * the URL, so no error or log that quotes a URL can carry it. Retries belong to the job: none here.
 * @see https://developers.facebook.com/docs/graph-api/overview#access-tokens
 */
export function graphCall(settings: FacebookSettings, options: ProviderOptions): GraphCall {
  const client: $Fetch = apiFetch.create({
    baseURL: settings.apiBaseUrl ?? DEFAULT_GRAPH_API_BASE_URL, timeout: options.timeoutMs, retry: 0,
    headers: { authorization: `Bearer ${settings.pageAccessToken}` },
  });
  return async (path, request = {}) => {
    const response = await client.raw<string, 'text'>(path, {
      method: request.method ?? 'GET', query: request.query, body: request.body, responseType: 'text', ignoreResponseError: true,
      // A POST must not become a GET on a redirect; and the signal bounds the body too (ofetch's timeout stops at the headers).
      redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = response._data ?? '';
    const data = parseJson(text);
    return { status: response.status, statusText: response.statusText, headers: response.headers, data, text, error: graphErrorOf(data) };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `error` object of a Graph answer, when it carries one. */
export function graphErrorOf(data: unknown): GraphError | undefined {
  const error = (data as { error?: unknown } | null | undefined)?.error;
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as Record<string, unknown>;
  const num = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined);
  return {
    message: typeof e.message === 'string' ? e.message : 'unknown error',
    type: typeof e.type === 'string' ? e.type : undefined,
    code: num(e.code),
    subcode: num(e.error_subcode),
    fbtraceId: typeof e.fbtrace_id === 'string' ? e.fbtrace_id : undefined,
    isTransient: e.is_transient === true,
  };
}
