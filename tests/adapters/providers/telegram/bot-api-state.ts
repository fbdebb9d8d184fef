// The state behind tests/support/fake-telegram.ts, apart so that each file stays short.

/** A file a bot uploaded: its form field's name, type and bytes. */
export interface Upload { readonly fileName: string; readonly type: string; readonly bytes: Uint8Array }
/** One Bot API call the fake received (method, the parameters however they were sent, uploads). */
export interface BotCall { readonly method: string; readonly token: string; readonly params: Record<string, unknown>; readonly uploads: Record<string, Upload> }
/** An answer scripted for the next call: an HTTP status and body, as the Bot API (or a proxy in front) gives them. */
export interface ScriptedAnswer { readonly status: number; readonly body: string; readonly contentType?: string }
/** A user the bot knows: a private chat with them exists. */
export interface FakeUser { readonly id: number; readonly first_name: string; readonly last_name?: string; readonly username?: string; readonly photo?: Uint8Array }
/** A file on Telegram's servers; `size` may claim more than `bytes` holds (for the 20 MB rule). */
export interface FakeFile { readonly bytes?: Uint8Array; readonly size?: number; readonly path?: string; readonly contentType?: string }

/** What setWebhook was last given. */
export interface Webhook { url?: string; secret_token?: string; allowed_updates?: unknown }

const json = (status: number, body: unknown): ScriptedAnswer => ({ status, body: JSON.stringify(body) });
/** `{ ok: false, error_code, description }`: how the Bot API refuses. @see https://core.telegram.org/bots/api#making-requests */
export const botError = (code: number, description: string, parameters?: object): ScriptedAnswer =>
  json(code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });
const ok = (result: unknown): ScriptedAnswer => json(200, { ok: true, result });

/** The fake Bot API's state (users, files, webhook) and methods: each takes a call and answers as Telegram does. */
export class BotApiState {
  readonly users = new Map<number, FakeUser>();
  readonly blocked = new Set<number>();
  readonly files = new Map<string, FakeFile & { path: string }>();
  readonly photos = new Map<number, object[][]>();
  readonly webhook: Webhook = {};
  readonly bot: { id: number; username: string };
  sent = 0;
  constructor(token: string) { this.bot = { id: Number(token.split(':')[0]) || 7012345678, username: 'switchboard_test_bot' }; }

  addFile(file: FakeFile): string {
    const id = `BQACAgIAAxkBAAI${this.files.size + 1}${'x'.repeat(20)}`;
    this.files.set(id, { ...file, path: file.path ?? `documents/file_${this.files.size}.bin` });
    return id;
  }
  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
    const sizes = [160, 640].map((side) => ({ file_id: this.addFile({ bytes: user.photo, path: `profile_photos/file_${user.id}_${side}.jpg`, contentType: 'image/jpeg' }),
      file_unique_id: `AQAD${user.id}${side}`, width: side, height: side, file_size: user.photo?.byteLength }));
    this.photos.set(user.id, user.photo ? [sizes] : []);
  }
  answer(call: BotCall): ScriptedAnswer {
    const { bot } = this;
    switch (call.method) {
      case 'getMe': return ok({ id: bot.id, is_bot: true, first_name: 'Switchboard', username: bot.username, can_join_groups: true, supports_inline_queries: false });
      case 'setWebhook': return this.setWebhook(call.params);
      case 'deleteWebhook':
        for (const key of Object.keys(this.webhook)) delete this.webhook[key as keyof Webhook];
        return json(200, { ok: true, result: true, description: 'Webhook was deleted' });
      case 'sendMessage': return this.send(call, undefined, (text) => ({ text }));
      case 'sendPhoto': return this.send(call, 'photo', () => ({ photo: [{ file_id: this.addFile({}), file_unique_id: 'AQADsent', width: 90, height: 90, file_size: 1000 }] }));
      case 'sendDocument': return this.send(call, 'document', (value) => ({ document: { file_id: this.addFile({}), file_unique_id: 'AgADsent', file_name: (value as Upload).fileName ?? 'file' } }));
      case 'getFile': return this.getFile(String(call.params.file_id));
      case 'getUserProfilePhotos': {
        const found = this.photos.get(Number(call.params.user_id));
        return found ? ok({ total_count: found.length, photos: found }) : botError(400, 'Bad Request: user not found');
      }
      case 'getChat': {
        const user = this.users.get(Number(call.params.chat_id));
        return user ? ok({ id: user.id, type: 'private', first_name: user.first_name, last_name: user.last_name, username: user.username, accent_color_id: 0 })
          : botError(400, 'Bad Request: chat not found');
      }
      default: return botError(404, 'Not Found');
    }
  }
  private setWebhook(params: Record<string, unknown>): ScriptedAnswer {
    if (!String(params.url ?? '').startsWith('https://')) return botError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    if (params.secret_token !== undefined && !/^[\w-]{1,256}$/.test(String(params.secret_token))) return botError(400, 'Bad Request: secret token contains unallowed characters');
    Object.assign(this.webhook, { url: params.url, secret_token: params.secret_token, allowed_updates: params.allowed_updates });
    return json(200, { ok: true, result: true, description: 'Webhook was set' });
  }
  private send(call: BotCall, field: string | undefined, content: (value: unknown) => object): ScriptedAnswer {
    const chatId = Number(call.params.chat_id);
    if (!this.users.has(chatId)) return botError(400, 'Bad Request: chat not found');
    if (this.blocked.has(chatId)) return botError(403, 'Forbidden: bot was blocked by the user');
    const value = field ? (call.uploads[field] ?? call.params[field]) : call.params.text;
    if (!value) return botError(400, field ? `Bad Request: there is no ${field} in the request` : 'Bad Request: message text is empty');
    const from = { id: this.bot.id, is_bot: true, first_name: 'Switchboard', username: this.bot.username };
    const chat = { id: chatId, first_name: this.users.get(chatId)?.first_name, type: 'private' };
    const caption = call.params.caption ? { caption: call.params.caption } : {};
    return ok({ message_id: (this.sent += 1), from, chat, date: Math.floor(Date.now() / 1000), ...content(value), ...caption });
  }
  private getFile(fileId: string): ScriptedAnswer {
    const file = this.files.get(fileId);
    if (!file) return botError(400, 'Bad Request: invalid file_id');
    const size = file.size ?? file.bytes?.byteLength ?? 0;
    if (size > 20 * 1024 * 1024) return botError(400, 'Bad Request: file is too big');
    return ok({ file_id: fileId, file_unique_id: `AgAD${fileId.slice(-6)}`, file_size: size, file_path: file.path });
  }
}

