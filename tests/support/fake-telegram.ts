import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { FakePlatform } from '../adapters/providers/provider-kit.ts';
import { BotApiState, botError, type BotCall, type FakeFile, type FakeUser, type ScriptedAnswer, type Upload, type Webhook } from '../adapters/providers/telegram/bot-api-state.ts';

export { botError, type BotCall, type FakeFile, type FakeUser, type ScriptedAnswer, type Upload };

/** The Bot API on a local port, answering with Telegram's real bodies and status codes (the kit's scripted failures too). */
export interface FakeTelegram extends FakePlatform {
  readonly token: string;
  readonly bot: { readonly id: number; readonly username: string };
  readonly calls: BotCall[];
  /** Paths requested from the file server (`/file/bot<token>/<path>`). */
  readonly downloads: string[];
  readonly webhook: Webhook;
  addUser(user: FakeUser): void;
  /** Adds a file; returns its file_id. */
  addFile(file: FakeFile): string;
  /** Sends to this user answer 403 "Forbidden: bot was blocked by the user". */
  block(userId: number): void;
  answerNext(...answers: ScriptedAnswer[]): void;
}

const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n';

/** Starts the fake on 127.0.0.1, port 0, for a bot with this token. */
export async function startFakeTelegram(token = '7012345678:AAH-fakeTokenForTests_0123456789abcd'): Promise<FakeTelegram> {
  const state = new BotApiState(token);
  const scripted: ScriptedAnswer[] = [];
  const calls: BotCall[] = [];
  const downloads: string[] = [];
  const { server, port } = await listen(botApiApp(token, state, { scripted, calls, downloads }));
  return {
    baseUrl: `http://127.0.0.1:${port}`, token, bot: state.bot, calls, downloads, webhook: state.webhook,
    addFile: (file) => state.addFile(file),
    addUser: (user) => state.addUser(user),
    block: (userId) => void state.blocked.add(userId),
    answerNext: (...answers) => void scripted.push(...answers),
    rateLimitNext: (seconds) => void scripted.push(botError(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds })),
    failNext: () => void scripted.push({ status: 502, body: NGINX_502, contentType: 'text/html' }),
    rejectNext: () => void scripted.push(botError(403, 'Forbidden: bot was blocked by the user')),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** `/bot<token>/<method>` (scripted answers first) and the file server `/file/bot<token>/<file_path>`. */
function botApiApp(token: string, state: BotApiState, log: { scripted: ScriptedAnswer[]; calls: BotCall[]; downloads: string[] }): Hono {
  return new Hono()
    .get('/file/:bot/:path{.+}', (c) => {
      log.downloads.push(c.req.param('path'));
      const file = [...state.files.values()].find((f) => f.path === c.req.param('path'));
      if (c.req.param('bot') !== `bot${token}` || !file?.bytes) return c.json({ ok: false, error_code: 404, description: 'Not Found' }, 404);
      return new Response(new Uint8Array(file.bytes), { headers: { 'content-type': file.contentType ?? 'application/octet-stream' } });
    })
    .all('/:bot/:method', async (c) => {
      const call = { method: c.req.param('method'), token: c.req.param('bot').replace(/^bot/, ''), ...(await paramsOf(c.req.raw)) };
      log.calls.push(call);
      const answer = call.token !== token ? botError(401, 'Unauthorized') : (log.scripted.shift() ?? state.answer(call));
      return new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.contentType ?? 'application/json' } });
    });
}

/** Parameters as the Bot API takes them: query string, JSON, urlencoded or multipart form (files apart). */
async function paramsOf(request: Request): Promise<Pick<BotCall, 'params' | 'uploads'>> {
  const params: Record<string, unknown> = Object.fromEntries(new URL(request.url).searchParams);
  const uploads: Record<string, Upload> = {};
  const type = request.headers.get('content-type') ?? '';
  if (/^application\/json/i.test(type)) Object.assign(params, await request.json());
  if (/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) {
    for (const [key, value] of await request.formData()) {
      if (typeof value === 'string') params[key] = value;
      else uploads[key] = { fileName: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) };
    }
  }
  return { params, uploads };
}

function listen(app: Hono): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, overrideGlobalObjects: false }, (info: AddressInfo) => {
      resolve({ server: server as Server, port: info.port });
    });
  });
}
