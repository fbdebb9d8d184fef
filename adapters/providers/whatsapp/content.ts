import * as v from 'valibot';
import type { InboundAttachment } from '../../../application/inbound/inbound-message.ts';
import type { AttachmentType } from '../../../domain/attachment.ts';
import type { MessageType } from '../../../domain/message.ts';
import { sanitizeFileName } from '../file-name.ts';
import { storableText } from '../text.ts';
import { compact, storableJson, textOf } from './json.ts';
import { IdSchema } from './payload.ts';

/** What a message's type-specific content becomes; undefined from a reader means it could not be read. */
export interface Content {
  readonly type: MessageType;
  readonly text: string;
  readonly attachments: readonly InboundAttachment[];
  readonly metadata?: Record<string, unknown> | undefined;
}

/** Reads the content a message of one type carries under `message[type]`. */
export type ContentReader = (content: unknown) => Content | undefined;

const MIME_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;.{0,200})?$/;

// The media object carries a short-lived `url` too: never kept, the id is the durable reference.
const MediaSchema = v.looseObject({
  id: IdSchema,
  mime_type: v.optional(v.string()),
  caption: v.optional(v.string()),
  filename: v.optional(v.string()),
  voice: v.optional(v.boolean()),
  animated: v.optional(v.boolean()),
});

/**
 * image / video / audio / document / sticker: one attachment whose sourceRef is the media id, the
 * caption as text. An audio with `voice: true` is a voice note recorded in WhatsApp.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/audio
 */
export const mediaReader = (kind: AttachmentType): ContentReader => (content) => {
  const parsed = v.safeParse(MediaSchema, content);
  if (!parsed.success) return undefined;
  const media = parsed.output;
  const type: AttachmentType = kind === 'audio' && media.voice === true ? 'voice' : kind;
  const mimeType = media.mime_type && MIME_TYPE.test(media.mime_type) ? media.mime_type : undefined;
  return {
    type,
    text: storableText(media.caption ?? ''),
    attachments: [{ type, sourceRef: media.id, mimeType, fileName: sanitizeFileName(media.filename) ?? undefined }],
    metadata: type === 'sticker' && media.animated !== undefined ? { sticker: { animated: media.animated } } : undefined,
  };
};

/** text: the body. */
export const textReader: ContentReader = (content) => {
  const parsed = v.safeParse(v.looseObject({ body: v.string() }), content);
  return parsed.success ? { type: 'text', text: storableText(parsed.output.body), attachments: [] } : undefined;
};

const Coordinate = v.pipe(v.union([v.number(), v.pipe(v.string(), v.regex(/^-?\d{1,3}(?:\.\d+)?$/))]), v.transform(Number));
const LocationSchema = v.looseObject({
  latitude: v.pipe(Coordinate, v.minValue(-90), v.maxValue(90)),
  longitude: v.pipe(Coordinate, v.minValue(-180), v.maxValue(180)),
  name: v.optional(v.string()),
  address: v.optional(v.string()),
  url: v.optional(v.string()),
});

/** location: coordinates, name and address into metadata, and a line an agent can read. */
export const locationReader: ContentReader = (content) => {
  const parsed = v.safeParse(LocationSchema, content);
  if (!parsed.success) return undefined;
  const { latitude, longitude } = parsed.output;
  const name = textOf(parsed.output.name);
  const address = textOf(parsed.output.address);
  const place = [name, address].filter(Boolean).join(', ');
  return {
    type: 'location',
    text: `Location: ${place ? `${place} ` : ''}(${latitude}, ${longitude})`,
    attachments: [],
    metadata: { location: compact({ latitude, longitude, name, address, url: textOf(parsed.output.url) }) },
  };
};

const ContactCardSchema = v.looseObject({
  name: v.optional(v.looseObject({ formatted_name: v.optional(v.string()), first_name: v.optional(v.string()), last_name: v.optional(v.string()) })),
  phones: v.optional(v.array(v.looseObject({ phone: v.optional(v.string()), wa_id: v.optional(v.string()) }))),
  emails: v.optional(v.array(v.looseObject({ email: v.optional(v.string()) }))),
});

/**
 * contacts: shared contact cards, each kept whole in metadata and listed as "name: phones, emails".
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/contacts
 */
export const contactsReader: ContentReader = (content) => {
  const parsed = v.safeParse(v.pipe(v.array(ContactCardSchema), v.minLength(1)), content);
  if (!parsed.success) return undefined;
  const lines = parsed.output.map((card) => {
    const name = textOf(card.name?.formatted_name) ?? [textOf(card.name?.first_name), textOf(card.name?.last_name)].filter(Boolean).join(' ');
    const reach = [...(card.phones ?? []).map((p) => textOf(p.phone) ?? textOf(p.wa_id)), ...(card.emails ?? []).map((e) => textOf(e.email))];
    const details = reach.filter(Boolean).join(', ');
    return `Contact: ${name || 'unnamed'}${details ? ` (${details})` : ''}`;
  });
  return { type: 'contact', text: lines.join('\n'), attachments: [], metadata: { contacts: storableJson(content) } };
};
