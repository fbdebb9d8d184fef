import * as v from 'valibot';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { InboundEvent } from '../../../application/inbound/inbound-event.ts';
import type { SendOutcome } from '../../../application/ports/outbound-sender.ts';
import type { Channel } from '../../../domain/channel.ts';
import type { Message } from '../../../domain/message.ts';
import type { WebhookProvider, WebhookRequest } from '../../../adapters/providers/provider-module.ts';

/** A messenger's API on a local port, answering as the platform does; scripted failures for the next calls. */
export interface FakePlatform {
  /** Where the channel's `apiBaseUrl` (or outboundUrl) points. */
  readonly baseUrl: string;
  /** The next send answers as the platform does when rate limited (429 with its retry hint), seconds to wait. */
  rateLimitNext(retryAfterSeconds: number): void;
  /** The next send fails with a 5xx. */
  failNext(): void;
  /** The next send is refused as the platform refuses an unknown/blocked recipient (a 4xx with its error body). */
  rejectNext(): void;
  close(): Promise<void>;
}

/** What one provider supplies so the kit can hold it to the bar every provider meets. */
export interface ProviderKitFixture {
  readonly name: string;
  provider(): WebhookProvider;
  /** Valid settings; `apiBaseUrl` (when given) points the channel at a fake platform. */
  validSettings(apiBaseUrl?: string): Record<string, unknown>;
  /** Settings the schema must refuse. */
  readonly invalidSettings: readonly unknown[];
  /** A channel of this provider with these settings. */
  channel(settings: Record<string, unknown>): Channel;
  /** The request the platform sends for this JSON body, and requests it would never send (bad or missing proof). */
  signed(channel: Channel, body: string): WebhookRequest;
  forged(channel: Channel, body: string): readonly WebhookRequest[];
  /** Webhook bodies built from the platform's documented examples, each with at least one event. */
  readonly samples: readonly { readonly name: string; readonly body: unknown }[];
  /** Bodies that are JSON but not this platform's webhook: parse says why, never throws. */
  readonly malformed: readonly unknown[];
  /** Outbound: a fake platform, and the recipient id the channel's messages go to. */
  startFake?(): Promise<FakePlatform>;
  readonly recipientId?: string;
  outgoing?(channel: Channel): Message;
}

const HOSTILE_JSON: readonly unknown[] = [null, 0, 'text', [], {}, [{}], { entry: null }, { message: { text: 5 } }, '\u0000', { __proto__: { x: 1 } }];

/** Holds a provider module to the bar every provider meets: settings, verification, parsing, sending. */
export function providerKit(fixture: ProviderKitFixture): void {
  describe(`provider kit: ${fixture.name}`, () => {
    settingsCases(fixture);
    verificationCases(fixture);
    parsingCases(fixture);
    if (fixture.startFake) senderCases(fixture);
  });
}

function settingsCases(f: ProviderKitFixture): void {
  it('accepts valid settings and refuses invalid ones; secret keys are settings keys', () => {
    const provider = f.provider();
    expect(provider.name).toBe(f.name);
    expect(v.safeParse(provider.settingsSchema, f.validSettings()).success).toBe(true);
    for (const settings of f.invalidSettings) expect(v.safeParse(provider.settingsSchema, settings).success, JSON.stringify(settings)).toBe(false);
    for (const key of provider.secretSettingKeys) expect(Object.keys(f.validSettings())).toContain(key);
  });
}

function verificationCases(f: ProviderKitFixture): void {
  it('verifies what the platform signs and refuses forged, tampered or unsigned requests', async () => {
    const provider = f.provider();
    const channel = f.channel(f.validSettings());
    const body = JSON.stringify(f.samples[0]?.body ?? {});
    expect(await provider.verify(channel, f.signed(channel, body))).toBe(true);
    for (const request of f.forged(channel, body)) expect(await provider.verify(channel, request)).toBe(false);
    const tampered = { ...f.signed(channel, body), rawBody: new TextEncoder().encode(`${body} `) };
    if (!tamperingIsInvisible(f)) expect(await provider.verify(channel, tampered)).toBe(false);
  });
}

/** Secret-header providers (Telegram) do not sign the body: tampering with it cannot be seen, by design. */
const tamperingIsInvisible = (f: ProviderKitFixture) => f.name === 'telegram';

function parsingCases(f: ProviderKitFixture): void {
  it.each(f.samples.map((s) => [s.name, s.body] as const))('turns the sample "%s" into events', (_name, body) => {
    const channel = f.channel(f.validSettings());
    const parsed = f.provider().parse(channel, body, f.signed(channel, JSON.stringify(body)));
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (parsed.ok) for (const event of parsed.events) expectWellFormed(event);
  });
  it('answers malformed and hostile JSON with a reason, never a throw', () => {
    const channel = f.channel(f.validSettings());
    for (const body of [...f.malformed, ...HOSTILE_JSON]) {
      const parsed = f.provider().parse(channel, body, f.signed(channel, JSON.stringify(body) ?? 'null'));
      if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(0);
      else for (const event of parsed.events) expectWellFormed(event);
    }
    for (const body of f.malformed) expect(f.provider().parse(channel, body, f.signed(channel, JSON.stringify(body))).ok, JSON.stringify(body)).toBe(false);
  });
}

function expectWellFormed(event: InboundEvent): void {
  if (event.kind !== 'message') return;
  const { message } = event;
  expect(message.idempotencyKey.length).toBeGreaterThan(0);
  expect(message.sender.externalId.length).toBeGreaterThan(0);
  expect(Number.isNaN(message.sentAt.getTime())).toBe(false);
  expect(message.text).not.toContain('\u0000');
}

function senderCases(f: ProviderKitFixture): void {
  const send = async (fake: FakePlatform): Promise<{ outcome: SendOutcome; channel: Channel }> => {
    const channel = f.channel(f.validSettings(fake.baseUrl));
    const sender = f.provider().sender;
    if (!sender || !f.outgoing || !f.recipientId) throw new Error(`${f.name}: a fake needs a sender, outgoing() and recipientId`);
    return { outcome: await sender.send({ channel, recipientId: f.recipientId, message: f.outgoing(channel), attachments: [] }), channel };
  };
  const fakeFor = async () => {
    const fake = await f.startFake!();
    onTestFinished(() => fake.close());
    return fake;
  };
  it('sends a text and reports the platform id', async () => {
    expect((await send(await fakeFor())).outcome).toMatchObject({ kind: 'sent', externalId: expect.any(String) });
  });
  it("retries after the platform's rate-limit hint", async () => {
    const fake = await fakeFor();
    fake.rateLimitNext(7);
    expect((await send(fake)).outcome).toMatchObject({ kind: 'retry', afterMs: 7000 });
  });
  it('retries a 5xx and rejects a refused recipient with a readable reason holding no secret', async () => {
    const fake = await fakeFor();
    fake.failNext();
    expect((await send(fake)).outcome).toMatchObject({ kind: 'retry' });
    fake.rejectNext();
    const { outcome, channel } = await send(fake);
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.any(String) });
    for (const key of f.provider().secretSettingKeys) expect(JSON.stringify(outcome)).not.toContain(String(channel.settings[key]));
  });
}
