import type { TargetCheck } from '../suite/section.ts';
import type { Percentiles } from './fan-out.ts';
import type { RealtimeRun } from './index.ts';

/** Real-time target of issue 5: p99 of (event at the client − acknowledgement at the client) on loopback. */
export const REALTIME_P99_MS = 20;

/** The targets, checked: p99 below 20 ms, and not one event lost. */
export function realtimeTargets(run: RealtimeRun): TargetCheck[] {
  const { service, ceiling } = run;
  return [
    {
      name: `real-time (${run.database}): webhook ack → event at ${service.subscribers} SSE subscribers, p99`,
      target: `p99 < ${REALTIME_P99_MS} ms`,
      measured: `${service.afterAck.p99Ms} ms (ceiling ${ceiling.afterAck.p99Ms} ms; p50 ${service.afterAck.p50Ms} ms)`,
      met: service.afterAck.p99Ms < REALTIME_P99_MS,
    },
    {
      name: `real-time (${run.database}): events lost`,
      target: '0 lost, 0 doubled',
      measured: `${service.lost} lost, ${service.duplicates} doubled of ${service.acknowledged * service.subscribers} deliveries (warm-up lost ${run.warmupLost})`,
      met: service.lost === 0 && service.duplicates === 0 && run.warmupLost === 0 && service.acknowledged === service.posted,
    },
  ];
}

const row = (label: string, service: Percentiles, ceiling: Percentiles) =>
  `| ${label} | ${service.p50Ms} | ${service.p99Ms} | ${service.maxMs} | ${ceiling.p50Ms} | ${ceiling.p99Ms} | ${ceiling.maxMs} |`;

/** The section's markdown: the service beside the bare SSE push server, same clients, same rate. */
export function realtimeMarkdown(run: RealtimeRun): string {
  const { service, ceiling } = run;
  return [
    `## Real-time (${run.database}): webhook acknowledged → event at ${service.subscribers} SSE subscribers`,
    '',
    `${service.posted} Telegram webhooks at ${service.ratePerSecond}/s (open loop) from 20 senders, after a warm-up; every subscriber (90 agents of the`,
    `channel's queue, 10 supervisors, each its own token) holds \`GET /trpc/events\` open. Ceiling: the same clients on a`,
    `bare node:http server that writes each POST to every stream. Negative: the event came before the 200.`,
    '',
    '| ms | service p50 | p99 | max | ceiling p50 | p99 | max |',
    '|---|---|---|---|---|---|---|',
    row('event − ack at client', service.afterAck, ceiling.afterAck),
    row('event − request sent', service.afterSend, ceiling.afterSend),
    row('ack (request → 200)', service.ack, ceiling.ack),
    '',
    `| | service | ceiling |`,
    `|---|---|---|`,
    `| deliveries / expected | ${service.deliveries} / ${service.acknowledged * service.subscribers} | ${ceiling.deliveries} / ${ceiling.acknowledged * ceiling.subscribers} |`,
    `| lost / doubled | ${service.lost} / ${service.duplicates} | ${ceiling.lost} / ${ceiling.duplicates} |`,
    `| not acknowledged | ${service.posted - service.acknowledged} ${JSON.stringify(service.failures)} | ${ceiling.posted - ceiling.acknowledged} |`,
    `| server CPU ms per message | ${run.serviceCpuMsPerMessage} | ${run.ceilingCpuMsPerMessage} |`,
    '',
    `Target p99 < ${REALTIME_P99_MS} ms: **${service.afterAck.p99Ms < REALTIME_P99_MS ? 'met' : 'not met'}**. Load average after: ${run.loadAverageAfter}.`,
    '',
  ].join('\n');
}
