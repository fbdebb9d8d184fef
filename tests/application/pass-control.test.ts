import { describe, expect, it } from 'vitest';
import { passControlToPrimaryReceiver } from '../../application/chats/pass-control.ts';
import type { ProviderModule } from '../../application/ports/provider.ts';
import type { Viewer } from '../../application/viewer.ts';
import type { AgentId, ChatId, QueueId } from '../../domain/ids.ts';
import { createMemoryDeps } from '../support/memory-deps.ts';
import { anInbound, bareProvider, seedChannel, receivedMessage } from './fixtures.ts';

const ADMIN: Viewer = { agentId: null, role: 'admin', queueIds: [] };

/** A messenger with a primary receiver, recording who was handed over. */
function messengerWithInbox(handedOver: string[]): ProviderModule {
  return {
    name: 'custom',
    sender: {
      send: async () => ({ kind: 'rejected', reason: 'not used here' }),
      passControlToPrimaryReceiver: async (_channel, recipientId) => {
        handedOver.push(recipientId);
        return { kind: 'sent', externalId: '' };
      },
    },
  };
}

async function chatWith(provider: ProviderModule) {
  const deps = createMemoryDeps({ providers: [provider] });
  const channel = await seedChannel(deps);
  const message = await receivedMessage(deps, channel, anInbound());
  return { deps, chatId: message.chatId as ChatId };
}

describe('passControlToPrimaryReceiver', () => {
  it("hands the chat's customer over through the channel's messenger", async () => {
    const handedOver: string[] = [];
    const { deps, chatId } = await chatWith(messengerWithInbox(handedOver));
    expect(await passControlToPrimaryReceiver(deps, ADMIN, chatId)).toEqual({ kind: 'sent', externalId: '' });
    expect(handedOver).toEqual(['4242']);
  });

  it('refuses a messenger without a primary receiver, and an agent outside the chat', async () => {
    const { deps, chatId } = await chatWith(bareProvider());
    await expect(passControlToPrimaryReceiver(deps, ADMIN, chatId)).rejects.toMatchObject({ code: 'HANDOVER_NOT_SUPPORTED' });
    const stranger: Viewer = { agentId: 'a-1' as AgentId, role: 'agent', queueIds: ['q-elsewhere' as QueueId] };
    await expect(passControlToPrimaryReceiver(deps, stranger, chatId)).rejects.toMatchObject({ code: 'CHAT_NOT_VISIBLE' });
  });
});
