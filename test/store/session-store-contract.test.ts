/**
 * The behaviour every SessionStore must have, run against both implementations.
 * State in these tests is a JSON list of numbers; each turn appends one, so order and losses are visible.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { MemorySessionStore, RedisSessionStore, type SessionKey, type SessionStore } from '../../src/store/index.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

let redis: Redis | undefined;
afterAll(async () => {
  await redis?.quit();
});

const implementations: Array<[string, () => SessionStore]> = [
  ['MemorySessionStore', () => new MemorySessionStore()],
  [
    'RedisSessionStore',
    () => {
      redis ??= connectTestRedis();
      return new RedisSessionStore({ redis, prefix: uniquePrefix('contract') });
    },
  ],
];

const alice: SessionKey = { channel: 'telegram', userId: '1001' };
const bob: SessionKey = { channel: 'wecom', userId: 'ZhangSan' };

function append(value: number) {
  return (current: string | null) => {
    const list = current === null ? [] : (JSON.parse(current) as number[]);
    const next = [...list, value];
    return { next: JSON.stringify(next), result: { sawLength: list.length } };
  };
}

async function list(store: SessionStore, key: SessionKey): Promise<number[] | null> {
  const raw = await store.read(key);
  return raw === null ? null : (JSON.parse(raw) as number[]);
}

describe.each(implementations)('%s', (_name, makeStore) => {
  it('starts a new session from null and stores what the turn returns', async () => {
    const store = makeStore();
    let seen: string | null | undefined;
    const outcome = await store.runTurn(alice, 'm1', (current) => {
      seen = current;
      return { next: '{"step":"city"}', result: 'asked for the city' };
    });
    expect(seen).toBeNull();
    expect(outcome).toEqual({ status: 'applied', result: 'asked for the city' });
    expect(await store.read(alice)).toBe('{"step":"city"}');
    await store.close();
  });

  it('hands the next turn the state the previous one stored', async () => {
    const store = makeStore();
    await store.runTurn(alice, 'm1', append(1));
    const outcome = await store.runTurn(alice, 'm2', append(2));
    expect(outcome).toEqual({ status: 'applied', result: { sawLength: 1 } });
    expect(await list(store, alice)).toEqual([1, 2]);
    await store.close();
  });

  it('deletes the session when a turn returns null, and the next turn starts from null', async () => {
    const store = makeStore();
    await store.runTurn(alice, 'm1', append(1));
    await store.runTurn(alice, 'm2', () => ({ next: null, result: 'restarted' }));
    expect(await store.read(alice)).toBeNull();
    const outcome = await store.runTurn(alice, 'm3', append(3));
    expect(outcome).toEqual({ status: 'applied', result: { sawLength: 0 } });
    expect(await list(store, alice)).toEqual([3]);
    await store.close();
  });

  it('keeps users apart', async () => {
    const store = makeStore();
    await store.runTurn(alice, 'same-id', append(1));
    const forBob = await store.runTurn(bob, 'same-id', append(2));
    expect(forBob.status).toBe('applied');
    expect(await list(store, alice)).toEqual([1]);
    expect(await list(store, bob)).toEqual([2]);
    await store.close();
  });

  it('applies a message delivered three times once', async () => {
    const store = makeStore();
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await store.runTurn(alice, 'tg:42', append(7)));
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await list(store, alice)).toEqual([7]);
    await store.close();
  });

  it('applies a message delivered three times at once exactly once', async () => {
    const store = makeStore();
    const outcomes = await Promise.all([0, 1, 2].map(() => store.runTurn(alice, 'wecom:msg-9', append(9))));
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(2);
    expect(await list(store, alice)).toEqual([9]);
    await store.close();
  });

  it('never dedupes turns without a message id', async () => {
    const store = makeStore();
    await store.runTurn(alice, null, append(1));
    await store.runTurn(alice, null, append(1));
    expect(await list(store, alice)).toEqual([1, 1]);
    await store.close();
  });

  it('applies 50 messages fired at once in call order, none lost', async () => {
    const store = makeStore();
    const turns = Array.from({ length: 50 }, (_, i) => store.runTurn(alice, `m${i}`, append(i)));
    const outcomes = await Promise.all(turns);
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(await list(store, alice)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // Each turn saw exactly the turns before it.
    expect(outcomes.map((o) => (o.status === 'applied' ? o.result.sawLength : -1))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await store.close();
  });

  it('leaves the session untouched when apply throws, and keeps serving the user', async () => {
    const store = makeStore();
    await store.runTurn(alice, 'm1', append(1));
    const failing = store.runTurn(alice, 'm2', () => {
      throw new Error('dialog bug');
    });
    const after = store.runTurn(alice, 'm3', append(3));
    await expect(failing).rejects.toThrow('dialog bug');
    expect((await after).status).toBe('applied');
    expect(await list(store, alice)).toEqual([1, 3]);
    // The failed message was not recorded as applied, so its redelivery is processed.
    expect((await store.runTurn(alice, 'm2', append(2))).status).toBe('applied');
    await store.close();
  });

  it('forget erases the state and the remembered message ids of that user only', async () => {
    const store = makeStore();
    await store.runTurn(alice, 'm1', append(1));
    await store.runTurn(bob, 'b1', append(5));
    await store.forget(alice);
    expect(await store.read(alice)).toBeNull();
    expect(await list(store, bob)).toEqual([5]);
    // Nothing is remembered: even the old message id is new again.
    const again = await store.runTurn(alice, 'm1', append(1));
    expect(again).toEqual({ status: 'applied', result: { sawLength: 0 } });
    await store.close();
  });
});
