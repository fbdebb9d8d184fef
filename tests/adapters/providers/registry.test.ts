import { describe, expect, it } from 'vitest';
import { createProviderRegistry } from '../../../adapters/providers/registry.ts';
import { providerOptions, SECRET } from './custom-fixtures.ts';

const registry = createProviderRegistry(providerOptions());

describe('provider registry', () => {
  it('finds the custom provider with every part the core and the edges need', () => {
    const custom = registry.find('custom');
    expect(custom?.name).toBe('custom');
    expect(custom?.sender).toBeDefined();
    expect(custom?.attachments).toBeDefined();
    expect(custom?.profiles).toBeUndefined();
    expect(custom?.secretSettingKeys).toEqual(['secret']);
    expect(registry.names).toContain('custom');
  });

  it.each(['nope', 'Custom', '', '__proto__', 'constructor'])('finds no provider called %j', (name) => {
    expect(registry.find(name)).toBeUndefined();
  });

  it('checks settings with the provider\'s schema, dropping unknown keys', () => {
    expect(registry.checkSettings('custom', { secret: SECRET, outboundUrl: 'https://crm.example/in', extra: 1 }))
      .toEqual({ secret: SECRET, outboundUrl: 'https://crm.example/in' });
  });

  it.each([
    [{ secret: '' }, 'secret: secret must not be empty'],
    [{}, 'secret: is required'],
    [{ secret: SECRET, outboundUrl: 'ftp://crm.example' }, 'outboundUrl: outboundUrl must be an http(s) URL'],
    [null, 'settings must be an object'],
  ])('refuses settings %j, saying why and never echoing a secret', (settings, reason) => {
    expect(() => registry.checkSettings('custom', settings)).toThrow(expect.objectContaining({ kind: 'invalid', code: 'INVALID_SETTINGS' }));
    expect(() => registry.checkSettings('custom', settings)).toThrow(reason);
  });

  it('never quotes a wrongly typed secret in its message', () => {
    let message = '';
    try {
      registry.checkSettings('custom', { secret: 987654321987654 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('secret must be a string');
    expect(message).not.toContain('987654321987654');
  });

  it('refuses settings of an unknown provider', () => {
    expect(() => registry.checkSettings('pigeon', {})).toThrow(expect.objectContaining({ code: 'UNKNOWN_PROVIDER' }));
  });
});
