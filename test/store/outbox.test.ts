/**
 * The outbox as both stores keep it: the commit writes a turn's entry, an acknowledgement removes it (and the key
 * with the last one), a redelivery takes over an entry whose lease ran out (and only then), the sweeper's claim
 * returns due entries in commit order and skips what waits for a redelivery, `forget` erases it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { MemorySessionStore, RedisSessionStore, type SessionKey, type SessionStore } from '../../src/store/index.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

let redis: Redis | undefined;
afterAll(async () => {
  await redis?.quit();
});

const LEASE_MS = 200;
const implementations: Array<[string, () => SessionStore]> = [
  ['MemorySessionStore', () => new MemorySessionStore({ outbox: { leaseMs: LEASE_MS } })],
  [
    'RedisSessionStore',
    () => {
      redis ??= connectTestRedis();
      return new RedisSessionStore({ redis, prefix: uniquePrefix('outbox'), outbox: { leaseMs: LEASE_MS } });
    },
  ],
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function turn(store: SessionStore, key: SessionKey, id: string, entry: string, awaitsRedelivery = false) {
  return store.runTurn(key, id, (current) => ({
    next: `${current ?? ''}${id};`,
    result: id,
    outbox: entry,
    outboxAwaitsRedelivery: awaitsRedelivery,
  }));
}

async function pendingUsers(store: SessionStore): Promise<string[]> {
  const users: string[] = [];
  for await (const key of store.outbox.users()) users.push(`${key.channel}:${key.userId}`);
  return users;
}

describe.each(implementations)('%s outbox', (_name, make) => {
  it('keeps a turn’s entry until it is acknowledged; the last acknowledgement leaves no outbox', async () => {
    const store = make();
    const key: SessionKey = { channel: 'telegram', userId: `ack-${Math.random()}` };
    await turn(store, key, 'm1', 'reply-1');
    expect(await pendingUsers(store)).toContain(`telegram:${key.userId}`);
    store.outbox.acknowledge(key, 'm1');
    expect(await store.outbox.flush(2000)).toBe(true);
    expect(await pendingUsers(store)).not.toContain(`telegram:${key.userId}`);
  });

  it('a redelivery takes the entry over only once its lease ran out, and only one caller gets it', async () => {
    const store = make();
    const key: SessionKey = { channel: 'wecom', userId: `redeliver-${Math.random()}` };
    await turn(store, key, 'm1', 'reply-1');
    expect(await turn(store, key, 'm1', 'ignored')).toEqual({ status: 'duplicate' });
    await sleep(LEASE_MS + 50);
    const [first, second] = await Promise.all([turn(store, key, 'm1', 'ignored'), turn(store, key, 'm1', 'ignored')]);
    expect([first, second]).toContainEqual({ status: 'duplicate', pending: 'reply-1' });
    expect([first, second]).toContainEqual({ status: 'duplicate' });
  });

  it('the sweeper claims due entries in commit order, skips entries waiting for a redelivery, and leases them', async () => {
    const store = make();
    const key: SessionKey = { channel: 'telegram', userId: `sweep-${Math.random()}` };
    await turn(store, key, 'a', 'reply-a');
    await sleep(5);
    await turn(store, key, 'r', 'reply-r', true);
    await sleep(5);
    await turn(store, key, 'b', 'reply-b');
    expect(await store.outbox.claimDue(key, LEASE_MS, 10_000)).toEqual([]);
    await sleep(LEASE_MS + 50);
    const claimed = await store.outbox.claimDue(key, LEASE_MS, 10_000);
    expect(claimed.map((e) => [e.turnId, e.payload])).toEqual([
      ['a', 'reply-a'],
      ['b', 'reply-b'],
    ]);
    // Leased to the sweeper now: neither a second claim nor a redelivery gets them.
    expect(await store.outbox.claimDue(key, LEASE_MS, 10_000)).toEqual([]);
    expect(await turn(store, key, 'a', 'ignored')).toEqual({ status: 'duplicate' });
    // The entry that rode in the HTTP answer is still there for its redelivery.
    expect(await turn(store, key, 'r', 'ignored')).toEqual({ status: 'duplicate', pending: 'reply-r' });
  });

  it('forget erases the outbox with the session', async () => {
    const store = make();
    const key: SessionKey = { channel: 'telegram', userId: `forget-${Math.random()}` };
    await turn(store, key, 'm1', 'reply-1');
    await store.forget(key);
    expect(await pendingUsers(store)).not.toContain(`telegram:${key.userId}`);
    await sleep(LEASE_MS + 50);
    expect(await store.outbox.claimDue(key, 0, 10_000)).toEqual([]);
  });
});
