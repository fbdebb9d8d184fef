import { createTelegramProvider } from '../../../../adapters/providers/telegram/index.ts';
import { startFakeTelegram } from '../../../support/fake-telegram.ts';
import { outgoingMessage, providerOptions } from '../custom-fixtures.ts';
import { providerKit } from '../provider-kit.ts';
import { ADA, BOT_TOKEN, callbackUpdate, CONTENT, editedUpdate, messageUpdate, SECRET_TOKEN, telegramChannel, telegramRequest, telegramSettings } from './fixtures.ts';

providerKit({
  name: 'telegram',
  provider: () => createTelegramProvider(providerOptions()),
  validSettings: telegramSettings,
  invalidSettings: [
    {}, { botToken: BOT_TOKEN }, { secretToken: SECRET_TOKEN }, { botToken: '', secretToken: SECRET_TOKEN },
    { botToken: BOT_TOKEN, secretToken: '' }, { botToken: BOT_TOKEN, secretToken: 'x'.repeat(257) },
    { botToken: BOT_TOKEN, secretToken: 'has space' }, { botToken: BOT_TOKEN, secretToken: 'sl/ash' },
    { botToken: '123:abc/../x', secretToken: SECRET_TOKEN }, { botToken: BOT_TOKEN, secretToken: SECRET_TOKEN, apiBaseUrl: 'ftp://x' },
    { botToken: 42, secretToken: SECRET_TOKEN },
  ],
  channel: (settings) => telegramChannel(settings),
  signed: (_channel, body) => telegramRequest(body),
  forged: (_channel, body) => [
    telegramRequest(body, null), telegramRequest(body, ''), telegramRequest(body, `${SECRET_TOKEN}x`),
    telegramRequest(body, SECRET_TOKEN.slice(0, -1)), telegramRequest(body, SECRET_TOKEN.toUpperCase()), telegramRequest(body, BOT_TOKEN),
  ],
  samples: [
    ...Object.entries(CONTENT).map(([name, fields]) => ({ name, body: messageUpdate(fields) })),
    { name: 'edited_message', body: editedUpdate({ text: 'fixed typo' }) },
    { name: 'callback_query', body: callbackUpdate() },
    { name: 'group message (ignored)', body: messageUpdate({ chat: { id: -1001234567890, title: 'Team', type: 'supergroup' }, text: 'hi all' }) },
    { name: 'my_chat_member (ignored)', body: { update_id: 9, my_chat_member: { chat: { id: -100, type: 'group' }, from: ADA, date: 1, old_chat_member: {}, new_chat_member: {} } } },
  ],
  malformed: [
    { message: { message_id: 1 } },
    messageUpdate({ text: 5 }),
    messageUpdate({ date: 'yesterday' }),
    messageUpdate({ from: { ...ADA, id: 2 ** 53 + 1 } }),
    messageUpdate({ photo: [] }),
    { update_id: 1, callback_query: { from: ADA } },
    [messageUpdate({ text: 'a batch is not a webhook body' })],
  ],
  startFake: async () => {
    const fake = await startFakeTelegram(BOT_TOKEN);
    fake.addUser({ id: ADA.id, first_name: ADA.first_name });
    return fake;
  },
  recipientId: String(ADA.id),
  outgoing: () => outgoingMessage('Hello from support'),
});
