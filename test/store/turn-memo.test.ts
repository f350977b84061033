/**
 * TurnCommit.memo on both stores: handed back with the very string it was committed with, at most once, and dropped
 * by every outcome but a committed `next` (and by forget, eviction and another process's write).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySessionStore, RedisSessionStore } from '../../src/store/index.js';
import type { SessionKey, SessionStore, TurnCommit } from '../../src/store/session-store.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const redis = connectTestRedis();
afterAll(async () => {
  await redis.quit();
});

interface Memo {
  of: string;
}

/** A caller that appends a tag to a list and keeps `{ of: next }`; records what each apply was handed. */
function appender() {
  const handed: Array<{ current: string | null; memo: Memo | undefined }> = [];
  const append =
    (tag: string, next?: (list: string[]) => string | null) =>
    (current: string | null, memo?: Memo): TurnCommit<string, Memo> => {
      handed.push({ current, memo });
      const list = [...(current === null ? [] : (JSON.parse(current) as string[])), tag];
      const out = next ? next(list) : JSON.stringify(list);
      return { next: out, result: tag, memo: out === null ? undefined : { of: out } };
    };
  return { handed, append, last: () => handed.at(-1)! };
}

const user: SessionKey = { channel: 'wecom', userId: 'memo-user' };

const stores: Array<[string, () => SessionStore]> = [
  ['Redis', () => new RedisSessionStore({ redis, prefix: uniquePrefix('memo') })],
  ['embedded', () => new MemorySessionStore()],
];

describe.each(stores)('memo on the %s store', (_name, makeStore) => {
  it('comes back with the string it was committed with, once', async () => {
    const store = makeStore();
    const a = appender();
    await store.runTurn(user, '1', a.append('x'));
    expect(a.last()).toEqual({ current: null, memo: undefined });
    await store.runTurn(user, '2', a.append('y'));
    expect(a.last()).toEqual({ current: '["x"]', memo: { of: '["x"]' } });
    await store.runTurn(user, '3', a.append('z'));
    expect(a.last().memo).toEqual({ of: '["x","y"]' });
    // Every memo handed out is a different object: none is handed out twice.
    const memos = a.handed.map((h) => h.memo).filter((m) => m !== undefined);
    expect(new Set(memos).size).toBe(memos.length);
  });

  it('is dropped when apply throws, so a memo it may have changed is not handed out again', async () => {
    const store = makeStore();
    const a = appender();
    await store.runTurn(user, '1', a.append('x'));
    await expect(
      store.runTurn(user, '2', (current, memo?: Memo) => {
        a.handed.push({ current, memo });
        throw new Error('step failed');
      }),
    ).rejects.toThrow('step failed');
    expect(a.last().memo).toEqual({ of: '["x"]' });
    await store.runTurn(user, '3', a.append('y'));
    expect(a.last()).toEqual({ current: '["x"]', memo: undefined });
  });

  it('is dropped by a rate-limited turn, by forget and by a deleted session', async () => {
    const store = makeStore();
    const a = appender();
    const limit = { rateLimit: { max: 1, windowMs: 60_000 } };
    await store.runTurn(user, '1', a.append('x'), limit);
    expect(await store.runTurn(user, '2', a.append('y'), limit)).toEqual({ status: 'rate_limited', first: true });
    expect(a.last().memo).toEqual({ of: '["x"]' });
    await store.runTurn(user, '3', a.append('z'));
    expect(a.last()).toEqual({ current: '["x"]', memo: undefined });

    await store.forget(user);
    await store.runTurn(user, '4', a.append('after-forget'));
    expect(a.last()).toEqual({ current: null, memo: undefined });

    await store.runTurn(
      user,
      '5',
      a.append('gone', () => null),
    );
    await store.runTurn(user, '6', a.append('new'));
    expect(a.last()).toEqual({ current: null, memo: undefined });
  });

  it('is never handed to a duplicate after being used, nor to the turn after one', async () => {
    const store = makeStore();
    const a = appender();
    await store.runTurn(user, '1', a.append('x'));
    await store.runTurn(user, '2', a.append('y'));
    expect(await store.runTurn(user, '2', a.append('y'))).toEqual({ status: 'duplicate' });
    await store.runTurn(user, '3', a.append('z'));
    // Whether or not the duplicate's apply ran (Redis runs it before its script says "duplicate"), no memo object
    // reaches two applies, and each one handed out belongs to the string handed with it.
    const memos = a.handed.map((h) => h.memo).filter((m) => m !== undefined);
    expect(new Set(memos).size).toBe(memos.length);
    for (const h of a.handed) if (h.memo) expect(h.memo.of).toBe(h.current);
    expect(a.last().current).toBe('["x","y"]');
  });
});

describe('memo on the Redis store, across processes and cache limits', () => {
  it("is not used after another process's write: the turn is applied again on the fresh string, without one", async () => {
    const prefix = uniquePrefix('memo-2p');
    const here = new RedisSessionStore({ redis, prefix });
    const elsewhere = new RedisSessionStore({ redis, prefix });
    const a = appender();
    await here.runTurn(user, '1', a.append('x'));
    await elsewhere.runTurn(user, '2', appender().append('other'));
    await here.runTurn(user, '3', a.append('y'));
    // The first attempt ran on the cached string with its memo; the conflict's retry on the fresh one, without.
    expect(a.handed.slice(-2)).toEqual([
      { current: '["x"]', memo: { of: '["x"]' } },
      { current: '["x","other"]', memo: undefined },
    ]);
    await here.runTurn(user, '4', a.append('z'));
    expect(a.last()).toEqual({ current: '["x","other","y"]', memo: { of: '["x","other","y"]' } });
  });

  it('is dropped with its user when the cache evicts them', async () => {
    const store = new RedisSessionStore({ redis, prefix: uniquePrefix('memo-evict'), maxCachedSessions: 1 });
    const a = appender();
    const other: SessionKey = { channel: 'wecom', userId: 'someone-else' };
    await store.runTurn(user, '1', a.append('x'));
    await store.runTurn(other, '1', appender().append('o'));
    await store.runTurn(user, '2', a.append('y'));
    // Evicted: the cold turn assumes no session, conflicts, and is applied on the stored string without a memo.
    expect(a.handed.slice(-2)).toEqual([
      { current: null, memo: undefined },
      { current: '["x"]', memo: undefined },
    ]);
  });
});
