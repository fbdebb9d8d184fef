import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError, notFound } from '../../domain/errors.ts';

describe('DomainError', () => {
  it('carries a kind, a code, a message and a cause', () => {
    const cause = new Error('root');
    const error = new DomainError('conflict', 'CHAT_COMPLETED', 'chat x is completed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'DomainError', kind: 'conflict', code: 'CHAT_COMPLETED', message: 'chat x is completed', cause });
  });

  it('is recognised by isDomainError, unlike other errors and values', () => {
    expect(isDomainError(new DomainError('invalid', 'X', 'x'))).toBe(true);
    expect([new Error('x'), { kind: 'invalid', code: 'X' }, undefined].map(isDomainError)).toEqual([false, false, false]);
  });
});

describe('notFound', () => {
  it('names the code after the entity: CHAT_NOT_FOUND', () => {
    expect(notFound('chat', 'c-1')).toMatchObject({ kind: 'not_found', code: 'CHAT_NOT_FOUND', message: 'chat c-1 was not found' });
  });
});
