/**
 * A reminder confirmed (确认) in a turn whose process died after the commit and before the reminder was scheduled.
 * The dying process' reminder service sits on a Redis of its own that is frozen (SIGSTOP) when the user confirms: the
 * turn commits on the session Redis, then hangs in the effect, as if the process had stopped there. The messenger
 * redelivers the same 确认 to a second process (its own store object and a working reminder service).
 *
 * Required: the redelivery schedules the reminder (once) and answers with what an undisturbed 确认 answers; a
 * further redelivery after the answer was taken sends nothing and schedules nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, TurnResult } from '../../src/contract/index.js';
import { loadCore } from '../../src/app/core.js';
import { BullmqReminderService } from '../../src/reminders/index.js';
import { createReminderPort, createTurnHandler } from '../../src/runtime/index.js';
import { RedisSessionStore, userKeys } from '../../src/store/index.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { startRestartableRedis, type RestartableRedis } from './support/restartable-redis.js';
import { recordCase } from './support/summary.js';

const core = loadCore();
const redis = connectTestRedis();
let frozen: RestartableRedis;

beforeAll(async () => {
  frozen = await startRestartableRedis();
}, 30_000);

afterAll(async () => {
  frozen?.thaw();
  await frozen?.stop();
  await redis.quit();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a turn whose effect never ran', () => {
  it('确认 committed, the process stops before scheduling: the redelivery schedules it and confirms', async () => {
    const prefix = uniquePrefix('rel-effect');
    const tag = prefix.replace(/[^a-z0-9]/gi, '').slice(-8);
    // One clock for every handler, so the undisturbed run's confirmation can be compared word for word.
    const now = Date.now();
    const clock = () => now;
    const dying = new BullmqReminderService({ redisUrl: frozen.url, queuePrefix: `{fx-a-${tag}}`, keyPrefix: prefix });
    const working = new BullmqReminderService({ redisUrl: testRedisUrl(), queuePrefix: `{fx-b-${tag}}`, keyPrefix: prefix });
    const handlerOn = (service: BullmqReminderService) =>
      createTurnHandler({
        ...core,
        store: new RedisSessionStore({ redis, prefix, outbox: { leaseMs: 300 } }),
        reminders: createReminderPort({ service, clock }),
        clock,
      });
    const first = handlerOn(dying);
    const second = handlerOn(working);
    const message = (userId: string, messageId: string, text: string): InboundMessage => ({
      channel: 'telegram',
      userId,
      chatId: userId,
      messageId,
      sentAt: now,
      text,
    });
    try {
      // What 确认 answers when nothing goes wrong (another user, the working service).
      const calm = `calm-${tag}`;
      await second.handle(message(calm, 'c1', '3个月后提醒我查证书'));
      const calmAnswer = await second.handle(message(calm, 'c2', '确认'));
      expect(calmAnswer.status).toBe('applied');
      expect(calmAnswer.replies?.length).toBeGreaterThan(0);

      const user = `hit-${tag}`;
      expect((await first.handle(message(user, 'h1', '3个月后提醒我查证书'))).status).toBe('applied');
      frozen.freeze();
      // The first process: the commit lands, the effect hangs (its Redis is frozen): it never answers.
      void first.handle(message(user, 'h2', '确认'));
      const outbox = userKeys(prefix, { channel: 'telegram', userId: user }).outbox;
      for (let waited = 0; !(await redis.hexists(outbox, 'h2')) && waited < 10_000; waited += 50) await sleep(50);
      expect(await redis.hexists(outbox, 'h2')).toBe(1);

      // The messenger redelivers to the second process until it gets an answer (inside the first one's lease it gets
      // none, as then the first process may still be answering).
      let answer: TurnResult = { status: 'duplicate' };
      for (let tries = 0; !answer.replies && tries < 50; tries++) {
        answer = await second.handle(message(user, 'h2', '确认'));
        if (!answer.replies) await sleep(100);
      }
      expect(answer.status).toBe('duplicate');
      expect(answer.replies).toEqual(calmAnswer.replies);
      if (answer.status === 'duplicate') answer.delivered?.();
      const listed = await working.list({ channel: 'telegram', userId: user });
      expect(listed.map((r) => r.text)).toEqual(['查证书']);

      // Answered and acknowledged: one more copy of the update finds nothing to send and schedules nothing more.
      for (let waited = 0; (await redis.hexists(outbox, 'h2')) && waited < 5_000; waited += 50) await sleep(50);
      const again = await second.handle(message(user, 'h2', '确认'));
      expect(again).toEqual({ status: 'duplicate' });
      expect(await working.list({ channel: 'telegram', userId: user })).toHaveLength(1);
      recordCase({ case: 'effect replayed on redelivery (确认 → reminder)', unit: 'reminders', run: 1, passed: 1, lost: 0, duplicated: 0 });
    } finally {
      frozen.thaw();
      await Promise.all([dying.close(), working.close()]);
    }
  }, 60_000);
});
