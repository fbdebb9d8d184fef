/** One inbound Telegram text message from a private chat, as the bench posts it. */
export interface TelegramSpec {
  /** The service's idempotency key for it: `<chat id>:<message id>` (adapters/providers/telegram/convert.ts). */
  readonly key: string;
  readonly updateId: number;
  readonly messageId: number;
  /** The sender's user id; in a private chat also the chat's id. */
  readonly userId: number;
  readonly text: string;
  /** Unix seconds. */
  readonly date: number;
}

// Users the bench makes up: existing ones from 1e9, new ones from 2e9 (Telegram ids are positive, < 2^52).
const EXISTING_BASE = 1_000_000_000;
const NEW_BASE = 2_000_000_000;

/**
 * Telegram traffic of one run: update ids and message ids rise across every phase (as a bot's
 * updates do), so no two messages share a key; new senders are never reused.
 */
export class TelegramWorkload {
  readonly existing: readonly number[];
  private nextUpdateId = 1;
  private nextNewUser = NEW_BASE;

  constructor(existingSenders: number) {
    this.existing = Array.from({ length: existingSenders }, (_, i) => EXISTING_BASE + i);
  }

  /** One "hello" from each existing sender: creates their contact and chat before measuring. */
  introductions(): TelegramSpec[] {
    return this.existing.map((userId) => this.spec(userId, 'Hello'));
  }

  /** `count` messages: every `newEvery`-th from a brand-new sender, the rest from a random existing one (same seed, same sequence). */
  mixed(count: number, newEvery: number, seed: number): TelegramSpec[] {
    const random = seededRandom(seed);
    return Array.from({ length: count }, (_, i) => {
      const userId = i % newEvery === 0 ? this.nextNewUser++ : (this.existing[Math.floor(random() * this.existing.length)] ?? this.nextNewUser++);
      return this.spec(userId, `Benchmark message ${i}: hello, I need help with my order.`);
    });
  }

  private spec(userId: number, text: string): TelegramSpec {
    const id = this.nextUpdateId++;
    return { key: `${userId}:${id}`, updateId: id, messageId: id, userId, text, date: Math.floor(Date.now() / 1000) };
  }
}

/** A Bot API Update carrying the message, serialised once before anything is measured. @see https://core.telegram.org/bots/api#update */
export function updateBody(spec: TelegramSpec): Buffer {
  const user = { id: spec.userId, is_bot: false, first_name: 'Customer', last_name: String(spec.userId), language_code: 'en' };
  return Buffer.from(JSON.stringify({
    update_id: spec.updateId,
    message: {
      message_id: spec.messageId,
      from: user,
      chat: { id: spec.userId, first_name: user.first_name, last_name: user.last_name, type: 'private' },
      date: spec.date,
      text: spec.text,
    },
  }));
}

/** A deterministic generator (mulberry32), so two runs send the same sender sequence. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
