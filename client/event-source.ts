import { createSseParser } from './sse-parser.ts';

/** What a FetchEventSource is opened with: headers (an Authorization header, say) and the wait before reconnecting. */
export interface FetchEventSourceInit {
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Wait before reconnecting after the stream ended or broke, in ms (default 1000; a server's `retry:` replaces it). */
  readonly retryMs?: number | undefined;
  /** Longest wait between reconnections when they keep failing, in ms (default 30 000). */
  readonly maxRetryMs?: number | undefined;
  readonly withCredentials?: boolean | undefined;
}

/** An event as EventSource listeners receive it. */
export interface SourceEvent {
  readonly type: string;
  readonly data: string;
  readonly lastEventId: string;
}

type Listener = (event: SourceEvent) => void;

/**
 * The browser's EventSource, over fetch, so it runs where there is none (Node 20) and can send
 * headers (a browser's cannot). It follows the HTML spec's rules: events and ids, `retry:`,
 * reconnecting with `Last-Event-ID` after the stream ends or breaks; an answer that is not an
 * event stream (401, 404, ...) closes it for good.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export class FetchEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readonly url: string;
  readonly withCredentials = false;
  readyState = 0;
  private readonly init: FetchEventSourceInit;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly abort = new AbortController();
  private lastEventId = '';
  private retryMs: number;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  // The event being read: its data lines and its type.
  private data: string[] = [];
  private eventType = '';

  constructor(url: string, init: FetchEventSourceInit = {}) {
    this.url = url;
    this.init = init;
    this.retryMs = init.retryMs ?? 1_000;
    void this.connect();
  }

  addEventListener(type: string, listener: Listener): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  close(): void {
    this.readyState = FetchEventSource.CLOSED;
    clearTimeout(this.timer);
    this.abort.abort();
  }

  private async connect(): Promise<void> {
    const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-cache', ...this.init.headers };
    if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
    try {
      const response = await fetch(this.url, { headers, signal: this.abort.signal, cache: 'no-store' });
      if (!response.ok || !response.body || !/^text\/event-stream/i.test(response.headers.get('content-type') ?? '')) {
        await response.body?.cancel();
        return this.fail();
      }
      this.readyState = FetchEventSource.OPEN;
      this.failures = 0;
      this.dispatch({ type: 'open', data: '', lastEventId: this.lastEventId });
      await this.read(response.body);
    } catch {
      // A network error or a broken stream: reconnect, as after the stream's end.
    }
    this.reconnect();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const parse = createSseParser({ field: (name, value) => this.onField(name, value), blankLine: () => this.onBlankLine() });
    const decoder = new TextDecoder();
    const reader = body.getReader();
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done || this.readyState === FetchEventSource.CLOSED) return;
      parse(decoder.decode(chunk.value, { stream: true }));
    }
  }

  private onField(field: string, value: string): void {
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.eventType = value;
    else if (field === 'id' && !value.includes('\u0000')) this.lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }

  private onBlankLine(): void {
    const [data, type] = [this.data, this.eventType || 'message'];
    this.data = [];
    this.eventType = '';
    if (data.length === 0 || this.readyState === FetchEventSource.CLOSED) return;
    this.dispatch({ type, data: data.join('\n'), lastEventId: this.lastEventId });
  }

  private reconnect(): void {
    if (this.readyState === FetchEventSource.CLOSED) return;
    this.readyState = FetchEventSource.CONNECTING;
    this.dispatch({ type: 'error', data: '', lastEventId: this.lastEventId });
    const wait = Math.min(this.retryMs * 2 ** this.failures, this.init.maxRetryMs ?? 30_000);
    this.failures += 1;
    this.timer = setTimeout(() => void this.connect(), wait);
  }

  private fail(): void {
    if (this.readyState === FetchEventSource.CLOSED) return;
    this.readyState = FetchEventSource.CLOSED;
    this.dispatch({ type: 'error', data: '', lastEventId: this.lastEventId });
  }

  private dispatch(event: SourceEvent): void {
    for (const listener of [...(this.listeners.get(event.type) ?? [])]) listener(event);
  }
}
