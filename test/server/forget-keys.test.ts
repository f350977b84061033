/**
 * Per-user counters kept by other parts (WeCom member throttle, per-user rate limit) sit on the user's hash tag and
 * are erased by the session store's forget, so /forget leaves no key naming a WeCom member.
 */
import { afterAll, expect, it } from 'vitest';
import { createMemberThrottle } from '../../src/channels/wecom/index.js';
import { RedisSessionStore, userKeys } from '../../src/store/index.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const redis = connectTestRedis();
afterAll(() => redis.quit());

async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found.sort();
}

it('the WeCom send times and the rate-limit window of a member are under their tag and gone after forget', async () => {
  const prefix = uniquePrefix('forget-keys');
  const member = '王五@corp';
  const user = { channel: 'wecom' as const, userId: member };
  const tag = `${prefix}{wecom:${encodeURIComponent(member)}}`;

  await createMemberThrottle({ redis, prefix }).acquire(member);
  const store = new RedisSessionStore({ redis, prefix, ttlSeconds: 60 });
  // The rate window counter (`:rl`) is kept by the same commit.
  await store.runTurn(user, 'wc:1', () => ({ next: 'state', result: null }), { rateLimit: { max: 20, windowMs: 10_000 } });

  expect(await keysUnder(prefix)).toEqual([`${tag}:m`, `${tag}:rl`, `${tag}:s`, `${tag}:w`]);
  expect(userKeys(prefix, user).base).toBe(tag);

  await store.forget(user);
  expect(await keysUnder(prefix)).toEqual([]);
});
