import { Agent, request, type ClientRequest } from 'node:http';
import { createSseParser } from '../../client/sse-parser.ts';

/** One event as a subscriber got it: its data, and when its last byte arrived (performance.now()). */
export type OnSseEvent = (data: string, receivedAt: number) => void;

/** An open event stream. */
export interface SseConnection {
  close(): void;
}

/**
 * A plain SSE client over node:http (no fetch/WHATWG streams: 100 of them share this process with the
 * load generator, so each costs as little as it can). Parsing is the product client's own SSE parser.
 * Resolves once the response headers arrived with a 200 event stream.
 */
export function openSse(url: string, headers: Readonly<Record<string, string>>, onEvent: OnSseEvent): Promise<SseConnection> {
  const target = new URL(url);
  // One socket each: a shared keep-alive pool would queue the 100 long-lived streams behind each other.
  const agent = new Agent({ keepAlive: false });
  return new Promise((resolve, reject) => {
    let req: ClientRequest | undefined = undefined;
    req = request({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'GET',
      headers: { accept: 'text/event-stream', 'cache-control': 'no-cache', ...headers } }, (res) => {
      const type = res.headers['content-type'] ?? '';
      if (res.statusCode !== 200 || !type.startsWith('text/event-stream')) {
        res.resume();
        return reject(new Error(`${url} answered ${res.statusCode} ${type}`));
      }
      let data: string[] = [];
      let eventType = '';
      const parse = createSseParser({
        field: (name, value) => {
          if (name === 'data') data.push(value);
          else if (name === 'event') eventType = value;
        },
        blankLine: () => {
          if (data.length > 0 && (eventType === '' || eventType === 'message')) onEvent(data.join('\n'), performance.now());
          data = [];
          eventType = '';
        },
      });
      res.setEncoding('utf8').on('data', parse).on('error', () => {});
      resolve({ close: () => { req?.destroy(); agent.destroy(); } });
    });
    req.on('error', reject);
    req.end();
  });
}
