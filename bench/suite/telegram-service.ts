import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeBotApi, type FakeBotApi } from '../outbound/fake-bot-api.ts';
import { createTelegramChannel, type TelegramChannel } from '../realtime/api.ts';
import { startService, type ServiceProcess } from '../service-process.ts';

/** The service as a child on a fresh DATA_DIR (or database), with one Telegram channel whose Bot API is the local fake. */
export interface TelegramService {
  readonly service: ServiceProcess;
  readonly fake: FakeBotApi;
  readonly channel: TelegramChannel;
  readonly adminToken: string;
  /** Registers a step for `close()`, which runs the steps in reverse order, each even when one before failed. */
  onClose(step: () => Promise<unknown>): void;
  close(): Promise<void>;
}

/** Starts the fake Bot API, the service and its channel; on failure stops what it started. */
export async function startTelegramService(databaseUrl: string | undefined, section: string): Promise<TelegramService> {
  const dataDir = await mkdtemp(join(tmpdir(), `switchboard-bench-${section}-`));
  const adminToken = randomBytes(16).toString('hex');
  const steps: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const close = async () => { for (const step of steps.splice(0).reverse()) await step().catch(() => {}); };
  try {
    const fake = await startFakeBotApi();
    steps.push(() => fake.close());
    const service = await startService({ dataDir, adminToken, databaseUrl, startTimeoutMs: 60_000 });
    steps.push(() => service.stop());
    const channel = await createTelegramChannel(service.baseUrl, adminToken, fake.baseUrl, fake.token);
    return { service, fake, channel, adminToken, onClose: (step) => void steps.push(step), close };
  } catch (error) {
    await close();
    throw error;
  }
}
