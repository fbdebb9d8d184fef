import { graphErrors, startFakeGraph } from '../../../support/fake-graph-messenger.ts';
import { providerKit, type FakePlatform } from '../provider-kit.ts';
import {
  APP_SECRET, facebookChannel, facebookSettings, fromPage, fromPerson, outgoingMessage, PAGE_ID, PAGE_TOKEN, provider, PSID, signed, utf8, webhook,
} from './fixtures.ts';
import { signFacebookBody } from '../../../../adapters/providers/facebook/index.ts';

const image = { type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1&oh=abc' } };

providerKit({
  name: 'facebook',
  provider: () => provider(),
  validSettings: (apiBaseUrl) => facebookSettings(apiBaseUrl),
  invalidSettings: [
    {}, { pageAccessToken: PAGE_TOKEN, appSecret: APP_SECRET }, { ...facebookSettings(), apiBaseUrl: 'ftp://x' },
    { ...facebookSettings(), pageAccessToken: 42 }, { ...facebookSettings(), appSecret: '' }, { ...facebookSettings(), verifyToken: '' },
  ],
  channel: (settings) => facebookChannel(settings),
  signed: (_channel, body) => signed(body),
  forged: (_channel, body) => [
    { headers: new Headers(), rawBody: utf8(body) },
    signed(body, 'another-app-secret-0123456789'),
    { headers: new Headers({ 'x-hub-signature-256': signFacebookBody(APP_SECRET, utf8(body)).slice('sha256='.length) }), rawBody: utf8(body) },
    // The legacy SHA-1 header alone proves nothing here.
    { headers: new Headers({ 'x-hub-signature': 'sha1=0123456789abcdef0123456789abcdef01234567' }), rawBody: utf8(body) },
  ],
  samples: [
    { name: 'text with quick reply', body: webhook(fromPerson({ message: { mid: 'mid.1457764197618:41d102a3e1ae206a38', text: 'hello, world!', quick_reply: { payload: 'PICK_RED' } } })) },
    { name: 'image attachment', body: webhook(fromPerson({ message: { mid: 'mid.$cAAJdkrCd2ORnva8ErFhjGm0X_Q_c', attachments: [image] } })) },
    { name: 'postback', body: webhook(fromPerson({ postback: { mid: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM', title: 'Get Started', payload: 'GET_STARTED' } })) },
    { name: 'echo', body: webhook(fromPage({ message: { is_echo: true, app_id: 1517776481860111, metadata: 'from-inbox', mid: 'mid.1457764197618:41d', text: 'Hi' } })) },
    { name: 'delivery and read', body: webhook(fromPerson({ delivery: { mids: ['mid.1458668856218:ed81099e15d3f4f233'], watermark: 1458668856253 } }), fromPerson({ read: { watermark: 1458668856253 } })) },
    { name: 'reaction (ignored)', body: webhook(fromPerson({ reaction: { reaction: 'love', emoji: '\u2764\uFE0F', action: 'react', mid: 'mid.1' } })) },
  ],
  malformed: [
    { object: 'instagram', entry: [] },
    { object: 'page' },
    { object: 'page', entry: [{ time: 1 }] },
    webhook(fromPerson({ message: { text: 'no mid' } })),
    webhook(fromPerson({ message: { mid: 'm_1', text: 'no sender' } }), { recipient: { id: PAGE_ID }, timestamp: 1, message: { mid: 'm_2' } }),
    webhook(fromPerson({ read: { watermark: 'yesterday' } })),
  ],
  startFake: async (): Promise<FakePlatform> => {
    const graph = await startFakeGraph({ id: PAGE_ID, token: PAGE_TOKEN });
    return {
      baseUrl: graph.baseUrl,
      rateLimitNext: (seconds) => graph.answerNext(graphErrors.rateLimited({ 'retry-after': String(seconds) })),
      failNext: () => graph.answerNext(graphErrors.transient()),
      rejectNext: () => graph.answerNext(graphErrors.unavailable()),
      close: () => graph.close(),
    };
  },
  recipientId: PSID,
  outgoing: () => outgoingMessage(),
});
