/**
 * Reminders through the production composition (buildApp → Telegram webhook → turn handler → BullMQ on the test
 * redis-server → Telegram sender): what a user of `npm start` gets, not "即将上线". /forget then leaves no key naming
 * the user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { BotApp } from '../../src/app/index.js';
import { freePort } from '../support/redis-server.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { startTelegramApiServer, type TelegramApiServer } from '../support/telegram-api-server.js';
import { buildTestApp } from './harness.js';
import { deliveredReminderText, TelegramConversation, testPerson, WEBHOOK_SECRET } from './telegram-conversation.js';

/** Every key under the given prefixes whose name contains `text`. */
async function keysContaining(redis: Redis, prefixes: string[], text: string): Promise<string[]> {
  const found: string[] = [];
  for (const prefix of prefixes) {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\{}]/g, '\\$&')}*`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch.filter((key) => key.includes(text)));
    } while (cursor !== '0');
  }
  return found;
}

describe('reminders in the production app (Telegram, Redis)', () => {
  const keyPrefix = uniquePrefix('app-rem');
  const queuePrefix = `{${uniquePrefix('app-remq').replace(/:$/, '')}}`;
  let api: TelegramApiServer;
  let app: BotApp;
  let admin: Redis;

  beforeAll(async () => {
    api = await startTelegramApiServer();
    admin = connectTestRedis();
    ({ app } = await buildTestApp({
      PORT: String(await freePort()),
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: keyPrefix,
      REMINDER_QUEUE_PREFIX: queuePrefix,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_API_ROOT: api.apiRoot,
    }));
    await app.start();
  });
  afterAll(async () => {
    await app?.stop();
    await api?.close();
    admin?.disconnect();
  });

  it('"3秒后提醒我喝水" → 确认 → the reminder reaches the chat once; /forget then leaves no key with the user id', async () => {
    expect(app.summary.remindersDurable).toBe(true);
    const chat = new TelegramConversation(app, api, testPerson());
    const userId = String(chat.person.id);

    const asked = await chat.say('3秒后提醒我喝水');
    expect(asked.join('\n')).toContain('「喝水」');
    expect(asked.join('\n')).toContain('确认保存吗');
    const saved = await chat.say('确认');
    expect(saved.join('\n')).toContain('会提醒你「喝水」');

    const reminder = deliveredReminderText('喝水');
    expect(reminder).toBe('⏰ 提醒：喝水');
    await chat.waitForText(reminder, 10_000);
    // A second delivery would come within the lock and retry times of a few seconds; give it the chance.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(chat.textsSent().filter((t) => t === reminder)).toHaveLength(1);

    // Before /forget the user's keys exist (state, seen ids, rate-limit window, reminder spacing)…
    expect(await keysContaining(admin, [keyPrefix], userId)).not.toEqual([]);
    await chat.say('/forget');
    // …after it, nothing under our prefixes names the user (the delivery marker is keyed by a hash, not the id).
    expect(await keysContaining(admin, [keyPrefix, queuePrefix], userId)).toEqual([]);
  });
});
