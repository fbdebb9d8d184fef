import * as v from 'valibot';
import type { Content, ContentReader } from './content.ts';
import { compact, textOf } from './json.ts';

const Text = v.optional(v.string());
const ReplySchema = v.looseObject({ id: v.string(), title: v.string(), description: Text });

/**
 * button: a tap on a quick-reply button of a template message: its text and payload, as a postback.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/button
 */
export const buttonReader: ContentReader = (content) => {
  const parsed = v.safeParse(v.looseObject({ text: Text, payload: Text }), content);
  if (!parsed.success) return undefined;
  const title = textOf(parsed.output.text);
  const payload = textOf(parsed.output.payload);
  return postback(title ?? payload ?? '', { kind: 'button', title, payload });
};

/**
 * interactive: a reply button (`button_reply`) or a list row (`list_reply`) the customer chose, as a
 * postback with its id and title; a submitted Flow (`nfm_reply`) keeps its response JSON. Other
 * kinds (e.g. a call permission answer) are not ours to read: undefined, so it is stored as unsupported.
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages/interactive
 */
export const interactiveReader: ContentReader = (content) => {
  const parsed = v.safeParse(v.looseObject({ type: v.string() }), content);
  if (!parsed.success) return undefined;
  const kind = parsed.output.type;
  const raw = (content as Record<string, unknown>)[kind];
  if (kind === 'button_reply' || kind === 'list_reply') return choiceReply(kind, raw);
  if (kind === 'nfm_reply') return flowReply(raw);
  return undefined;
};

function choiceReply(kind: 'button_reply' | 'list_reply', raw: unknown): Content | undefined {
  const reply = v.safeParse(ReplySchema, raw);
  if (!reply.success) return undefined;
  const title = textOf(reply.output.title) ?? '';
  return postback(title, { kind, id: textOf(reply.output.id), title, description: textOf(reply.output.description) });
}

function flowReply(raw: unknown): Content | undefined {
  const reply = v.safeParse(v.looseObject({ name: Text, body: Text, response_json: Text }), raw);
  if (!reply.success) return undefined;
  const body = textOf(reply.output.body);
  return postback(body ?? 'Form submitted', { kind: 'nfm_reply', name: textOf(reply.output.name), title: body, responseJson: textOf(reply.output.response_json) });
}

const postback = (text: string, fields: Record<string, unknown>): Content => ({
  type: 'postback', text, attachments: [], metadata: { postback: compact(fields) },
});
