// CPU of one messenger API call from this process, by transport: `node --import tsx bench/outbound/transport-cost.ts`.
// The server runs in a child process, so only the client's CPU is counted. Not part of the suite (no target).
import { fork } from 'node:child_process';
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ofetch } from 'ofetch';
import { apiFetch } from '../../adapters/providers/pooled-fetch.ts';

const CALLS = Number(process.env['CALLS'] ?? 4000);
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 8);

if (process.argv[2] === 'server') {
  const body = JSON.stringify({ ok: true, result: { total_count: 0, photos: [] } });
  const server = createServer((req, res) => {
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body));
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
} else {
  const child = fork(new URL(import.meta.url).pathname, ['server'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(Number(message))));
  const base = `http://127.0.0.1:${port}/bot123:abc`;
  const params = { user_id: 1, limit: 1 };
  // The Bot API client's call (adapters/providers/telegram/client.ts), through each ofetch.
  const botCall = (client: typeof ofetch) => async () => {
    const api = client.create({ baseURL: base, timeout: 10_000, retry: 0 });
    const response = await api.raw<string, 'text'>('getUserProfilePhotos', {
      method: 'POST', body: params, responseType: 'text', ignoreResponseError: true, signal: AbortSignal.timeout(10_000),
    });
    return response._data;
  };
  const agent = new Agent({ keepAlive: true });
  const bareHttp = () => new Promise<string>((resolve, reject) => {
    const text = JSON.stringify(params);
    const call = request(`${base}/getUserProfilePhotos`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      let answer = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { answer += chunk; }).on('end', () => resolve(answer));
    });
    call.on('error', reject).end(text);
  });
  const transports: [string, () => Promise<unknown>][] = [
    ['ofetch over Node\'s fetch (before)', botCall(ofetch)],
    ['apiFetch: ofetch over pooledFetch (now)', botCall(apiFetch)],
    ['bare node:http request (floor)', bareHttp],
  ];
  console.log(`| transport | client CPU µs per call | calls/s |\n|---|---:|---:|`);
  for (const round of [1, 2]) {
    for (const [name, call] of transports) {
      let started = 0;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (started++ < CALLS) await call(); }));
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - t0) / 1000;
      if (round === 2) console.log(`| ${name} | ${Math.round((used.user + used.system) / CALLS)} | ${Math.round(CALLS / seconds)} |`);
    }
  }
  child.kill();
}
