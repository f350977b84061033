/** Expiry and dedupe window of the in-memory store, on an injected clock (no sleeping). */
import { expect, it } from 'vitest';
import { createSessionStore, MemorySessionStore } from '../../src/store/index.js';

const user = { channel: 'console' as const, userId: 'local' };
const set = (value: string) => () => ({ next: value, result: value });
const DAY_MS = 86_400_000;

function clock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

it('expires a session after 30 days without a turn by default, and a turn restarts the countdown', async () => {
  const time = clock();
  const store = new MemorySessionStore({ now: time.now });
  await store.runTurn(user, 'm1', set('a'));
  time.advance(29 * DAY_MS);
  expect(await store.read(user)).toBe('a');
  await store.runTurn(user, 'm2', (cur) => ({ next: `${cur}b`, result: null }));
  time.advance(30 * DAY_MS - 1);
  expect(await store.read(user)).toBe('ab');
  time.advance(1);
  expect(await store.read(user)).toBeNull();
  let seen: string | null | undefined;
  await store.runTurn(user, 'm3', (cur) => ((seen = cur), { next: 'c', result: null }));
  expect(seen).toBeNull();
});

it('honours a configured TTL', async () => {
  const time = clock();
  const store = new MemorySessionStore({ now: time.now, ttlSeconds: 60 });
  await store.runTurn(user, 'm1', set('a'));
  time.advance(60_000);
  expect(await store.read(user)).toBeNull();
});

it('recognises a redelivered id for 24 hours, then forgets it', async () => {
  const time = clock();
  const store = new MemorySessionStore({ now: time.now });
  await store.runTurn(user, 'wx:1', set('a'));
  time.advance(DAY_MS - 1);
  expect((await store.runTurn(user, 'wx:1', set('b'))).status).toBe('duplicate');
  time.advance(1);
  expect((await store.runTurn(user, 'wx:1', set('b'))).status).toBe('applied');
});

it('remembers at most maxSeenIds ids per user, dropping the oldest', async () => {
  const store = new MemorySessionStore({ maxSeenIds: 3 });
  for (const id of ['a', 'b', 'c', 'd']) await store.runTurn(user, id, set(id));
  expect((await store.runTurn(user, 'd', set('x'))).status).toBe('duplicate');
  expect((await store.runTurn(user, 'b', set('x'))).status).toBe('duplicate');
  expect((await store.runTurn(user, 'a', set('x'))).status).toBe('applied');
});

it('is what createSessionStore gives when no Redis URL is configured', () => {
  expect(createSessionStore({ prefix: 'jf:' })).toBeInstanceOf(MemorySessionStore);
  expect(createSessionStore({ redisUrl: '', ttlSeconds: 86400 })).toBeInstanceOf(MemorySessionStore);
});
