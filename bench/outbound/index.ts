import { processCpuMs } from '../cpu.ts';
import { withScratchDatabase } from '../suite/scratch-database.ts';
import type { Section, SectionContext, SectionResult } from '../suite/section.ts';
import { loadAverage, round2 } from '../stats.ts';
import { startFakeBotApi } from './fake-bot-api.ts';
import { outboundMarkdown, outboundTargets } from './report.ts';
import { directSendCall, runSends, serviceSendCall, type SendResult } from './sends.ts';
import { startOutbound } from './setup.ts';

/** The section's own database on the server it is given, created and dropped around the run. */
const OUTBOUND_DATABASE = 'switchboard_bench_outbound';

const CHATS = 48;
const AGENTS = 4;
const CONCURRENCY = 16;

/** What the outbound section measured on one database. */
export interface OutboundRun {
  readonly database: 'pglite' | 'postgres';
  readonly chats: number;
  readonly perChat: number;
  readonly service: SendResult;
  readonly serviceCpuMsPerMessage: number;
  readonly ceiling: SendResult;
  readonly loadAverageAfter: number;
}

/**
 * Issue 5, suite item 4: `messages.send` over the typed tRPC client → received by a local fake Bot
 * API, throughput and latency, and each chat's order kept; beside the same sends made straight to the fake.
 */
export const outboundSection: Section = async (context) => {
  const results: SectionResult[] = [await measureOn('pglite', undefined, context)];
  if (context.databaseUrl) results.push(await withScratchDatabase(context.databaseUrl, OUTBOUND_DATABASE, (url) => measureOn('postgres', url, context)));
  return results;
};

async function measureOn(database: OutboundRun['database'], databaseUrl: string | undefined, context: SectionContext): Promise<SectionResult> {
  const perChat = Math.max(3, Math.round(context.seconds * 2));
  context.log(`outbound (${database}): starting the service, opening ${CHATS} chats`);
  const setup = await startOutbound(databaseUrl, CHATS, AGENTS);
  let service: SendResult;
  let serviceCpuMsPerMessage: number;
  try {
    const call = serviceSendCall(setup.service.baseUrl, setup.chats);
    await runSends(call, setup.fake.arrivals, CHATS, 1, CONCURRENCY, 15_000);
    const before = processCpuMs(setup.service.pid);
    service = await runSends(call, setup.fake.arrivals, CHATS, perChat, CONCURRENCY, 15_000);
    serviceCpuMsPerMessage = round2((processCpuMs(setup.service.pid) - before) / Math.max(1, service.delivered));
  } finally {
    await setup.close();
  }
  context.log(`outbound (${database}): ${service.acceptedPerSecond} sends/s accepted, ${service.deliveredPerSecond}/s delivered, p99 ${service.deliveryP99Ms} ms; ceiling next`);
  const ceiling = await measureCeiling(perChat);
  const run: OutboundRun = { database, chats: CHATS, perChat, service, serviceCpuMsPerMessage, ceiling, loadAverageAfter: loadAverage() };
  return { name: `outbound-${database}`, markdown: outboundMarkdown(run), data: run, targets: outboundTargets(run) };
}

async function measureCeiling(perChat: number): Promise<SendResult> {
  const fake = await startFakeBotApi();
  try {
    const call = directSendCall(fake.baseUrl, fake.token);
    await runSends(call, fake.arrivals, CHATS, 1, CONCURRENCY, 5_000);
    return await runSends(call, fake.arrivals, CHATS, perChat, CONCURRENCY, 5_000);
  } finally {
    await fake.close();
  }
}
