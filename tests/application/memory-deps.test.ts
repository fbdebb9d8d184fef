import { describe, expect, it } from 'vitest';
import type { ChatId, FileId } from '../../domain/ids.ts';
import { createMemoryDeps, TEST_EPOCH } from '../support/memory-deps.ts';

// The harness the use-case tests stand on: if it lied, they would pass for nothing.
describe('createMemoryDeps', () => {
  it('holds the clock still until a test sets or advances it', () => {
    const deps = createMemoryDeps();
    expect(deps.clock.now()).toEqual(TEST_EPOCH);
    deps.clock.advance(1500);
    expect(deps.clock.now()).toEqual(new Date(TEST_EPOCH.getTime() + 1500));
    deps.clock.set(new Date('2030-05-05T00:00:00Z'));
    expect(deps.clock.now()).toEqual(new Date('2030-05-05T00:00:00Z'));
  });

  it('mints distinct UUID-shaped ids that sort in minting order', () => {
    const deps = createMemoryDeps();
    const ids = Array.from({ length: 12 }, () => deps.ids.next());
    expect(ids[0]).toBe('00000000-0000-7000-8000-000000000001');
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(12);
    expect([...ids].sort()).toEqual(ids);
  });

  it('records events, telling apart those published inside a transaction', async () => {
    const deps = createMemoryDeps();
    const inside = { type: 'chat.completed', chatId: 'c-1' as ChatId } as const;
    const after = { type: 'chat.completed', chatId: 'c-2' as ChatId } as const;
    await deps.transaction.run(() => deps.events.publish(inside));
    await deps.events.publish(after);
    expect(deps.events.published).toEqual([inside, after]);
    expect(deps.events.publishedInsideTransaction).toEqual([inside]);
  });

  it('stores files in memory, by id, with their size', async () => {
    const deps = createMemoryDeps();
    const file = await deps.files.put(new Uint8Array([1, 2, 3]), { mimeType: 'text/plain', fileName: 'a.txt' });
    expect(await deps.files.find(file.id)).toEqual({ file: { id: file.id, mimeType: 'text/plain', fileName: 'a.txt', size: 3 }, bytes: new Uint8Array([1, 2, 3]) });
    expect(await deps.files.find('missing' as FileId)).toBeUndefined();
  });

  it('takes providers as a list or a registry, and limits that override the 1 MiB default', () => {
    const listed = createMemoryDeps({ providers: [{ name: 'custom' }], limits: { maxAttachmentBytes: 10 } });
    const registry = createMemoryDeps({ providers: { find: (name) => ({ name: `${name}!` }) } });
    expect([listed.providers.find('custom')?.name, listed.providers.find('telegram')]).toEqual(['custom', undefined]);
    expect(registry.providers.find('x')?.name).toBe('x!');
    expect([listed.limits.maxAttachmentBytes, registry.limits.maxAttachmentBytes]).toEqual([10, 1024 * 1024]);
  });
});
