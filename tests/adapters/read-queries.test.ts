import { describe, expect, it } from 'vitest';
import { chatListQuery } from '../../adapters/persistence/chat-list-query.ts';
import { chatHistoryQuery, historyQuery } from '../../adapters/persistence/history-query.ts';
import type { AgentId, ChatId } from '../../domain/ids.ts';

const AGENT = '01999031-b200-72fd-8c41-1ceb06840c38' as AgentId;
const CHAT = '01a1968d-3900-7fc8-814d-19d9fe9b625b' as ChatId;
const AFTER = { at: new Date(Date.UTC(2026, 0, 1)), id: '01a1968d-3900-7fc8-814d-19d9fe9b6000' };

// The reads run as named statements, which may get generic plans: a bound status or limit would keep them
// off the partial indexes and make them sort every row, so both are written into the text.
describe('read statements', () => {
  it('write a chat list page\'s status and size into the text, binding only ids and the keyset', () => {
    const query = chatListQuery({ status: 'active', agentId: AGENT }, { after: AFTER, limit: 51 });
    expect(query?.sql).toContain(`status = 'active'`);
    expect(query?.sql).toMatch(/ limit 51$/);
    expect(query?.params).toEqual([AGENT, AFTER.at, AFTER.id]);
  });

  it('write a history page\'s size into the text', () => {
    expect(historyQuery([CHAT], { after: undefined, limit: 51 })).toMatchObject({ params: [CHAT] });
    expect(historyQuery([CHAT], { after: undefined, limit: 51 }).sql).toMatch(/ limit 51$/);
    const chat = chatHistoryQuery(CHAT, { after: AFTER, limit: 51 });
    expect(chat.sql).toContain(' limit 51\n');
    expect(chat.params).toEqual([AFTER.at, AFTER.id, CHAT]);
  });

  it('refuse a status that is not one', () => {
    expect(() => chatListQuery({ status: `active' or true --` as never }, { after: undefined, limit: 5 })).toThrow();
  });
});
