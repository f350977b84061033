/**
 * One Redis round trip per steady-state turn, counted twice: by the server (INFO commandstats on a redis-server of
 * our own, so no other test's traffic is mixed in) and by the client (every command the store's connection sends).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisSessionStore } from '../../src/store/index.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';

let server: RedisServerHandle;
let storeConnection: Redis;
let admin: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  storeConnection = new Redis(server.url, { maxRetriesPerRequest: 1 });
  admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await Promise.all([storeConnection.quit(), admin.quit()]);
  await server.stop();
});

/** Top-level calls per command name; commands a script runs are counted too, hence the script-only names below. */
async function commandCalls(): Promise<Map<string, number>> {
  const info = await admin.info('commandstats');
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1]!, Number(match[2]));
  return calls;
}

it('a steady-state turn costs exactly one round trip', async () => {
  const store = new RedisSessionStore({ redis: storeConnection, prefix: 'rt:' });
  const user = { channel: 'wecom' as const, userId: 'LiSi' };
  const append = (i: number) => (cur: string | null) => ({ next: `${cur ?? ''}${i},`, result: i });
  // Warm-up: the first use on a connection sends the script body (EVAL); a new user needs no extra trip either.
  await store.runTurn(user, 'warm-1', append(0));

  let sent = 0;
  const originalSend = storeConnection.sendCommand.bind(storeConnection);
  storeConnection.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
    sent++;
    return originalSend(...args);
  }) as Redis['sendCommand'];
  await admin.config('RESETSTAT');

  const turns = 20;
  for (let i = 1; i <= turns; i++) await store.runTurn(user, `m${i}`, append(i));

  storeConnection.sendCommand = originalSend;
  const calls = await commandCalls();
  expect(sent).toBe(turns);
  expect(calls.get('evalsha')).toBe(turns);
  expect(calls.get('eval') ?? 0).toBe(0);
  // Nothing but the script and our own INFO/CONFIG calls reached the server as a top-level command.
  const scriptInternal = new Set(['get', 'set', 'del', 'time', 'zscore', 'zadd', 'zremrangebyscore', 'zremrangebyrank', 'expire']);
  const others = [...calls.keys()].filter((name) => !scriptInternal.has(name) && !/^(evalsha|info|config)/.test(name));
  expect(others).toEqual([]);
  expect(await store.read(user)).toBe(`0,${Array.from({ length: turns }, (_, i) => `${i + 1},`).join('')}`);
});

it('a turn with the rate limit is still one round trip: the counter is kept inside the commit script', async () => {
  const store = new RedisSessionStore({ redis: storeConnection, prefix: 'rt-limited:' });
  const user = { channel: 'telegram' as const, userId: '77' };
  const limit = { rateLimit: { max: 100, windowMs: 10_000 } };
  await store.runTurn(user, 'warm-1', () => ({ next: 'x', result: 0 }), limit);
  await admin.config('RESETSTAT');
  const turns = 10;
  for (let i = 1; i <= turns; i++) await store.runTurn(user, `m${i}`, () => ({ next: `x${i}`, result: i }), limit);
  const calls = await commandCalls();
  expect(calls.get('evalsha')).toBe(turns);
  expect(calls.get('incr')).toBe(turns);
  const scriptInternal = new Set([
    'get',
    'set',
    'del',
    'time',
    'zscore',
    'zadd',
    'zremrangebyscore',
    'zremrangebyrank',
    'expire',
    'incr',
    'pexpire',
  ]);
  const others = [...calls.keys()].filter((name) => !scriptInternal.has(name) && !/^(evalsha|info|config)/.test(name));
  expect(others).toEqual([]);
});
