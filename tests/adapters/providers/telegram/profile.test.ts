import { describe, expect, it, onTestFinished } from 'vitest';
import type { ProfileNeeds } from '../../../../application/ports/profile-lookup.ts';
import { createTelegramProvider } from '../../../../adapters/providers/telegram/index.ts';
import { startFakeTelegram } from '../../../support/fake-telegram.ts';
import { providerOptions } from '../custom-fixtures.ts';
import { ADA, BOT_TOKEN, telegramChannel, telegramSettings } from './fixtures.ts';

async function setUp() {
  const fake = await startFakeTelegram(BOT_TOKEN);
  onTestFinished(() => fake.close());
  const profiles = createTelegramProvider(providerOptions()).profiles!;
  return { fake, lookup: (id: string, needs?: ProfileNeeds) => profiles.lookup(telegramChannel(telegramSettings(fake.baseUrl)), id, needs) };
}

describe('Telegram profile lookup', () => {
  it('takes the names from getChat and the largest size of the newest profile photo as bytes', async () => {
    const { fake, lookup } = await setUp();
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 7]);
    fake.addUser({ id: ADA.id, first_name: 'Ada', last_name: 'Lovelace', username: 'ada', photo });
    expect(await lookup(String(ADA.id))).toEqual({ firstName: 'Ada', lastName: 'Lovelace', username: 'ada', avatar: { bytes: photo, mimeType: 'image/jpeg' } });
    expect(fake.calls.map((c) => c.method)).toEqual(['getChat', 'getUserProfilePhotos', 'getFile']);
    expect(fake.calls[1]?.params).toEqual({ user_id: ADA.id, limit: 1 });
    expect(fake.downloads).toEqual([`profile_photos/file_${ADA.id}_640.jpg`]);
  });

  it('asks for the photo alone when the caller has the names (every update names its sender)', async () => {
    const { fake, lookup } = await setUp();
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 9]);
    fake.addUser({ id: ADA.id, first_name: 'Ada', photo });
    fake.addUser({ id: 42, first_name: 'Grace' });
    expect(await lookup(String(ADA.id), { names: false })).toEqual({ avatar: { bytes: photo, mimeType: 'image/jpeg' } });
    expect(await lookup('42', { names: false })).toBeUndefined();
    expect(fake.calls.map((c) => c.method)).toEqual(['getUserProfilePhotos', 'getFile', 'getUserProfilePhotos']);
  });

  it('gives the names alone when there is no photo, and nothing for someone Telegram does not know', async () => {
    const { fake, lookup } = await setUp();
    fake.addUser({ id: 42, first_name: 'Grace' });
    expect(await lookup('42')).toEqual({ firstName: 'Grace' });
    expect(await lookup('43')).toBeUndefined();
    const calls = fake.calls.length;
    expect(await lookup('not-a-user-id')).toBeUndefined();
    expect(fake.calls).toHaveLength(calls);
  });

  it('throws (for the job to retry) on flood control or no answer, without the token', async () => {
    const { fake, lookup } = await setUp();
    fake.addUser({ id: 42, first_name: 'Grace' });
    fake.rateLimitNext(5);
    await expect(lookup('42')).rejects.toThrow('profile lookup: Telegram error 429: Too Many Requests: retry after 5');
    await fake.close();
    const error = await lookup('42').catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^profile lookup: Telegram could not be reached/);
    expect((error as Error).message).not.toContain(BOT_TOKEN);
  });
});
