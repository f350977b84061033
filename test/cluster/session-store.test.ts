/**
 * RedisSessionStore on a real 3-master Redis Cluster (started here on loopback): the same guarantees as on one Redis
 * (turns in order, dedupe, forget, several processes as one bot), and the key layout the cluster needs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from 'ioredis';
import { createSessionStore, RedisSessionStore, StoreUnavailableError, userKeys, type SessionKey } from '../../src/store/index.js';
import { connectTestCluster, startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster.js';
import { uniquePrefix } from '../support/redis.js';
import { keySlot, mastersHolding, scanAllMasters } from './support.js';

let cluster: RedisClusterHandle;
let client: Cluster;
const clients: Cluster[] = [];

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = connectTestCluster(cluster.nodes);
}, 30_000);

afterAll(async () => {
  await Promise.all([client, ...clients].map((c) => c.quit().catch(() => c.disconnect())));
  await cluster?.stop();
}, 15_000);

function newClient(): Cluster {
  const c = connectTestCluster(cluster.nodes);
  clients.push(c);
  return c;
}

let nextUser = 0;
const telegramUser = (): SessionKey => ({ channel: 'telegram', userId: String(9_000_000 + ++nextUser) });
const append = (item: string) => (current: string | null) => {
  const list: string[] = current === null ? [] : JSON.parse(current);
  return { next: JSON.stringify([...list, item]), result: list.length + 1 };
};

describe('RedisSessionStore on Redis Cluster', () => {
  it('commits turns, keeps the session between them and sets the inactivity TTL', async () => {
    const prefix = uniquePrefix('cl');
    const store = new RedisSessionStore({ redis: client, prefix, ttlSeconds: 3600 });
    const user = telegramUser();
    expect(await store.runTurn(user, 'u1', append('a'))).toEqual({ status: 'applied', result: 1 });
    expect(await store.runTurn(user, 'u2', append('b'))).toEqual({ status: 'applied', result: 2 });
    expect(await store.read(user)).toBe('["a","b"]');
    const ttl = await client.ttl(userKeys(prefix, user).state);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  it('applies a redelivered message id once', async () => {
    const store = new RedisSessionStore({ redis: client, prefix: uniquePrefix('cl') });
    const user = telegramUser();
    expect(await store.runTurn(user, 'tg:1', append('x'))).toEqual({ status: 'applied', result: 1 });
    expect(await store.runTurn(user, 'tg:1', append('x'))).toEqual({ status: 'duplicate' });
    expect(await store.read(user)).toBe('["x"]');
  });

  it('applies 50 concurrent turns of one user in call order', async () => {
    const store = new RedisSessionStore({ redis: client, prefix: uniquePrefix('cl') });
    const user = telegramUser();
    const items = Array.from({ length: 50 }, (_, i) => `m${i}`);
    const outcomes = await Promise.all(items.map((item) => store.runTurn(user, item, append(item))));
    expect(outcomes.map((o) => (o.status === 'applied' ? o.result : 0))).toEqual(items.map((_, i) => i + 1));
    expect(JSON.parse((await store.read(user))!)).toEqual(items);
  });

  it('forget removes every key of the user on every master and leaves other users alone', async () => {
    const prefix = uniquePrefix('cl');
    const store = new RedisSessionStore({ redis: client, prefix });
    const [gone, kept] = [telegramUser(), telegramUser()];
    for (const user of [gone, kept]) {
      await store.runTurn(user, 'a', append('a'));
      await store.runTurn(user, 'b', append('b'));
    }
    const goneKeys = userKeys(prefix, gone);
    expect(await scanAllMasters(client, goneKeys.pattern)).toEqual([goneKeys.state, goneKeys.seen].sort());

    await store.forget(gone);

    expect(await scanAllMasters(client, goneKeys.pattern)).toEqual([]);
    expect(await scanAllMasters(client, `${prefix}*`)).toEqual([userKeys(prefix, kept).state, userKeys(prefix, kept).seen].sort());
    expect(await store.read(kept)).toBe('["a","b"]');
    // After forgetting, the same id starts a new session instead of being taken for a duplicate.
    expect(await store.runTurn(gone, 'a', append('again'))).toEqual({ status: 'applied', result: 1 });
  });

  it('two stores on separate Cluster connections behave as one: no turn lost, each delivery applied once', async () => {
    const prefix = uniquePrefix('cl');
    const stores = [newClient(), newClient()].map((redis) => new RedisSessionStore({ redis, prefix }));
    const user = telegramUser();
    const ids = Array.from({ length: 40 }, (_, i) => `d${i}`);
    // Every message reaches both processes, as when a messenger redelivers to another instance behind the balancer.
    const outcomes = await Promise.all(
      ids.flatMap((id, i) => [stores[i % 2]!.runTurn(user, id, append(id)), stores[(i + 1) % 2]!.runTurn(user, id, append(id))]),
    );
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(ids.length);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(ids.length);
    const stored: string[] = JSON.parse((await stores[0]!.read(user))!);
    expect([...stored].sort()).toEqual([...ids].sort());
    expect(await stores[1]!.read(user)).toBe(JSON.stringify(stored));
    // A turn on one store after the other moved the session on continues it (stale cache → conflict → re-apply).
    expect(await stores[0]!.runTurn(user, 'last-0', append('last-0'))).toEqual({ status: 'applied', result: ids.length + 1 });
    expect(await stores[1]!.runTurn(user, 'last-1', append('last-1'))).toEqual({ status: 'applied', result: ids.length + 2 });
  });

  it('keeps all keys of one user in one hash slot, whatever the id contains', async () => {
    const prefix = uniquePrefix('cl');
    const store = new RedisSessionStore({ redis: client, prefix });
    const users: SessionKey[] = [
      telegramUser(),
      { channel: 'wecom', userId: 'ZhangSan' },
      { channel: 'wecom', userId: 'li}si{x' },
      { channel: 'wecom', userId: '王五@corp' },
    ];
    for (const user of users) {
      await store.runTurn(user, 'm1', append('a'));
      const keys = userKeys(prefix, user);
      const stored = await scanAllMasters(client, keys.pattern);
      expect(stored).toEqual([keys.state, keys.seen].sort());
      const slots = await Promise.all(stored.map((k) => keySlot(client, k)));
      expect(new Set(slots).size).toBe(1);
      // The slot is the one of the user's tag alone, so any key built on `base` lands there too.
      expect(slots[0]).toBe(await keySlot(client, `${keys.base}:r`));
    }
  });

  it('spreads users over the slots and over every master', async () => {
    const prefix = uniquePrefix('cl');
    const store = new RedisSessionStore({ redis: client, prefix });
    const users = Array.from({ length: 60 }, telegramUser);
    await Promise.all(users.map((user) => store.runTurn(user, 'm1', append('a'))));
    const slots = new Set(await Promise.all(users.map((user) => keySlot(client, userKeys(prefix, user).state))));
    expect(slots.size).toBeGreaterThan(50);
    expect(await mastersHolding(client, `${prefix}*`)).toBe(cluster.nodes.length);
  });

  it('createSessionStore connects to the cluster from seed nodes and owns that connection', async () => {
    const prefix = uniquePrefix('cl');
    const store = createSessionStore({ redisClusterNodes: [cluster.nodes[0]!], prefix });
    const user = telegramUser();
    expect(await store.runTurn(user, 'm1', append('a'))).toEqual({ status: 'applied', result: 1 });
    expect(await client.get(userKeys(prefix, user).state)).toMatch(/^\d+:\["a"\]$/);
    await store.close();
    await expect(store.read(user)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
