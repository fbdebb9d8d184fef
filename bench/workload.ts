import { createHmac } from 'node:crypto';

/** One inbound message as the custom provider receives it. */
export interface MessageSpec {
  readonly id: string;
  readonly sender: string;
  readonly text: string;
  readonly timestamp: number;
}

/** A deterministic generator (mulberry32), so two runs send the same sender sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The senders that exist before measuring (their contact, identity and chat are created in the warm-up). */
export const existingSenderIds = (runId: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${runId}-known-${i}`);

/**
 * `count` messages of one phase: every `newEvery`-th from a brand-new sender (creates a contact,
 * identity and chat), the rest from a random existing sender (appends to an open chat).
 */
export function buildSpecs(phase: string, count: number, existing: readonly string[], newEvery: number, random: () => number): MessageSpec[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: `${phase}-${i}`,
    sender: i % newEvery === 0 ? `${phase}-new-${i}` : (existing[Math.floor(random() * existing.length)] ?? `${phase}-new-${i}`),
    text: `Benchmark message ${i} of ${phase}: hello, I need help with my order.`,
    timestamp: now + i,
  }));
}

/** One message per sender, to create the existing senders. */
export const introductions = (phase: string, senders: readonly string[]): MessageSpec[] =>
  senders.map((sender, i) => ({ id: `${phase}-${i}`, sender, text: 'Hello', timestamp: Date.now() }));

/** A request ready to send: the exact body bytes and their signature header. */
export interface SignedBody {
  readonly body: Buffer;
  readonly signature: string;
}

/** Serialises and signs ahead of time, so the load generator only writes bytes while measuring. */
export function signBodies(specs: readonly MessageSpec[], recipient: string, secret: string): SignedBody[] {
  return specs.map((spec) => {
    const body = Buffer.from(JSON.stringify({ id: spec.id, message: spec.text, recipient, sender: spec.sender, timestamp: spec.timestamp }));
    return { body, signature: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` };
  });
}
