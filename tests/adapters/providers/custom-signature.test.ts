import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCustomProvider } from '../../../adapters/providers/custom/index.ts';
import { isValidSignature, SIGNATURE_HEADER, signBody } from '../../../adapters/providers/custom/verify.ts';
import { customChannel, providerOptions, SECRET, utf8 } from './custom-fixtures.ts';

const body = utf8('{"message":"héllo \\/ 👋","sender":"u","recipient":"r","timestamp":1}');
// Computed here with node:crypto directly, not with the code under test.
const hex = createHmac('sha256', SECRET).update(body).digest('hex');
const provider = createCustomProvider(providerOptions());

const verify = (signature: string | undefined, rawBody = body, channel = customChannel()) =>
  provider.verify(channel, { rawBody, headers: new Headers(signature === undefined ? {} : { [SIGNATURE_HEADER]: signature }) });

describe('custom signature (X-Switchboard-Signature)', () => {
  it('signs as sha256=<hex HMAC-SHA256 of the raw bytes>', () => {
    expect(signBody(SECRET, body)).toBe(`sha256=${hex}`);
  });

  it.each([
    ['the exact signature', `sha256=${hex}`],
    ['upper-case hex digits', `sha256=${hex.toUpperCase()}`],
    ['surrounding spaces', `  sha256=${hex} `],
  ])('accepts %s', async (_name, signature) => {
    expect(await verify(signature)).toBe(true);
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['another secret', signBody('another-secret-0123456789', body)],
    ['no prefix', hex],
    ['a wrong prefix', `sha1=${hex}`],
    ['an upper-case prefix with a wrong digest', `SHA256=${'0'.repeat(64)}`],
    ['a digest one digit short', `sha256=${hex.slice(0, -1)}`],
    ['a digest one digit long', `sha256=${hex}0`],
    ['a digest of double length', `sha256=${hex}${hex}`],
    ['non-hex digits', `sha256=${'z'.repeat(64)}`],
    ['two signatures', `sha256=${hex}, sha256=${hex}`],
  ])('refuses %s', async (_name, signature) => {
    expect(await verify(signature)).toBe(false);
  });

  it('refuses a body changed by one byte', async () => {
    const changed = body.slice();
    changed[5] = changed[5]! ^ 1;
    expect(await verify(`sha256=${hex}`, changed)).toBe(false);
  });

  it('checks the raw bytes: the same JSON re-serialised does not match', async () => {
    const reserialised = utf8(JSON.stringify(JSON.parse(new TextDecoder().decode(body))));
    expect(reserialised).not.toEqual(body);
    expect(await verify(`sha256=${hex}`, reserialised)).toBe(false);
  });

  it('refuses everything on a channel without a valid secret', async () => {
    for (const settings of [{}, { secret: '' }, { secret: 12345678901234567 }]) {
      const channel = customChannel(settings);
      expect(await verify(signBody(String(settings.secret ?? ''), body), body, channel)).toBe(false);
    }
  });

  it('is the signature function under its plain name too', () => {
    expect(isValidSignature(SECRET, body, `sha256=${hex}`)).toBe(true);
    expect(isValidSignature('', body, signBody('', body))).toBe(false);
  });
});
