import { createCustomProvider, signBody } from '../../../adapters/providers/custom/index.ts';
import { startFakeCustomEndpoint } from '../../support/fake-custom-endpoint.ts';
import { customChannel, outgoingMessage, providerOptions, SECRET, utf8 } from './custom-fixtures.ts';
import { providerKit, type FakePlatform } from './provider-kit.ts';

const message = { id: 'm-1', message: 'Hello', recipient: 'shop-bot', sender: 'customer-1', timestamp: 1_740_000_000_000 };

providerKit({
  name: 'custom',
  provider: () => createCustomProvider(providerOptions()),
  validSettings: (apiBaseUrl) => ({ secret: SECRET, ...(apiBaseUrl ? { outboundUrl: `${apiBaseUrl}/messages` } : {}) }),
  invalidSettings: [{}, { secret: '' }, { secret: SECRET, outboundUrl: 'ftp://x' }, { secret: 42 }],
  channel: (settings) => customChannel(settings),
  signed: (_channel, body) => ({ headers: new Headers({ 'x-switchboard-signature': signBody(SECRET, utf8(body)) }), rawBody: utf8(body) }),
  forged: (_channel, body) => [
    { headers: new Headers(), rawBody: utf8(body) },
    { headers: new Headers({ 'x-switchboard-signature': signBody('another-secret-0123456789', utf8(body)) }), rawBody: utf8(body) },
    { headers: new Headers({ 'x-switchboard-signature': signBody(SECRET, utf8(body)).slice('sha256='.length) }), rawBody: utf8(body) },
  ],
  samples: [
    { name: 'text', body: message },
    { name: 'attachment', body: { ...message, id: 'm-2', message: '', attachments: [{ uploadUrl: 'https://files.example/a.jpg', fileType: 'Image' }] } },
    { name: 'no id, ISO time', body: { message: 'Hi', recipient: 'shop-bot', sender: 'c-2', timestamp: '2025-03-01T10:00:00Z' } },
  ],
  malformed: [{ ...message, sender: '' }, { ...message, timestamp: 'yesterday' }, { message: 'no sender' }],
  startFake: async (): Promise<FakePlatform> => {
    const endpoint = await startFakeCustomEndpoint(SECRET);
    return {
      baseUrl: endpoint.baseUrl,
      rateLimitNext: (seconds) => endpoint.answerNext({ status: 429, headers: { 'retry-after': String(seconds) } }),
      failNext: () => endpoint.answerNext({ status: 503 }),
      rejectNext: () => endpoint.answerNext({ status: 400, body: JSON.stringify({ error: 'unknown recipient' }) }),
      close: () => endpoint.close(),
    };
  },
  recipientId: 'customer-1',
  outgoing: () => outgoingMessage(),
});
