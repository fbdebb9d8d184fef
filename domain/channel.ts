import type { ChannelId, QueueId } from './ids.ts';

/** Provider-specific settings (tokens, secrets, URLs); their shape is the provider module's business. */
export type ChannelSettings = Readonly<Record<string, unknown>>;

/** Whether a channel's credentials worked when last checked: `unknown` until a provider can tell. */
export const CONNECTION_STATES = ['unknown', 'ok', 'failed'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** What checking a channel's connection found; `detail` says what failed (never a secret). */
export interface ConnectionCheck {
  readonly ok: boolean;
  readonly detail: string | null;
}

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
  connectionState: ConnectionState = 'unknown';
  connectionDetail: string | null = null;
  connectionCheckedAt: Date | null = null;

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

  /** Records what the last connection check found, so a revoked token is reported, not silently failing. */
  recordConnection(check: ConnectionCheck, at: Date): void {
    this.connectionState = check.ok ? 'ok' : 'failed';
    this.connectionDetail = check.detail;
    this.connectionCheckedAt = at;
  }
}
