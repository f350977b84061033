/** What only the Redis store has to prove: several processes, key layout, expiry, memory, round trips. */
import { afterAll, describe, expect, it } from 'vitest';
import { RedisSessionStore, userKeys, type SessionKey } from '../../src/store/index.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const admin = connectTestRedis();
const connections = [connectTestRedis(), connectTestRedis()];
afterAll(async () => {
  await Promise.all([admin, ...connections].map((c) => c.quit()));
});

const user: SessionKey = { channel: 'telegram', userId: '777' };

function append(tag: string) {
  return (current: string | null) => {
    const list = current === null ? [] : (JSON.parse(current) as string[]);
    return { next: JSON.stringify([...list, tag]), result: list.length };
  };
}

async function scanAll(pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

describe('RedisSessionStore across processes', () => {
  it('two stores on separate connections interleaving 2×25 turns on one user lose none', async () => {
    const prefix = uniquePrefix('two-procs');
    const [a, b] = connections.map((redis) => new RedisSessionStore({ redis, prefix }));
    const turns: Promise<unknown>[] = [];
    for (let i = 0; i < 25; i++) {
      turns.push(a!.runTurn(user, `a${i}`, append(`a${i}`)));
      turns.push(b!.runTurn(user, `b${i}`, append(`b${i}`)));
    }
    const outcomes = (await Promise.all(turns)) as Array<{ status: string }>;
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);

    const stored = JSON.parse((await a!.read(user))!) as string[];
    expect(stored).toHaveLength(50);
    expect(new Set(stored).size).toBe(50);
    // Each process's own turns keep their call order.
    const expectedA = Array.from({ length: 25 }, (_, i) => `a${i}`);
    const expectedB = Array.from({ length: 25 }, (_, i) => `b${i}`);
    expect(stored.filter((t) => t.startsWith('a'))).toEqual(expectedA);
    expect(stored.filter((t) => t.startsWith('b'))).toEqual(expectedB);
  });

  it('dedupes a message id across processes', async () => {
    const prefix = uniquePrefix('dedupe-procs');
    const [a, b] = connections.map((redis) => new RedisSessionStore({ redis, prefix }));
    const results = await Promise.all([
      a!.runTurn(user, 'tg:update-5', append('x')),
      b!.runTurn(user, 'tg:update-5', append('x')),
      b!.runTurn(user, 'tg:update-5', append('x')),
    ]);
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(JSON.parse((await b!.read(user))!)).toEqual(['x']);
  });

  it('a process with a cold cache still continues a returning user from the stored state', async () => {
    const prefix = uniquePrefix('cold');
    const first = new RedisSessionStore({ redis: connections[0]!, prefix });
    await first.runTurn(user, 'm1', append('one'));
    const restarted = new RedisSessionStore({ redis: connections[1]!, prefix });
    const outcome = await restarted.runTurn(user, 'm2', append('two'));
    expect(outcome).toEqual({ status: 'applied', result: 1 });
    expect(JSON.parse((await first.read(user))!)).toEqual(['one', 'two']);
  });

  it('a process whose cached copy is stale re-applies the turn on the current state', async () => {
    const prefix = uniquePrefix('stale');
    const [a, b] = connections.map((redis) => new RedisSessionStore({ redis, prefix }));
    await a!.runTurn(user, 'm1', append('a1'));
    await b!.runTurn(user, 'm2', append('b2'));
    await b!.forget(user);
    await b!.runTurn(user, 'm3', append('b3'));
    // a still caches ['a1'] at its old version; the session was since forgotten and recreated.
    await a!.runTurn(user, 'm4', append('a4'));
    expect(JSON.parse((await a!.read(user))!)).toEqual(['b3', 'a4']);
  });
});

describe('RedisSessionStore key layout and lifetime', () => {
  it('puts every key of a user in one Cluster hash slot, even with braces in the id', () => {
    const keys = userKeys('jf:', { channel: 'wecom', userId: 'odd{id}' });
    const tagOf = (key: string) => /\{([^}]*)\}/.exec(key)?.[1];
    expect(tagOf(keys.state)).toBe('wecom:odd%7Bid%7D');
    expect(tagOf(keys.seen)).toBe(tagOf(keys.state));
    expect(userKeys('jf:', { channel: 'telegram', userId: '42' }).state).toBe('jf:{telegram:42}:s');
  });

  it('forget removes every key of the user', async () => {
    const prefix = uniquePrefix('forget');
    const store = new RedisSessionStore({ redis: connections[0]!, prefix });
    const other: SessionKey = { channel: 'telegram', userId: '778' };
    await store.runTurn(user, 'm1', append('x'));
    await store.runTurn(other, 'm1', append('y'));
    const { pattern } = userKeys(prefix, user);
    expect((await scanAll(pattern)).sort()).toEqual([userKeys(prefix, user).seen, userKeys(prefix, user).state].sort());
    await store.forget(user);
    expect(await scanAll(pattern)).toEqual([]);
    expect(await scanAll(userKeys(prefix, other).pattern)).toHaveLength(2);
  });

  it('expires a session after the inactivity TTL', async () => {
    const prefix = uniquePrefix('ttl');
    const store = new RedisSessionStore({ redis: connections[0]!, prefix, ttlSeconds: 1 });
    await store.runTurn(user, 'm1', append('x'));
    const ttl = await admin.pttl(userKeys(prefix, user).state);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await store.read(user)).toBeNull();
    // The cache still holds the old version; the turn must start from nothing all the same.
    const outcome = await store.runTurn(user, 'm2', append('y'));
    expect(outcome).toEqual({ status: 'applied', result: 0 });
  });

  it('keeps a 30-day TTL by default and remembers message ids for the dedupe window only, bounded', async () => {
    const prefix = uniquePrefix('bounds');
    const store = new RedisSessionStore({ redis: connections[0]!, prefix, maxSeenIds: 5 });
    for (let i = 0; i < 8; i++) await store.runTurn(user, `m${i}`, append(`t${i}`));
    const keys = userKeys(prefix, user);
    const stateTtl = await admin.ttl(keys.state);
    expect(stateTtl).toBeGreaterThan(30 * 86400 - 60);
    expect(stateTtl).toBeLessThanOrEqual(30 * 86400);
    const seenTtl = await admin.ttl(keys.seen);
    expect(seenTtl).toBeGreaterThan(86400 - 60);
    expect(seenTtl).toBeLessThanOrEqual(86400);
    expect(await admin.zcard(keys.seen)).toBe(5);
    expect(await admin.zscore(keys.seen, 'm7')).not.toBeNull();
    expect(await admin.zscore(keys.seen, 'm0')).toBeNull();
  });

  it('stores a realistic session (≈400-byte state, 20 message ids) in at most 1 KB', async () => {
    const prefix = uniquePrefix('size');
    const store = new RedisSessionStore({ redis: connections[0]!, prefix });
    const state = JSON.stringify({
      step: 'certificates',
      facts: { city: 'shanghai', age: 38, education: 'vocational', socialInsuranceMonths: 84 },
      certificates: [{ kind: 'electrician', level: 3, issuedAt: '2019-06-01' }],
      answers: Array.from({ length: 12 }, (_, i) => `answer-${i}-value`),
    }).padEnd(400, ' ');
    for (let i = 0; i < 20; i++) await store.runTurn(user, `tg:${100000 + i}`, () => ({ next: state, result: null }));
    const keys = userKeys(prefix, user);
    const bytes = (await admin.memory('USAGE', keys.state))! + (await admin.memory('USAGE', keys.seen))!;
    expect(bytes).toBeLessThanOrEqual(1024);
  });

  it('rejects options that make no sense', () => {
    expect(() => new RedisSessionStore({ redis: connections[0]!, ttlSeconds: 0 })).toThrow(/ttlSeconds/);
    expect(() => new RedisSessionStore({ redis: connections[0]!, maxSeenIds: 1.5 })).toThrow(/maxSeenIds/);
  });
});
