import { describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../application/inbound/receive-inbound-message.ts';
import { enrichContact } from '../../application/jobs/enrich-contact.ts';
import { ENRICH_CONTACT } from '../../application/jobs/kinds.ts';
import { runDueJobs } from '../../application/jobs/run-due-jobs.ts';
import type { ProviderModule } from '../../application/ports/provider.ts';
import type { ContactId } from '../../domain/ids.ts';
import { createMemoryDeps } from '../support/memory-deps.ts';
import { anInbound, bareProvider, seedChannel, settleRouting } from './fixtures.ts';
import { providerWithProfiles } from './test-providers.ts';

/** A first message from sender `senderId`; returns the deps and the enrichment job's payload. */
async function newContact(provider: ProviderModule, senderId = '4242') {
  const deps = createMemoryDeps({ providers: [provider] });
  const channel = await seedChannel(deps, { provider: provider.name, name: 'Support bot' });
  await receiveInboundMessage(deps, channel, anInbound({ sender: { externalId: senderId } }));
  await settleRouting(deps);
  const [contact] = deps.state.contacts.values();
  const payload = { contactId: contact!.id, channelId: channel.id, senderExternalId: senderId };
  const read = () => deps.transaction.run(({ contacts }) => contacts.get(payload.contactId as ContactId));
  return { deps, payload, read };
}

describe('enrichContact', () => {
  it("replaces the fallback name with the messenger's profile", async () => {
    const { deps, payload, read } = await newContact(providerWithProfiles('custom', { 4242: { firstName: 'Ada', lastName: 'Lovelace', username: 'ada' } }));
    expect(await enrichContact(deps, payload)).toBeUndefined();
    expect(await read()).toMatchObject({ name: 'Ada Lovelace', hasFallbackName: false, username: 'ada' });
  });

  it("stores the profile picture's bytes and points the contact at the stored file", async () => {
    const avatar = { bytes: new Uint8Array([0xff, 0xd8, 0xff]), mimeType: 'image/jpeg' };
    const { deps, payload, read } = await newContact(providerWithProfiles('custom', { 4242: { firstName: 'Ada', avatar } }));
    await enrichContact(deps, payload);
    const { avatarFileId } = await read();
    expect(avatarFileId).not.toBeNull();
    expect(await deps.files.find(avatarFileId!)).toMatchObject({ file: { mimeType: 'image/jpeg', size: 3 }, bytes: avatar.bytes });
  });

  it('ends without retrying when the messenger knows no profile, keeping the fallback name', async () => {
    const { deps, payload, read } = await newContact(providerWithProfiles('custom', {}));
    expect(await enrichContact(deps, payload)).toBeUndefined();
    expect(await read()).toMatchObject({ name: 'New Contact Support bot-4242', hasFallbackName: true });
  });

  it('ends without retrying when the contact was merged away meanwhile, bringing nothing back', async () => {
    const { deps, payload } = await newContact(providerWithProfiles('custom', { 4242: { firstName: 'Ada' } }));
    await deps.transaction.run(({ contacts }) => contacts.remove(payload.contactId));
    expect(await enrichContact(deps, payload)).toBeUndefined();
    expect(await deps.transaction.read(({ contacts }) => contacts.find(payload.contactId))).toBeUndefined();
  });

  it('keeps a name an agent gave meanwhile', async () => {
    const { deps, payload, read } = await newContact(providerWithProfiles('custom', { 4242: { firstName: 'Ada' } }));
    await deps.transaction.run(async ({ contacts }) => {
      const contact = await contacts.get(payload.contactId);
      contact.rename('Key account');
      await contacts.save(contact);
    });
    await enrichContact(deps, payload);
    expect(await read()).toMatchObject({ name: 'Key account', firstName: 'Ada' });
  });

  it('asks for the names only when the first message did not bring them (a job enqueued without the flag asks for everything)', async () => {
    const asked: unknown[] = [];
    const provider: ProviderModule = { name: 'custom', profiles: { lookup: async (_channel, _sender, needs) => void asked.push(needs) } };
    const { deps, payload } = await newContact(provider);
    await enrichContact(deps, { ...payload, namesKnown: true });
    await enrichContact(deps, { ...payload, namesKnown: false });
    await enrichContact(deps, payload);
    expect(asked).toEqual([{ names: false }, { names: true }, { names: true }]);
  });

  it('does nothing for a provider without profile lookup', async () => {
    const { deps, payload, read } = await newContact(bareProvider('custom'));
    expect(await enrichContact(deps, payload)).toBeUndefined();
    expect(await read()).toMatchObject({ name: 'New Contact Support bot-4242', hasFallbackName: true });
  });

  it('runs as the job the first message enqueued', async () => {
    const { deps, read } = await newContact(providerWithProfiles('custom', { 4242: { username: 'ada_l' } }));
    expect(await runDueJobs(deps, { [ENRICH_CONTACT]: enrichContact }, { batchSize: 5, leaseMs: 60_000, backoffMs: () => 1000 })).toBe(1);
    expect(await read()).toMatchObject({ name: 'ada_l' });
    expect(deps.state.jobs.size).toBe(0);
  });
});
