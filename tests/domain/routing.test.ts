import { describe, expect, it } from 'vitest';
import type { AgentId } from '../../domain/ids.ts';
import { chooseLeastBusy, type RoutingCandidate } from '../../domain/routing.ts';

const NOW = new Date('2025-01-01T12:00:00Z');
const secondsAgo = (s: number) => new Date(NOW.getTime() - s * 1000);
const candidate = (id: string, activeChats: number, idleSeconds: number, capacity = 3): RoutingCandidate =>
  ({ agentId: id as AgentId, capacity, activeChats, idleSince: secondsAgo(idleSeconds) });

describe('chooseLeastBusy', () => {
  it('gives the chat to the agent with the fewest active chats, and says why', () => {
    const choice = chooseLeastBusy([candidate('a', 2, 500), candidate('b', 1, 42), candidate('c', 3, 900, 5)], NOW);
    expect(choice).toEqual({ agentId: 'b', reason: 'least busy: 1 of 3 active, idle 42 s, among 3 with free capacity' });
  });

  it('breaks a tie for the agent idle longest, then by id, whatever the order given', () => {
    const tied = [candidate('a', 1, 10), candidate('b', 1, 300), candidate('c', 1, 300)];
    expect(chooseLeastBusy(tied, NOW).agentId).toBe('b');
    expect(chooseLeastBusy([...tied].reverse(), NOW).agentId).toBe('b');
  });

  it('never picks an agent at capacity; with none free the chat waits, and the reason tells', () => {
    expect(chooseLeastBusy([candidate('a', 3, 10), candidate('b', 0, 5, 0)], NOW))
      .toEqual({ agentId: null, reason: 'all 2 online agents are at capacity' });
    expect(chooseLeastBusy([candidate('a', 3, 10), candidate('b', 2, 5)], NOW)).toMatchObject({ agentId: 'b' });
  });

  it('leaves the chat waiting when no agent of the queue is online', () => {
    expect(chooseLeastBusy([], NOW)).toEqual({ agentId: null, reason: 'no agent of the queue is online' });
  });

  it('names a lone free agent without counting a field of one', () => {
    expect(chooseLeastBusy([candidate('a', 0, 0, 1)], NOW)).toEqual({ agentId: 'a', reason: 'least busy: 0 of 1 active, idle 0 s' });
  });
});
