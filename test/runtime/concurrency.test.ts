/**
 * One user, many messages at once: applied in arrival order, none lost; a redelivered message applied once.
 * Runs the real turn runtime (dialog + NLU + rules) on a real Redis and on the embedded store.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/contract/index.js';
import { parseState } from '../../src/dialog/state.js';
import { loadCore } from '../../src/app/core.js';
import { createTurnHandler } from '../../src/runtime/turn-runtime.js';
import { MemorySessionStore, RedisSessionStore } from '../../src/store/index.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const core = loadCore();
const redis = connectTestRedis();
afterAll(async () => {
  await redis.quit();
});

const stores: Array<[string, () => SessionStore]> = [
  ['Redis', () => new RedisSessionStore({ redis, prefix: uniquePrefix('concurrency') })],
  ['embedded', () => new MemorySessionStore()],
];

const message = (userId: string, messageId: string, text: string): InboundMessage => ({
  channel: 'telegram',
  userId,
  chatId: userId,
  messageId,
  text,
  sentAt: 0,
});

describe.each(stores)('turns on the %s store', (_name, makeStore) => {
  it('applies 50 messages fired at once in order, losing none', async () => {
    const store = makeStore();
    const handler = createTurnHandler({ ...core, store });
    const ages = Array.from({ length: 50 }, (_, i) => 20 + i);
    const results = await Promise.all(ages.map((age, i) => handler.handle(message('u50', `m${i}`, `我${age}岁`))));
    expect(results.map((r) => r.status)).toEqual(ages.map(() => 'applied'));
    // Each correction names the previous value: message i saw exactly the state left by message i − 1.
    results.forEach((r, i) => {
      const text = r.status === 'applied' ? r.replies.map((x) => x.text).join('\n') : '';
      if (i === 0) expect(text).toContain('年龄 20岁');
      else expect(text).toContain(`年龄 ${ages[i - 1]}岁 → ${ages[i]}岁`);
    });
    const state = parseState(await store.read({ channel: 'telegram', userId: 'u50' }));
    expect(state?.facts.age).toBe(69);
  });

  it('applies a message delivered 3 times at once only once', async () => {
    const store = makeStore();
    const handler = createTurnHandler({ ...core, store });
    for (const [i, text] of ['上海', '30岁', '大专'].entries()) await handler.handle(message('u3', `s${i}`, text));
    const before = parseState(await store.read({ channel: 'telegram', userId: 'u3' }));
    expect(before?.facts).toMatchObject({ age: 30, education: 'junior_college' });

    const results = await Promise.all([1, 2, 3].map(() => handler.handle(message('u3', 'back-1', '上一步'))));
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(2);
    // One step back: education is asked again, age (two steps back) is kept.
    const after = parseState(await store.read({ channel: 'telegram', userId: 'u3' }));
    expect(after?.pending).toBe('education');
    expect(after?.facts.age).toBe(30);
    expect(after?.facts.education).toBeUndefined();
  });
});
