import type { TargetCheck } from '../suite/section.ts';
import type { OutboundRun } from './index.ts';

/** The check of issue 5 for outbound: every accepted send delivered once, each chat in its send order. */
export function outboundTargets(run: OutboundRun): TargetCheck[] {
  const { service } = run;
  return [{
    name: `outbound (${run.database}): ordering per chat kept, nothing lost or doubled`,
    target: 'every chat in send order; 0 lost, 0 doubled',
    measured: `${service.chatsOutOfOrder} of ${run.chats} chats out of order; ${service.lost} lost, ${service.doubled} doubled of ${service.accepted} accepted`,
    met: service.chatsOutOfOrder === 0 && service.lost === 0 && service.doubled === 0 && service.accepted === service.sends,
  }];
}

/** The section's markdown: the service's sends beside the same sends made straight to the fake. */
export function outboundMarkdown(run: OutboundRun): string {
  const { service: s, ceiling: c } = run;
  const ratio = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 1000) / 10} %` : 'n/a');
  return [
    `## Outbound (${run.database}): \`messages.send\` → received by a local fake Bot API`,
    '',
    `${s.sends} sends: ${run.chats} accepted chats (4 agents) × ${run.perChat} messages, ${s.concurrency} concurrent callers (typed tRPC`,
    'client, HTTP batch link); a chat\'s next send starts once its previous one was accepted. Ceiling: the same sendMessage calls',
    'straight to the same fake with ofetch at the same concurrency.',
    '',
    '| | service | ceiling (direct ofetch) | service ÷ ceiling |',
    '|---|---|---|---|',
    `| sends accepted / s | ${s.acceptedPerSecond} | ${c.acceptedPerSecond} | ${ratio(s.acceptedPerSecond, c.acceptedPerSecond)} |`,
    `| delivered / s | ${s.deliveredPerSecond} | ${c.deliveredPerSecond} | ${ratio(s.deliveredPerSecond, c.deliveredPerSecond)} |`,
    `| call → answer p50 / p99 ms | ${s.callP50Ms} / ${s.callP99Ms} | ${c.callP50Ms} / ${c.callP99Ms} | |`,
    `| call → received p50 / p99 / max ms | ${s.deliveryP50Ms} / ${s.deliveryP99Ms} / ${s.deliveryMaxMs} | ${c.deliveryP50Ms} / ${c.deliveryP99Ms} / ${c.deliveryMaxMs} | |`,
    `| delivered / accepted / sent | ${s.delivered} / ${s.accepted} / ${s.sends} ${JSON.stringify(s.failures)} | ${c.delivered} / ${c.accepted} / ${c.sends} | |`,
    `| lost / doubled / chats out of order | ${s.lost} / ${s.doubled} / ${s.chatsOutOfOrder} | ${c.lost} / ${c.doubled} / ${c.chatsOutOfOrder} | |`,
    `| service CPU ms per delivered message | ${run.serviceCpuMsPerMessage} | | |`,
    '',
    `Ordering per chat: **${s.chatsOutOfOrder === 0 && s.lost === 0 && s.doubled === 0 ? 'kept' : 'NOT kept'}**. Load average after: ${run.loadAverageAfter}.`,
    '',
  ].join('\n');
}
