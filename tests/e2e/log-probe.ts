import { createHmac } from 'node:crypto';
import { startFromEnvironment } from '../../infrastructure/start.ts';

/**
 * Run by logs.test.ts as its own process (pino writes to the process's stdout): composes the real
 * service three times on one embedded data folder (with the encryption key, without it, with a
 * wrong one) at LOG_LEVEL=trace, and sends it what could bring secrets into a log line: credentials
 * right and wrong, settings valid and not, and requests that fail inside the service. The statuses
 * go to stderr as one JSON line `probe: {...}`; the test reads stdout for secrets.
 * Environment: PROBE_DATA_DIR, PROBE_ADMIN_TOKEN, PROBE_KEY, PROBE_WRONG_KEY, PROBE_SECRET, PROBE_SECRET_2.
 */

const env = (name: string): string => process.env[name] ?? fail(`${name} is not set`);
function fail(message: string): never { throw new Error(message); }

const [dataDir, token, key, wrongKey, secret, secret2] =
  ['PROBE_DATA_DIR', 'PROBE_ADMIN_TOKEN', 'PROBE_KEY', 'PROBE_WRONG_KEY', 'PROBE_SECRET', 'PROBE_SECRET_2'].map(env) as [string, string, string, string, string, string];
const statuses: Record<string, number> = {};

type App = Awaited<ReturnType<typeof startFromEnvironment>>['service']['app'];

async function call(app: App, label: string, path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await app.request(path, init);
  statuses[label] = response.status;
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const trpc = (app: App, label: string, procedure: string, input: unknown, bearer = token) =>
  call(app, label, `/trpc/${procedure}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });

function webhook(app: App, label: string, channelId: string, signWith: string, extraHeaders: Record<string, string> = {}) {
  const body = JSON.stringify({ id: `${label}-${Date.now()}`, message: `text of ${label}`, recipient: 'bot', sender: 'probe-user', timestamp: Date.now() });
  const signature = `sha256=${createHmac('sha256', signWith).update(body).digest('hex')}`;
  return call(app, label, `/webhooks/custom/${channelId}`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'x-switchboard-signature': signature, ...extraHeaders },
  });
}

async function refusedStart(label: string, encryptionKey: string | undefined): Promise<void> {
  const started = await startFromEnvironment({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'trace', SWITCHBOARD_ADMIN_TOKEN: token, SWITCHBOARD_ENCRYPTION_KEY: encryptionKey })
    .then(async (service) => { await service.shutdown('started though it should not have'); return true; }, () => false);
  statuses[`${label}.start`] = started ? 0 : 1;
}

async function withService(label: string, encryptionKey: string | undefined, walk: (app: App) => Promise<void>, folder = dataDir): Promise<void> {
  const started = await startFromEnvironment({
    DATA_DIR: folder, PORT: '0', LOG_LEVEL: 'trace', SWITCHBOARD_ADMIN_TOKEN: token, SWITCHBOARD_ENCRYPTION_KEY: encryptionKey,
  });
  try {
    await walk(started.service.app);
  } finally {
    statuses[`${label}.shutdown`] = await started.shutdown(`probe ${label} done`);
  }
}

let channelId = '';
await withService('keyed', key, async (app) => {
  const created = await trpc(app, 'create', 'channels.create', { name: 'Probe', provider: 'custom', source: 'probe-bot', settings: { secret } }) as { result?: { data?: { id?: string } } };
  channelId = created.result?.data?.id ?? fail(`channels.create failed: ${JSON.stringify(created)}`);
  await trpc(app, 'create.invalid', 'channels.create', { name: 'Invalid', provider: 'custom', source: 'invalid', settings: { secret, outboundUrl: `ftp://${secret}@host` } });
  await trpc(app, 'create.stringly', 'channels.create', { name: 'S', provider: 'custom', source: 's', settings: JSON.stringify({ secret }) });
  await trpc(app, 'create.badToken', 'channels.create', { name: 'T', provider: 'custom', source: 't', settings: { secret } }, secret);
  await webhook(app, 'webhook.ok', channelId, secret);
  await webhook(app, 'webhook.wrong', channelId, secret2, { authorization: `Bearer ${token}` });
  await trpc(app, 'update', 'channels.update', { channelId, settings: { secret: secret2 } });
  await webhook(app, 'webhook.rotated', channelId, secret2);
  await call(app, 'files.badToken', '/files', { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'text/plain' }, body: 'x' });
});
await withService('plain', undefined, async (app) => {
  // Settings are written in plain JSON here; a refused or failed insert must not bring them into a log line.
  const plain = await trpc(app, 'plain.create', 'channels.create', { name: 'Plain', provider: 'custom', source: 'plain-bot', settings: { secret } }) as { result?: { data?: { id?: string } } };
  await trpc(app, 'plain.createNul', 'channels.create', { name: 'Nul', provider: 'custom', source: 'nul\u0000bot', settings: { secret } });
  await trpc(app, 'plain.createTaken', 'channels.create', { name: 'Taken', provider: 'custom', source: 'plain-bot', settings: { secret: secret2 } });
  await webhook(app, 'plain.webhook', plain.result?.data?.id ?? fail('plain channel not created'), secret);
}, `${dataDir}-plain`);
// Without the key, or with another one, the encrypted settings cannot be read: the start is refused (and logged).
await refusedStart('unkeyed', undefined);
await refusedStart('wrongKey', wrongKey);
console.error(`probe: ${JSON.stringify(statuses)}`);
