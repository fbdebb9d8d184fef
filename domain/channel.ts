import type { ChannelId, QueueId } from './ids.ts';

/** Provider-specific settings (tokens, secrets, URLs); their shape is the provider module's business. */
export type ChannelSettings = Readonly<Record<string, unknown>>;

/** One connected messenger account: a bot, a page, a phone number, or a custom integration. */
export class Channel {
  readonly id: ChannelId;
  name: string;
  readonly provider: string;
  source: string;
  isActive = true;
  queueId: QueueId;
  settings: ChannelSettings;
  createdAt: Date;

  constructor(init: { id: ChannelId; name: string; provider: string; source: string; queueId: QueueId; settings: ChannelSettings; createdAt: Date }) {
    this.id = init.id;
    this.name = init.name;
    this.provider = init.provider;
    this.source = init.source;
    this.queueId = init.queueId;
    this.settings = init.settings;
    this.createdAt = init.createdAt;
  }

  deactivate(): void {
    this.isActive = false;
  }

  activate(): void {
    this.isActive = true;
  }
}
