import { describe, expect, it } from 'vitest';
import { Agent, type AgentRole } from '../../domain/agent.ts';
import type { AgentId } from '../../domain/ids.ts';

const CREATED = new Date('2025-01-01T10:00:00Z');

const anAgent = (capacity = 2, role: AgentRole = 'agent') => new Agent({ id: 'ag-1' as AgentId, name: 'Grace', role, capacity, createdAt: CREATED });

describe('Agent capacity', () => {
  it('accepts zero or any whole number of chats', () => {
    expect([0, 1, 25].map((capacity) => anAgent(capacity).capacity)).toEqual([0, 1, 25]);
  });

  it('refuses a negative or fractional capacity with INVALID_CAPACITY', () => {
    for (const capacity of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => anAgent(capacity), String(capacity)).toThrow(expect.objectContaining({ kind: 'invalid', code: 'INVALID_CAPACITY' }));
    }
  });
});

describe('Agent.canTakeMore', () => {
  it('is true for an online agent below capacity, false at or above it', () => {
    const agent = anAgent(2);
    agent.setStatus('online', CREATED);
    expect([0, 1, 2, 3].map((active) => agent.canTakeMore(active))).toEqual([true, true, false, false]);
  });

  it('is false for a busy or offline agent, whatever the load', () => {
    const agent = anAgent(5);
    expect(agent.canTakeMore(0)).toBe(false);
    agent.setStatus('busy', CREATED);
    expect(agent.canTakeMore(0)).toBe(false);
  });

  it('is false for an agent with no capacity', () => {
    const agent = anAgent(0);
    agent.setStatus('online', CREATED);
    expect(agent.canTakeMore(0)).toBe(false);
  });
});

describe('Agent.setStatus', () => {
  it('starts offline and records when the status last changed', () => {
    const agent = anAgent();
    const at = new Date('2025-01-01T11:00:00Z');
    expect(agent).toMatchObject({ status: 'offline', statusChangedAt: CREATED });
    agent.setStatus('online', at);
    expect(agent).toMatchObject({ status: 'online', statusChangedAt: at });
  });

  it('keeps the time of the last real change when the same status is set again', () => {
    const agent = anAgent();
    const at = new Date('2025-01-01T11:00:00Z');
    agent.setStatus('online', at);
    agent.setStatus('online', new Date('2025-01-01T12:00:00Z'));
    expect(agent.statusChangedAt).toEqual(at);
  });
});

describe('Agent.seesAllChats', () => {
  it('is for supervisors and admins, not agents', () => {
    expect((['agent', 'supervisor', 'admin'] as const).map((role) => anAgent(1, role).seesAllChats)).toEqual([false, true, true]);
  });
});

describe('Agent idle time', () => {
  it('runs from coming online, or from the last assignment when that is later', () => {
    const agent = anAgent();
    const online = new Date('2025-01-01T11:00:00Z');
    agent.setStatus('online', online);
    expect(agent.idleSince()).toEqual(online);
    const assigned = new Date('2025-01-01T11:05:00Z');
    agent.assigned(assigned);
    expect(agent.idleSince()).toEqual(assigned);
    const backOnline = new Date('2025-01-01T12:00:00Z');
    agent.setStatus('busy', new Date('2025-01-01T11:30:00Z'));
    agent.setStatus('online', backOnline);
    expect(agent.idleSince()).toEqual(backOnline);
  });
});

describe('Agent tokens', () => {
  it('keeps only the hash of the newest token, and forgets it on revocation', () => {
    const agent = anAgent();
    agent.useTokenHash('hash-1');
    agent.useTokenHash('hash-2');
    expect(agent.tokenHash).toBe('hash-2');
    agent.revokeToken();
    expect(agent.tokenHash).toBeNull();
  });
});
