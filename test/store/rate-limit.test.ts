/**
 * The per-user rate window counted inside the turn's commit (commit-turn-script.ts: dup check → version check →
 * rate check → write), on both stores. The limit in these tests is small and arbitrary (3 per window): the policy
 * value itself (RATE_LIMIT_MAX) is tested in test/server/rate-limit.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import {
  MemorySessionStore,
  RedisSessionStore,
  userKeys,
  type SessionKey,
  type SessionStore,
  type TurnOutcome,
} from '../../src/store/index.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const MAX = 3;
const limit = { rateLimit: { max: MAX, windowMs: 60_000 } };

const connections: Redis[] = [];
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
});
function redisConnection(): Redis {
  const redis = connectTestRedis();
  connections.push(redis);
  return redis;
}

const implementations: Array<[string, () => SessionStore]> = [
  ['MemorySessionStore', () => new MemorySessionStore()],
  ['RedisSessionStore', () => new RedisSessionStore({ redis: redisConnection(), prefix: uniquePrefix('rl-store') })],
];

/** Each applied turn appends its number to the state, so a write by a refused turn would show. */
const append = (n: number) => (cur: string | null) => ({ next: `${cur ?? ''}${n},`, result: n });
const statusOf = (o: TurnOutcome<number>) => (o.status === 'rate_limited' ? `limited${o.first ? ' (first)' : ''}` : o.status);

describe.each(implementations)('%s', (_name, makeStore) => {
  it('serves the limit, then refuses without writing; only the first refusal is marked first', async () => {
    const store = makeStore();
    const user: SessionKey = { channel: 'telegram', userId: 'flood-1' };
    const outcomes = [];
    for (let i = 1; i <= 6; i++) outcomes.push(statusOf(await store.runTurn(user, `m${i}`, append(i), limit)));
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'limited (first)', 'limited', 'limited']);
    expect(await store.read(user)).toBe('1,2,3,');
    // A refused id was not recorded: if it comes again it is refused again, never taken for a duplicate.
    expect(statusOf(await store.runTurn(user, 'm4', append(4), limit))).toBe('limited');
    await store.close();
  });

  it('does not count redeliveries: each message delivered 3 times uses one unit of the budget', async () => {
    const store = makeStore();
    const user: SessionKey = { channel: 'wecom', userId: 'redelivered' };
    const outcomes = [];
    for (let i = 1; i <= MAX; i++) {
      for (let copy = 0; copy < 3; copy++) outcomes.push(statusOf(await store.runTurn(user, `wx:${i}`, append(i), limit)));
    }
    expect(outcomes).toEqual(Array.from({ length: MAX }, () => ['applied', 'duplicate', 'duplicate']).flat());
    expect(await store.read(user)).toBe('1,2,3,');
    expect(statusOf(await store.runTurn(user, 'wx:4', append(4), limit))).toBe('limited (first)');
    await store.close();
  });

  it('limits each user on their own: a flooder does not slow anyone else down', async () => {
    const store = makeStore();
    const flooder: SessionKey = { channel: 'telegram', userId: 'flood-2' };
    const bystander: SessionKey = { channel: 'telegram', userId: 'bystander' };
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.runTurn(flooder, `f${i}`, append(i), limit)));
    const served = [];
    for (let i = 1; i <= MAX; i++) served.push(statusOf(await store.runTurn(bystander, `b${i}`, append(i), limit)));
    expect(served).toEqual(['applied', 'applied', 'applied']);
    await store.close();
  });

  it('counts nothing when no limit is given', async () => {
    const store = makeStore();
    const user: SessionKey = { channel: 'console', userId: 'unlimited' };
    for (let i = 1; i <= MAX + 2; i++) expect((await store.runTurn(user, `u${i}`, append(i))).status).toBe('applied');
    expect((await store.runTurn(user, 'u-last', append(0), limit)).status).toBe('applied');
    await store.close();
  });

  it('forget erases the window too', async () => {
    const store = makeStore();
    const user: SessionKey = { channel: 'telegram', userId: 'forgetful' };
    for (let i = 1; i <= MAX + 1; i++) await store.runTurn(user, `g${i}`, append(i), limit);
    await store.forget(user);
    expect((await store.runTurn(user, 'g-after', append(9), limit)).status).toBe('applied');
    await store.close();
  });
});

describe('RedisSessionStore only', () => {
  it('a commit that conflicted is counted once, when it lands', async () => {
    const prefix = uniquePrefix('rl-conflict');
    const redis = redisConnection();
    const [a, b] = [new RedisSessionStore({ redis, prefix }), new RedisSessionStore({ redis: redisConnection(), prefix })];
    const user: SessionKey = { channel: 'telegram', userId: 'two-processes' };
    await a.runTurn(user, 'c1', append(1), limit);
    // b's cache is cold (version 0): its first commit conflicts and is re-applied on a's state.
    let applies = 0;
    const outcome = await b.runTurn(user, 'c2', (cur) => (applies++, append(2)(cur)), limit);
    expect(applies).toBe(2);
    expect(outcome.status).toBe('applied');
    expect(await redis.get(userKeys(prefix, user).rate)).toBe('2');
    expect(await a.read(user)).toBe('1,2,');
  });

  it("the window is one key on the user's hash tag, with an expiry of the window length", async () => {
    const prefix = uniquePrefix('rl-key');
    const redis = redisConnection();
    const store = new RedisSessionStore({ redis, prefix });
    const user: SessionKey = { channel: 'wecom', userId: 'Wang{Wu}' };
    await store.runTurn(user, 'k1', append(1), { rateLimit: { max: 5, windowMs: 7_000 } });
    const key = userKeys(prefix, user).rate;
    expect(key).toBe(`${prefix}{wecom:Wang%7BWu%7D}:rl`);
    expect(await redis.get(key)).toBe('1');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(7_000);
  });

  it('refuses a limit that is not a positive whole number', async () => {
    const store = new RedisSessionStore({ redis: redisConnection(), prefix: uniquePrefix('rl-bad') });
    const user: SessionKey = { channel: 'telegram', userId: 'x' };
    await expect(store.runTurn(user, 'x1', append(1), { rateLimit: { max: 0, windowMs: 1000 } })).rejects.toThrow(/rateLimit\.max/);
  });
});

describe('MemorySessionStore only', () => {
  it('starts a new window once the old one has ended', async () => {
    let now = Date.UTC(2025, 0, 1);
    const store = new MemorySessionStore({ now: () => now });
    const user: SessionKey = { channel: 'console', userId: 'local' };
    const windowed = { rateLimit: { max: 1, windowMs: 1_000 } };
    expect((await store.runTurn(user, 'w1', append(1), windowed)).status).toBe('applied');
    expect(statusOf(await store.runTurn(user, 'w2', append(2), windowed))).toBe('limited (first)');
    now += 999;
    expect(statusOf(await store.runTurn(user, 'w3', append(3), windowed))).toBe('limited');
    now += 1;
    expect((await store.runTurn(user, 'w4', append(4), windowed)).status).toBe('applied');
    expect(await store.read(user)).toBe('1,4,');
  });
});

describe('RedisSessionStore rate-limit arguments', () => {
  it('follows a limit that changes between turns and refuses an invalid one every time', async () => {
    const store = new RedisSessionStore({ redis: redisConnection(), prefix: uniquePrefix('rl-args') });
    const key: SessionKey = { channel: 'telegram', userId: 'changing-limit' };
    const seen: string[] = [];
    for (let n = 1; n <= 2; n++)
      seen.push(statusOf(await store.runTurn(key, `a${n}`, append(n), { rateLimit: { max: 2, windowMs: 60_000 } })));
    // The window's count is 2 now: a limit of 1 refuses the next message, a limit of 5 lets it through.
    seen.push(statusOf(await store.runTurn(key, 'a3', append(3), { rateLimit: { max: 1, windowMs: 60_000 } })));
    seen.push(statusOf(await store.runTurn(key, 'a4', append(4), { rateLimit: { max: 5, windowMs: 60_000 } })));
    expect(seen).toEqual(['applied', 'applied', 'limited', 'applied']);
    for (let i = 0; i < 2; i++) {
      await expect(store.runTurn(key, 'bad', append(9), { rateLimit: { max: 0, windowMs: 60_000 } })).rejects.toThrow(RangeError);
    }
    expect(await store.read(key)).toBe('1,2,4,');
  });
});
