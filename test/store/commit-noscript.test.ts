/**
 * The commit is a plain EVALSHA: when Redis has lost the script (a restart, `SCRIPT FLUSH`, a new cluster node) the
 * store runs it once with EVAL and goes on, and every command still reaches the node serving the user's hash slot.
 * Uses a redis-server and a 3-master cluster of its own, since SCRIPT FLUSH would reach other test files' scripts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis, type Cluster } from 'ioredis';
import { connectRedisCluster, RedisSessionStore, userKeys, type SessionKey } from '../../src/store/index.js';
import { COMMIT_TURN_SHA } from '../../src/store/commit-turn-script.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { startRedisCluster, type RedisClusterHandle } from '../support/redis-cluster.js';

const append = (tag: string) => (cur: string | null) => ({
  next: JSON.stringify([...(cur === null ? [] : (JSON.parse(cur) as string[])), tag]),
  result: tag,
});

/** Top-level calls of one command on one node since its last CONFIG RESETSTAT (0 when never called). */
async function calls(node: Redis, command: string): Promise<number> {
  const info = await node.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}

describe('commit script lost on a single Redis', () => {
  let server: RedisServerHandle;
  let storeConnection: Redis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    // As connectRedis makes it: auto-pipelining and a command timeout (hence a deadline on every commit).
    storeConnection = new Redis(server.url, {
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
    });
    admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await Promise.all([storeConnection.quit(), admin.quit()]);
    await server.stop();
  });

  it('a turn after SCRIPT FLUSH is applied once, reloads the script, the next turn is a plain EVALSHA', async () => {
    const store = new RedisSessionStore({ redis: storeConnection, prefix: 'noscript:' });
    const user: SessionKey = { channel: 'telegram', userId: '4242' };
    expect(await store.runTurn(user, 'tg:1', append('first'))).toEqual({ status: 'applied', result: 'first' });

    await admin.script('FLUSH');
    expect(await admin.script('EXISTS', COMMIT_TURN_SHA)).toEqual([0]);
    await admin.config('RESETSTAT');
    expect(await store.runTurn(user, 'tg:2', append('second'))).toEqual({ status: 'applied', result: 'second' });
    // One EVALSHA refused (NOSCRIPT), one EVAL that committed the turn and cached the script again.
    expect(await calls(admin, 'eval')).toBe(1);
    expect(await admin.script('EXISTS', COMMIT_TURN_SHA)).toEqual([1]);

    await admin.config('RESETSTAT');
    expect(await store.runTurn(user, 'tg:3', append('third'))).toEqual({ status: 'applied', result: 'third' });
    expect(await calls(admin, 'evalsha')).toBe(1);
    expect(await calls(admin, 'eval')).toBe(0);
    // Nothing lost, nothing applied twice; the dedupe still knows the id committed by the EVAL.
    expect(JSON.parse((await store.read(user))!)).toEqual(['first', 'second', 'third']);
    expect(await store.runTurn(user, 'tg:2', append('second'))).toEqual({ status: 'duplicate' });
  });

  it('turns of many users in flight together after a flush are each applied exactly once', async () => {
    const store = new RedisSessionStore({ redis: storeConnection, prefix: 'noscript-many:' });
    const users: SessionKey[] = Array.from({ length: 30 }, (_, i) => ({ channel: 'wecom', userId: `Worker${i}` }));
    await Promise.all(users.map((user, i) => store.runTurn(user, `w:${i}:1`, append('a'))));
    await admin.script('FLUSH');
    // Sent in one event-loop iteration: one auto-pipelined batch, every EVALSHA of it refused.
    const outcomes = await Promise.all(users.map((user, i) => store.runTurn(user, `w:${i}:2`, append('b'))));
    expect(outcomes).toEqual(users.map(() => ({ status: 'applied', result: 'b' })));
    for (const user of users) expect(JSON.parse((await store.read(user))!)).toEqual(['a', 'b']);
    // Each id was recorded by its EVAL: a redelivery is a duplicate, not a second application.
    expect(await store.runTurn(users[0]!, 'w:0:2', append('b'))).toEqual({ status: 'duplicate' });
  });

  it('a script error other than NOSCRIPT is not retried with EVAL and reaches the caller as is', async () => {
    const prefix = 'noscript-wrongtype:';
    const store = new RedisSessionStore({ redis: storeConnection, prefix });
    const user: SessionKey = { channel: 'telegram', userId: '77' };
    // The seen-ids key holding a string makes the script's ZSCORE fail with WRONGTYPE.
    await admin.set(userKeys(prefix, user).seen, 'not a sorted set');
    await store.runTurn(user, null, append('warm'));
    await admin.config('RESETSTAT');
    await expect(store.runTurn(user, 'tg:1', append('x'))).rejects.toThrow(/WRONGTYPE/);
    expect(await calls(admin, 'eval')).toBe(0);
    expect(JSON.parse((await store.read(user))!)).toEqual(['warm']);
  });
});

describe('commit script lost on Redis Cluster', () => {
  let cluster: RedisClusterHandle;
  let client: Cluster;
  let masters: Redis[];
  beforeAll(async () => {
    cluster = await startRedisCluster();
    // The production client: auto-pipelining per node, command timeout.
    client = connectRedisCluster(cluster.nodes);
    masters = cluster.nodes.map((n) => new Redis({ host: n.host, port: n.port, maxRetriesPerRequest: 1 }));
  }, 30_000);
  afterAll(async () => {
    await Promise.all([client, ...masters].map((c) => c.quit().catch(() => c.disconnect())));
    await cluster?.stop();
  }, 15_000);

  /** The master serving `key`'s slot, as the cluster itself answers (CLUSTER KEYSLOT and CLUSTER SLOTS). */
  async function masterOf(key: string): Promise<Redis> {
    const slot = Number(await masters[0]!.cluster('KEYSLOT', key));
    const ranges = await masters[0]!.cluster('SLOTS');
    const [, , primary] = ranges.find(([from, to]) => slot >= from && slot <= to)!;
    return masters[cluster.nodes.findIndex((n) => n.port === primary![1])]!;
  }

  it("after SCRIPT FLUSH on every master, each turn is applied once, each command on its user's master", async () => {
    const prefix = 'noscript-cl:';
    const store = new RedisSessionStore({ redis: client, prefix });
    const users: SessionKey[] = Array.from({ length: 24 }, (_, i) => ({
      channel: 'telegram',
      userId: String(5_000_000 + i),
    }));
    const owners = await Promise.all(users.map((user) => masterOf(userKeys(prefix, user).state)));
    // The test means something only when the users are spread over the masters.
    expect(new Set(owners).size).toBeGreaterThan(1);

    await Promise.all(users.map((user, i) => store.runTurn(user, `tg:${i}:1`, append('a'))));
    await Promise.all(masters.map((m) => m.script('FLUSH')));
    await Promise.all(masters.map((m) => m.config('RESETSTAT')));
    const outcomes = await Promise.all(users.map((user, i) => store.runTurn(user, `tg:${i}:2`, append('b'))));
    expect(outcomes).toEqual(users.map(() => ({ status: 'applied', result: 'b' })));

    for (const master of masters) {
      const served = owners.filter((o) => o === master).length;
      // Every refused EVALSHA and its EVAL reached the user's own master: no MOVED, no stray command elsewhere.
      expect(await calls(master, 'evalsha')).toBe(served);
      expect(await calls(master, 'eval')).toBe(served);
      expect(await master.script('EXISTS', COMMIT_TURN_SHA)).toEqual([served > 0 ? 1 : 0]);
    }

    await Promise.all(masters.map((m) => m.config('RESETSTAT')));
    await Promise.all(users.map((user, i) => store.runTurn(user, `tg:${i}:3`, append('c'))));
    for (const master of masters) {
      expect(await calls(master, 'evalsha')).toBe(owners.filter((o) => o === master).length);
      expect(await calls(master, 'eval')).toBe(0);
    }
    for (const user of users) expect(JSON.parse((await store.read(user))!)).toEqual(['a', 'b', 'c']);
  }, 20_000);
});
