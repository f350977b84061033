/**
 * Every update delivered 3 times concurrently, spread over TWO bot processes (`npm start`) on one Redis:
 * exactly one reply and one state change per update, for Telegram and WeCom.
 *
 * The state change is visible because the third message of each user is an unreadable answer: the dialog counts
 * misses (dialogs: "乱码回答" transcript 07 — first miss → an example with 比如, pending stays on the question), so a
 * second application would leave `misses` at 2 and send the 'choices' prompt instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { parseState, type DialogState } from '../../src/dialog/state.js';
import { startTelegramApiServer, type TelegramApiServer } from '../support/telegram-api-server.js';
import { startWecomApiServer, type WecomApiServer } from '../support/wecom-api-server.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { commandUpdate, textUpdate } from '../channels/telegram/updates.js';
import { VECTOR_B } from '../channels/wecom/fixtures.js';
import {
  clickXml,
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
  turnCounts,
  wecomEnv,
  WECOM_SECRET,
  type BotProcess,
} from './support/bots.js';
import { recordCase } from './support/summary.js';

const USERS = 10;
const COPIES = 3;

let redis: Redis;
let tg: TelegramApiServer;
let wecom: WecomApiServer;
let bots: BotProcess[] = [];
const prefix = uniquePrefix('rel-triple');

beforeAll(async () => {
  redis = connectTestRedis();
  tg = await startTelegramApiServer();
  wecom = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: WECOM_SECRET });
  const env = {
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    REMINDER_QUEUE_PREFIX: queuePrefix('triple'),
    ...telegramEnv(tg),
    ...wecomEnv(wecom),
  };
  bots = await Promise.all([startBot(env), startBot(env)]);
}, 40_000);

afterAll(async () => {
  await Promise.all(bots.map(stopBot));
  await tg?.close();
  await wecom?.close();
  redis?.disconnect();
});

async function storedState(channel: string, userId: string): Promise<DialogState | null> {
  const raw = await redis.get(`${prefix}{${channel}:${userId}}:s`);
  return raw === null ? null : parseState(raw.slice(raw.indexOf(':') + 1));
}

/** Sends one delivery to each process in turn (copy i → process i mod 2), all at once. */
function fanOut(send: (port: number) => Promise<number>): Promise<number[]> {
  return Promise.all(Array.from({ length: COPIES }, (_, i) => send(bots[i % bots.length]!.port)));
}

describe('every update delivered 3 times concurrently to two processes', () => {
  it('Telegram: one reply and one state change per update', async () => {
    const users = Array.from({ length: USERS }, (_, i) => person(6_100_000 + i));
    const script = [
      (id: number, u: ReturnType<typeof person>) => commandUpdate(id, 'start', u),
      (id: number, u: ReturnType<typeof person>) => textUpdate(id, '上海', u),
      (id: number, u: ReturnType<typeof person>) => textUpdate(id, 'asdfgh', u),
    ];
    const statuses: number[] = [];
    let lost = 0;
    let duplicated = 0;
    let lastRound: Array<Record<string, any>> = [];
    const before = await Promise.all(bots.map(turnCounts));
    for (const [round, build] of script.entries()) {
      const firstCall = tg.calls.length;
      const answers = await Promise.all(
        users.map((u) => fanOut((port) => postTelegram(tg, port, build(900_000 + round * 1000 + (u.id % 1000), u)))),
      );
      statuses.push(...answers.flat());
      await settled(() => tg.calls.length);
      const roundSends = tg.calls.slice(firstCall).filter((c) => c.method === 'sendMessage' && c.status === 200);
      lastRound = roundSends.map((c) => c.params);
      for (const u of users) {
        const texts = roundSends.filter((c) => String(c.params.chat_id) === String(u.id)).map((c) => String(c.params.text));
        if (texts.length === 0) lost += 1;
        duplicated += texts.length - new Set(texts).size;
      }
    }
    const after = await Promise.all(bots.map(turnCounts));
    const delta = (key: string) => after.reduce((n, c, i) => n + (c[key] ?? 0) - (before[i]![key] ?? 0), 0);

    const states = await Promise.all(users.map((u) => storedState('telegram', String(u.id))));
    const seen = await Promise.all(users.map((u) => redis.zcard(`${prefix}{telegram:${u.id}}:m`)));
    const badStates = states.filter((s) => !(s && s.city === 'shanghai' && s.pending === 'age' && s.misses === 1)).length;
    const updates = USERS * script.length;
    const applied = delta('telegram:applied');
    recordCase({
      case: 'triple delivery, telegram, 2 processes',
      unit: 'updates',
      run: updates,
      passed: updates - lost - Math.max(0, applied - updates) - badStates,
      lost: lost + Math.max(0, updates - applied),
      duplicated: duplicated + Math.max(0, applied - updates),
    });

    expect(
      statuses.every((s) => s === 200),
      `statuses: ${statuses.join(',')}`,
    ).toBe(true);
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(applied).toBe(updates);
    expect(delta('telegram:duplicate')).toBe(updates * (COPIES - 1));
    expect(seen).toEqual(users.map(() => script.length));
    expect(badStates, JSON.stringify(states[0])).toBe(0);
    // Each user's third turn was answered once, with the first-miss prompt (an example: "比如…").
    for (const u of users) {
      const examples = lastRound.filter((m) => String(m.chat_id) === String(u.id) && String(m.text).includes('比如'));
      expect(examples).toHaveLength(1);
    }
  });

  it('WeCom: one message/send and one state change per callback', async () => {
    const members = Array.from({ length: USERS }, (_, i) => `rel-triple-${i}-${Math.random().toString(36).slice(2, 6)}`);
    const createTime = Math.floor(Date.now() / 1000);
    const script = [
      (m: string) => clickXml(m, 'score', createTime),
      (m: string, i: number) => textXml(m, '上海', String(7_300_000_000_000_000_000n + BigInt(i))),
      (m: string, i: number) => textXml(m, 'asdfgh', String(7_300_000_000_000_001_000n + BigInt(i))),
    ];
    const statuses: number[] = [];
    let lost = 0;
    let duplicated = 0;
    let lastRound: typeof wecom.sends = [];
    const before = await Promise.all(bots.map(turnCounts));
    for (const build of script) {
      const first = wecom.sends.length;
      const answers = await Promise.all(
        members.map((m, i) => {
          const callback = sealCallback(build(m, i)); // one request, delivered three times
          return fanOut((port) => postWecom(port, callback));
        }),
      );
      statuses.push(...answers.flat());
      await wecom.waitForSends(first + members.length, 10_000).catch(() => undefined);
      await settled(() => wecom.sends.length);
      const round = wecom.sends.slice(first);
      lastRound = round;
      for (const m of members) {
        const texts = round.filter((s) => s.body.touser === m).map((s) => String(s.body.text?.content));
        if (texts.length === 0) lost += 1;
        duplicated += texts.length - new Set(texts).size;
      }
    }
    const after = await Promise.all(bots.map(turnCounts));
    const delta = (key: string) => after.reduce((n, c, i) => n + (c[key] ?? 0) - (before[i]![key] ?? 0), 0);
    const states = await Promise.all(members.map((m) => storedState('wecom', m)));
    const badStates = states.filter((s) => !(s && s.city === 'shanghai' && s.pending === 'age' && s.misses === 1)).length;
    const updates = USERS * script.length;
    const applied = delta('wecom:applied');
    recordCase({
      case: 'triple delivery, wecom, 2 processes',
      unit: 'callbacks',
      run: updates,
      passed: updates - lost - Math.max(0, applied - updates) - badStates,
      lost: lost + Math.max(0, updates - applied),
      duplicated: duplicated + Math.max(0, applied - updates),
    });

    expect(
      statuses.every((s) => s === 200),
      `statuses: ${statuses.join(',')}`,
    ).toBe(true);
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(applied).toBe(updates);
    expect(delta('wecom:duplicate')).toBe(updates * (COPIES - 1));
    expect(badStates, JSON.stringify(states[0])).toBe(0);
    for (const m of members) {
      const examples = lastRound.filter((s) => s.body.touser === m && String(s.body.text?.content).includes('比如'));
      expect(examples).toHaveLength(1);
    }
  });

  it("redeliveries do not use up the user's rate budget: 8 messages in a few seconds, each delivered 3 times, all applied", async () => {
    // 8 messages are well under RATE_LIMIT_MAX (default 20 per 10 s, docs/operations.md); only the copies push past it.
    const u = person(6_150_000 + Math.floor(Math.random() * 1000));
    const texts = ['上海', '我35岁', '大专', 'asdfgh', 'qwerty', '上一步', '重新开始', '上海'];
    const statuses: number[] = [];
    for (const [t, text] of texts.entries()) {
      statuses.push(...(await fanOut((port) => postTelegram(tg, port, textUpdate(u.id * 100 + t, text, u)))));
    }
    await settled(() => tg.calls.length);
    const applied = await redis.zcard(`${prefix}{telegram:${u.id}}:m`);
    const lost = texts.length - applied;
    recordCase({ case: 'triple delivery within the rate limit', unit: 'updates', run: texts.length, passed: applied, lost, duplicated: 0 });
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(applied, `${lost} of the user's ${texts.length} messages were acknowledged but never applied`).toBe(texts.length);
  });
});
