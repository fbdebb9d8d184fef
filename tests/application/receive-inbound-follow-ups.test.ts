import { describe, expect, it } from 'vitest';
import { receiveInboundMessage } from '../../application/inbound/receive-inbound-message.ts';
import { DOWNLOAD_ATTACHMENT, ENRICH_CONTACT, ROUTE_CHAT } from '../../application/jobs/kinds.ts';
import { MANUAL_QUEUE_REASON } from '../../domain/routing.ts';
import type { ProviderRegistry } from '../../application/ports/provider.ts';
import { createMemoryDeps, type MemoryDeps } from '../support/memory-deps.ts';
import { aPhoto, anInbound, bareProvider, seedChannel } from './fixtures.ts';
import { fullProvider } from './test-providers.ts';

const jobsOf = (deps: MemoryDeps) => [...deps.state.jobs.values()].map((job) => ({ kind: job.request.kind, payload: job.request.payload }));

describe('receiveInboundMessage: follow-up jobs', () => {
  it('asks for enrichment of a new contact, a download per attachment and routing of the new chat', async () => {
    const deps = createMemoryDeps({ providers: [fullProvider('custom')] });
    const channel = await seedChannel(deps, { routing: 'auto' });
    await receiveInboundMessage(deps, channel, anInbound({ attachments: [aPhoto('ref-1'), aPhoto('ref-2')] }));
    const [contact] = deps.state.contacts.values();
    const attachmentIds = [...deps.state.attachments.values()].map((a) => a.id);
    expect(jobsOf(deps)).toEqual([
      { kind: ENRICH_CONTACT, payload: { contactId: contact?.id, channelId: channel.id, senderExternalId: '4242', namesKnown: false } },
      ...attachmentIds.map((attachmentId) => ({ kind: DOWNLOAD_ATTACHMENT, payload: { attachmentId, channelId: channel.id } })),
      { kind: ROUTE_CHAT, payload: { chatId: [...deps.state.chats.keys()][0], queueId: channel.queueId } },
    ]);
    expect(attachmentIds).toHaveLength(2);
    expect(deps.state.routingDecisions.size).toBe(0);
  });

  it('tells the enrichment whether the first message brought the sender\'s names', async () => {
    const deps = createMemoryDeps({ providers: [fullProvider('custom')] });
    const channel = await seedChannel(deps, { routing: 'manual' });
    await receiveInboundMessage(deps, channel, anInbound({ id: 'm-1', sender: { externalId: 'named', profile: { firstName: 'Ada' } } }));
    await receiveInboundMessage(deps, channel, anInbound({ id: 'm-2', sender: { externalId: 'anonymous' } }));
    expect(jobsOf(deps).map((job) => [job.payload['senderExternalId'], job.payload['namesKnown']])).toEqual([['named', true], ['anonymous', false]]);
  });

  it('routes no chat of a manual queue: it records why the chat waits, in the same transaction', async () => {
    const deps = createMemoryDeps({ providers: [fullProvider('custom')] });
    const channel = await seedChannel(deps, { routing: 'manual' });
    const { chatId } = await receiveInboundMessage(deps, channel, anInbound());
    expect(jobsOf(deps).map((job) => job.kind)).toEqual([ENRICH_CONTACT]);
    expect([...deps.state.routingDecisions.values()]).toMatchObject([{ chatId, queueId: channel.queueId, agentId: null, reason: MANUAL_QUEUE_REASON }]);
  });

  it('does not enrich a contact it already knows, nor route its chat again', async () => {
    const deps = createMemoryDeps({ providers: [fullProvider('custom')] });
    const channel = await seedChannel(deps, { routing: 'auto' });
    await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-1' }));
    await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-2' }));
    expect(jobsOf(deps).map((job) => job.kind)).toEqual([ENRICH_CONTACT, ROUTE_CHAT]);
  });

  it('asks only for routing when the provider can neither look up profiles nor load files', async () => {
    for (const providers of [[bareProvider('custom')], []]) {
      const deps = createMemoryDeps({ providers });
      const channel = await seedChannel(deps, { routing: 'auto' });
      await receiveInboundMessage(deps, channel, anInbound({ attachments: [aPhoto()] }));
      expect(jobsOf(deps).map((job) => job.kind)).toEqual([ROUTE_CHAT]);
      expect(deps.state.attachments.size).toBe(1);
    }
  });
});

describe('receiveInboundMessage: events and atomicity', () => {
  it('publishes chat.created and message.received only after the transaction is over', async () => {
    const deps = createMemoryDeps();
    const channel = await seedChannel(deps);
    const first = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-1' }));
    const second = await receiveInboundMessage(deps, channel, anInbound({ id: 'msg-2' }));
    const chatId = first.chatId;
    const [contact] = deps.state.contacts.values();
    expect(deps.events.published).toEqual([
      { type: 'chat.created', chatId, channelId: channel.id, queueId: channel.queueId, contactId: contact?.id },
      { type: 'message.received', chatId, messageId: first.messageId },
      { type: 'message.received', chatId, messageId: second.messageId },
    ]);
    expect(deps.events.publishedInsideTransaction).toEqual([]);
  });

  it('leaves nothing behind and publishes nothing when the transaction fails midway', async () => {
    const outage = { on: true };
    // The registry is consulted while the arrival is drafted, before anything is written.
    const flakyRegistry: ProviderRegistry = {
      find: (name) => {
        if (outage.on) throw new Error('registry unavailable');
        return fullProvider(name);
      },
    };
    const deps = createMemoryDeps({ providers: flakyRegistry });
    const channel = await seedChannel(deps);
    await expect(receiveInboundMessage(deps, channel, anInbound({ attachments: [aPhoto()] }))).rejects.toThrow('registry unavailable');
    const sizes = () => [deps.state.contacts.size, deps.state.identities.size, deps.state.chats.size, deps.state.messages.size, deps.state.attachments.size, deps.state.jobs.size];
    expect(sizes()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(deps.events.published).toEqual([]);
    outage.on = false;
    const retried = await receiveInboundMessage(deps, channel, anInbound({ attachments: [aPhoto()] }));
    expect(retried.duplicate).toBe(false);
    expect(sizes()).toEqual([1, 1, 1, 1, 1, 2]);
  });
});
