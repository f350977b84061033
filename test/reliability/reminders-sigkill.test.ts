/**
 * The real app (`npm start`) SIGKILLed with reminders pending, then started again: every reminder is delivered once.
 * Reminders are set up through the chat ("N秒后提醒我交材料" → 确认), on Telegram and WeCom. Some fall due while the
 * process is dead (delivered right after the restart), the others after it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startTelegramApiServer } from '../support/telegram-api-server.js';
import { startWecomApiServer } from '../support/wecom-api-server.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { textUpdate } from '../channels/telegram/updates.js';
import { VECTOR_B } from '../channels/wecom/fixtures.js';
import {
  person,
  postTelegram,
  postWecom,
  queuePrefix,
  sealCallback,
  settled,
  startBot,
  stopBot,
  telegramEnv,
  textXml,
  wecomEnv,
  WECOM_SECRET,
  type BotProcess,
} from './support/bots.js';
import { recordCase } from './support/summary.js';

/** dialogs/reminders.yaml delivery.text with {what} = 交材料. */
const DELIVERY = '⏰ 提醒：交材料';
const DUE_WHILE_DEAD = '8秒后提醒我交材料';
const DUE_AFTER_RESTART = '20秒后提醒我交材料';
const DEAD_FOR_MS = 10_000;

const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('SIGKILL with reminders pending', () => {
  it('after a restart every reminder is delivered exactly once', async () => {
    const redis: Redis = connectTestRedis();
    cleanup.push(() => void redis.disconnect());
    const tg = await startTelegramApiServer();
    cleanup.push(() => tg.close());
    const wecom = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: WECOM_SECRET });
    cleanup.push(() => wecom.close());
    const prefix = uniquePrefix('rel-sigkill');
    const env = {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      REMINDER_QUEUE_PREFIX: queuePrefix('sigkill'),
      ...telegramEnv(tg),
      ...wecomEnv(wecom),
    };
    let bot: BotProcess = await startBot(env);
    cleanup.push(() => stopBot(bot));

    const tgUsers = [6_300_001, 6_300_002, 6_300_003, 6_300_004].map(person);
    const members = ['rel-sigkill-a', 'rel-sigkill-b'].map((m) => `${m}-${Math.random().toString(36).slice(2, 6)}`);
    const requestFor = (i: number) => (i % 2 === 0 ? DUE_WHILE_DEAD : DUE_AFTER_RESTART);
    let msgId = 8_200_000_000_000_000_000n;
    const statuses = await Promise.all([
      ...tgUsers.map(async (u, i) => [
        await postTelegram(tg, bot.port, textUpdate(u.id * 10, requestFor(i), u)),
        await postTelegram(tg, bot.port, textUpdate(u.id * 10 + 1, '确认', u)),
      ]),
      ...members.map(async (m, i) => [
        await postWecom(bot.port, sealCallback(textXml(m, requestFor(i), String((msgId += 1n))))),
        await postWecom(bot.port, sealCallback(textXml(m, '确认', String((msgId += 1n))))),
      ]),
    ]);
    expect(
      statuses.flat().every((s) => s === 200),
      JSON.stringify(statuses),
    ).toBe(true);
    const pending = await Promise.all([
      ...tgUsers.map((u) => redis.hlen(`${prefix}{telegram:${u.id}}:r`)),
      ...members.map((m) => redis.hlen(`${prefix}{wecom:${m}}:r`)),
    ]);
    expect(pending, 'every reminder is saved before the kill').toEqual([1, 1, 1, 1, 1, 1]);

    bot.main.child.kill('SIGKILL');
    expect((await bot.main.exited).signal).toBe('SIGKILL');
    const tgMark = tg.calls.length;
    const wecomMark = wecom.sends.length;
    await new Promise((r) => setTimeout(r, DEAD_FOR_MS));
    const beforeRestart = { tg: tg.calls.length - tgMark, wecom: wecom.sends.length - wecomMark };
    bot = await startBot(env);

    const deliveredTo = () => {
      const counts = new Map<string, number>();
      for (const c of tg.calls.slice(tgMark)) {
        if (c.method === 'sendMessage' && c.status === 200 && String(c.params.text).includes(DELIVERY)) {
          counts.set(String(c.params.chat_id), (counts.get(String(c.params.chat_id)) ?? 0) + 1);
        }
      }
      for (const s of wecom.sends.slice(wecomMark)) {
        if (String(s.body.text?.content).includes(DELIVERY)) counts.set(s.body.touser, (counts.get(s.body.touser) ?? 0) + 1);
      }
      return counts;
    };
    const everyone = [...tgUsers.map((u) => String(u.id)), ...members];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !everyone.every((id) => (deliveredTo().get(id) ?? 0) > 0)) {
      await new Promise((r) => setTimeout(r, 250));
    }
    // Time for a second copy to show up if one were coming (a stalled job re-run, a second worker…).
    await new Promise((r) => setTimeout(r, 2_000));
    await settled(() => [tg.calls.length, wecom.sends.length]);
    const counts = deliveredTo();
    const lost = everyone.filter((id) => (counts.get(id) ?? 0) === 0).length;
    const duplicated = everyone.reduce((n, id) => n + Math.max(0, (counts.get(id) ?? 0) - 1), 0);
    recordCase({
      case: 'SIGKILL with reminders pending',
      unit: 'reminders',
      run: everyone.length,
      passed: everyone.length - lost - duplicated,
      lost,
      duplicated,
    });

    expect(beforeRestart, 'nothing is sent while the process is dead').toEqual({ tg: 0, wecom: 0 });
    expect(Object.fromEntries(everyone.map((id) => [id, counts.get(id) ?? 0]))).toEqual(Object.fromEntries(everyone.map((id) => [id, 1])));
  }, 60_000);
});
