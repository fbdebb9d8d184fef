import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The real-time ceiling: the least a server can do to push a message to every SSE client on a POST
 * (plain node:http, no framework, no database). Run as its own process, as the service is; prints
 * its port on stdout. GET /events opens a stream; POST /push writes the body to every stream, then answers.
 */
const streams = new Set<ServerResponse>();

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  let body = '';
  req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; }).on('end', () => {
    const event = `data: ${body}\n\n`;
    for (const stream of streams) stream.write(event);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"subscribers":${streams.size}}`);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  for (const stream of streams) stream.end();
  server.close(() => process.exit(0));
});
