/**
 * Redis goes away: turns fail fast with StoreUnavailableError (a webhook answers a retryable status), the process
 * does not crash, and once Redis is back the store serves turns again. Uses a redis-server of its own to stop.
 */
import { afterAll, expect, it } from 'vitest';
import { createSessionStore, StoreUnavailableError } from '../../src/store/index.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';

const servers: RedisServerHandle[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const user = { channel: 'telegram' as const, userId: '9001' };
const append = (tag: string) => (cur: string | null) => ({
  next: JSON.stringify([...(cur === null ? [] : (JSON.parse(cur) as string[])), tag]),
  result: tag,
});

it('rejects with StoreUnavailableError while Redis is down and recovers when it returns', async () => {
  const first = await startRedisServer();
  servers.push(first);
  const connectionErrors: Error[] = [];
  const store = createSessionStore({
    redisUrl: first.url,
    prefix: 'outage:',
    onConnectionError: (err) => connectionErrors.push(err),
  });
  expect((await store.runTurn(user, 'm1', append('before'))).status).toBe('applied');

  await first.stop();
  const failure = await store.runTurn(user, 'm2', append('during')).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(StoreUnavailableError);
  expect((failure as StoreUnavailableError).reason).toBe('unreachable');
  await expect(store.read(user)).rejects.toBeInstanceOf(StoreUnavailableError);
  await expect(store.forget(user)).rejects.toBeInstanceOf(StoreUnavailableError);
  expect(connectionErrors.length).toBeGreaterThan(0);

  // The same port again (the last --port wins); a fresh server without persistence starts empty.
  const second = await startRedisServer(['--port', String(first.port)]);
  servers.push(second);
  let outcome;
  for (let attempt = 0; attempt < 100 && outcome === undefined; attempt++) {
    outcome = await store.runTurn(user, 'm2', append('after')).catch((err: unknown) => {
      if (!(err instanceof StoreUnavailableError)) throw err;
      return new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100));
    });
  }
  expect(outcome).toEqual({ status: 'applied', result: 'after' });
  // The old data died with the first server; the cached copy must not resurrect it.
  expect(JSON.parse((await store.read(user))!)).toEqual(['after']);
  await store.close();
});
