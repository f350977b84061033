/**
 * Whole conversations in Chinese, played against both session stores: the embedded one and a real Redis.
 * Expected points come from the Shanghai table (沪府发〔2017〕98号, docs/policy/sources-notes.md §1).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqReminderService, InProcessReminderService, type ReminderService } from '../../src/reminders/index.js';
import { MemorySessionStore, RedisSessionStore } from '../../src/store/index.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { loadTranscripts, playTranscript } from './transcript-runner.js';

const transcripts = loadTranscripts();

it('has at least 12 conversations', () => {
  expect(transcripts.length).toBeGreaterThanOrEqual(12);
});

const redis = connectTestRedis();
// Reminders as each mode keeps them: in process beside the embedded store, BullMQ on the test Redis beside Redis.
const reminderId = uniquePrefix('transcript-reminders').replace(/:$/, '');
const durableReminders = new BullmqReminderService({
  redisUrl: testRedisUrl(),
  queuePrefix: `{${reminderId}}`,
  keyPrefix: `${reminderId}:`,
});
afterAll(async () => {
  await durableReminders.close();
  await redis.quit();
});

const stores: Array<[string, () => SessionStore, ReminderService]> = [
  ['embedded store', () => new MemorySessionStore(), new InProcessReminderService()],
  ['Redis store', () => new RedisSessionStore({ redis, prefix: uniquePrefix('transcripts') }), durableReminders],
];

describe.each(stores)('transcripts on the %s', (_name, makeStore, reminders) => {
  it.each(transcripts.map((t) => [t.title, t] as const))('%s', async (_title, t) => {
    const log = await playTranscript(t, makeStore(), `u-${t.file}-${_name.length}`, reminders);
    expect(log).toHaveLength(t.turns.length);
  });
});
