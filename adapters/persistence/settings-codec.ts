import { Type, type Platform } from '@mikro-orm/core';
import type { ChannelSettings } from '../../domain/channel.ts';

/** Turns channel settings into the text stored in `channel.settings` and back (e.g. encrypted at rest). */
export interface SettingsCodec {
  encode(settings: ChannelSettings): string;
  decode(text: string): ChannelSettings;
}

/** Settings as plain JSON text: the default when no encryption key is configured. */
export const jsonSettingsCodec: SettingsCodec = {
  encode: (settings) => JSON.stringify(settings),
  decode: (text) => JSON.parse(text) as ChannelSettings,
};

// Keyed by the ORM's configuration, not stored in the entity metadata: several ORMs in one process
// share the domain classes' prototypes, so only the platform handed to each conversion is trustworthy.
const codecs = new WeakMap<object, SettingsCodec>();

/** Makes every ORM built on this configuration store settings through `codec`. */
export function useSettingsCodec(config: object, codec: SettingsCodec): void {
  codecs.set(config, codec);
}

const codecOf = (platform: Platform | undefined): SettingsCodec =>
  (platform && codecs.get(platform.getConfig())) ?? jsonSettingsCodec;

/** Settings from the column's text, as the ORM built on `platform` decodes them (for rows mapped by hand). */
export const decodeSettings = (platform: Platform, text: string): ChannelSettings => codecOf(platform).decode(text);

/** The `channel.settings` column: an object in the domain, codec text in the database. */
export class SettingsType extends Type<ChannelSettings, string> {
  override convertToDatabaseValue(value: ChannelSettings, platform: Platform): string {
    return codecOf(platform).encode(value);
  }

  override convertToJSValue(value: string, platform: Platform): ChannelSettings {
    return codecOf(platform).decode(value);
  }

  /** An encrypting codec writes new text each time: compare what it decodes to, or every flush rewrites. */
  override compareValues(a: string, b: string): boolean {
    if (a === b) return true;
    const codec = codecOf(this.platform);
    return JSON.stringify(codec.decode(a)) === JSON.stringify(codec.decode(b));
  }

  override getColumnType(): string {
    return 'text';
  }
}
