import { createWhatsAppProvider, signWhatsAppBody } from '../../../../adapters/providers/whatsapp/index.ts';
import { startFakeWhatsApp, whatsAppError } from '../../../support/fake-whatsapp.ts';
import { outgoingMessage, providerOptions, utf8 } from '../custom-fixtures.ts';
import { providerKit, type FakePlatform } from '../provider-kit.ts';
import {
  ACCESS_TOKEN, APP_SECRET, CONTENTS, CUSTOMER, OTHER_NUMBER_ID, PHONE_NUMBER_ID, message, messagesValue, settings, signedRequest, status, webhook, whatsAppChannel,
} from './fixtures.ts';

providerKit({
  name: 'whatsapp',
  provider: () => createWhatsAppProvider(providerOptions()),
  validSettings: (apiBaseUrl) => settings(apiBaseUrl),
  invalidSettings: [
    {}, { ...settings(), accessToken: '' }, { ...settings(), appSecret: 42 }, { ...settings(), verifyToken: undefined },
    { ...settings(), apiBaseUrl: 'ftp://graph.example' }, { ...settings(), accessToken: 'token-with\nline-break-0123' },
  ],
  channel: (channelSettings) => whatsAppChannel(channelSettings),
  signed: (_channel, body) => signedRequest(body),
  forged: (_channel, body) => [
    { headers: new Headers(), rawBody: utf8(body) },
    signedRequest(body, 'another-app-secret-987654321'),
    { headers: new Headers({ 'x-hub-signature-256': signWhatsAppBody(APP_SECRET, utf8(body)).slice('sha256='.length) }), rawBody: utf8(body) },
    { headers: new Headers({ 'x-hub-signature': signWhatsAppBody(APP_SECRET, utf8(body)) }), rawBody: utf8(body) },
  ],
  samples: [
    { name: 'text', body: webhook(messagesValue([message('text', CONTENTS.text)])) },
    { name: 'image with caption', body: webhook(messagesValue([message('image', CONTENTS.image)])) },
    { name: 'two numbers in one POST', body: { object: 'whatsapp_business_account', entry: [
      webhook(messagesValue([message('text', CONTENTS.text)])).entry[0],
      webhook(messagesValue([message('location', CONTENTS.location)], OTHER_NUMBER_ID)).entry[0],
    ] } },
    { name: 'statuses', body: webhook({ ...messagesValue([]), messages: undefined, statuses: [status('wamid.X1', 'delivered'), status('wamid.X2', 'read')] }) },
    { name: 'account update', body: webhook({ phone_number: '15550783881', event: 'VERIFIED_ACCOUNT' }, 'account_update') },
  ],
  malformed: [
    { object: 'page', entry: [] },
    { object: 'whatsapp_business_account', entry: {} },
    webhook(messagesValue([{ ...message('text', CONTENTS.text), id: '' }])),
    webhook(messagesValue([{ ...message('text', CONTENTS.text), timestamp: 'yesterday' }])),
    webhook(messagesValue([{ ...message('text', CONTENTS.text), from: undefined }])),
    webhook({ messaging_product: 'whatsapp', messages: [message('text', CONTENTS.text)] }),
  ],
  startFake: async (): Promise<FakePlatform> => {
    const fake = await startFakeWhatsApp(ACCESS_TOKEN, PHONE_NUMBER_ID);
    return {
      baseUrl: fake.baseUrl,
      // Throttling at the edge comes as HTTP 429 with Retry-After; WhatsApp's own code is in the body.
      rateLimitNext: (seconds) => fake.answerNext({ ...whatsAppError(130429), status: 429, headers: { 'retry-after': String(seconds) } }),
      failNext: () => fake.answerNext(whatsAppError(131000)),
      rejectNext: () => fake.answerNext(whatsAppError(131026)),
      close: () => fake.close(),
    };
  },
  recipientId: CUSTOMER,
  outgoing: () => outgoingMessage(),
});
