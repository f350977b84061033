/**
 * Security: refused requests leave no trace, and /forget leaves no key of the user.
 *
 * - Wrong or missing Telegram secret, wrong WeCom signature, WeCom timestamps outside the 300 s window (a replay of
 *   an old callback, or one from the future): 401, nothing reaches the core, nothing is sent, no key is written.
 * - A replay of an accepted callback inside the window: 200 (WeCom must stop retrying), no second turn, no reply.
 * - /forget (Telegram) and 删除我的数据 (WeCom) after a conversation with one reminder delivered and one pending:
 *   SCAN over the whole database finds no key naming the user and no reminder job of theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { getSignature } from '@wecom/crypto';
import { buildApp, loadAppConfig, type BotApp } from '../../src/app/index.js';
import { createLogger } from '../../src/observability/index.js';
import { freePort } from '../support/redis-server.js';
import { startTelegramApiServer, type TelegramApiServer } from '../support/telegram-api-server.js';
import { startWecomApiServer, type WecomApiServer } from '../support/wecom-api-server.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { commandUpdate, textUpdate } from '../channels/telegram/updates.js';
import { VECTOR_B } from '../channels/wecom/fixtures.js';
import {
  person,
  postTelegram,
  postWecom,
  queuePrefix,
  sealCallback,
  settled,
  telegramEnv,
  textXml,
  wecomEnv,
  WECOM_SECRET,
  type SealedCallback,
} from './support/bots.js';
import { recordCase } from './support/summary.js';

/** dialogs/reminders.yaml delivery.text with {what} = 交材料. */
const DELIVERY = '⏰ 提醒：交材料';

let app: BotApp;
let port: number;
let tg: TelegramApiServer;
let wecom: WecomApiServer;
let redis: Redis;
const prefix = uniquePrefix('rel-trace');
const qPrefix = queuePrefix('trace');

beforeAll(async () => {
  redis = connectTestRedis();
  tg = await startTelegramApiServer();
  wecom = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: WECOM_SECRET });
  port = await freePort();
  const config = loadAppConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    REMINDER_QUEUE_PREFIX: qPrefix,
    ...telegramEnv(tg),
    ...wecomEnv(wecom),
  });
  app = await buildApp(config, { logger: createLogger('warn', new Writable({ write: (_c, _e, done) => done() })) });
  await app.start();
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await tg?.close();
  await wecom?.close();
  redis?.disconnect();
});

async function scan(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys.sort();
}

/** Every key this app may have written: our prefix and the reminder queues' prefix. */
const ourKeys = async () => [...(await scan(`${prefix}*`)), ...(await scan(`${qPrefix}*`))].sort();

/** The same callback with its signature, timestamp or token changed; all correctly formed otherwise. */
function resigned(plaintext: string, change: 'signature' | 'token' | 'old' | 'future'): SealedCallback {
  const now = Math.floor(Date.now() / 1000);
  const timestamp = change === 'old' ? now - 3_600 : change === 'future' ? now + 3_600 : now;
  const sealed = sealCallback(plaintext, timestamp);
  const url = new URL(sealed.path, 'http://x');
  const cipher = /CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(sealed.body)![1]!;
  if (change === 'signature') url.searchParams.set('msg_signature', getSignature(VECTOR_B.token, String(timestamp), 'other-nonce', cipher));
  if (change === 'token')
    url.searchParams.set(
      'msg_signature',
      getSignature('AnotherTokenAnotherToken1234567', String(timestamp), url.searchParams.get('nonce')!, cipher),
    );
  return { path: url.pathname + url.search, body: sealed.body };
}

describe('refused requests leave no trace in Redis', () => {
  it('wrong secrets, wrong signatures and stale or future timestamps: 401, nothing applied, sent or stored', async () => {
    const u = person(6_400_001);
    const member = `rel-trace-${Math.random().toString(36).slice(2, 8)}`;
    const before = await ourKeys();
    const sendsBefore = { tg: tg.sent('sendMessage').length, wecom: wecom.sends.length };
    const attempts: Array<[string, Promise<number>]> = [
      ['telegram, no secret', postTelegram(tg, port, textUpdate(1, '上海', u), null)],
      ['telegram, wrong secret', postTelegram(tg, port, textUpdate(2, '上海', u), 'wrong-secret')],
      ['telegram, secret one character off', postTelegram(tg, port, textUpdate(3, '上海', u), 'reliability-webhook-secret-0123456788')],
      ['telegram, secret with a suffix', postTelegram(tg, port, textUpdate(4, '上海', u), 'reliability-webhook-secret-0123456789x')],
      ['wecom, signature over another nonce', postWecom(port, resigned(textXml(member, '上海', '11'), 'signature'))],
      ['wecom, signed with another token', postWecom(port, resigned(textXml(member, '上海', '12'), 'token'))],
      ['wecom, replay of an old callback (t - 1 h)', postWecom(port, resigned(textXml(member, '上海', '13'), 'old'))],
      ['wecom, timestamp 1 h in the future', postWecom(port, resigned(textXml(member, '上海', '14'), 'future'))],
    ];
    const statuses = Object.fromEntries(await Promise.all(attempts.map(async ([name, p]) => [name, await p] as const)));
    await new Promise((r) => setTimeout(r, 300));
    const after = await ourKeys();
    const newKeys = after.filter((k) => !before.includes(k));
    const refused = Object.values(statuses).filter((s) => s === 401).length;
    recordCase({
      case: 'wrong secret/signature/replay: no trace',
      unit: 'requests',
      run: attempts.length,
      passed: newKeys.length === 0 ? refused : 0,
      lost: 0,
      duplicated: 0,
    });

    expect(statuses).toEqual(Object.fromEntries(attempts.map(([name]) => [name, 401])));
    expect(newKeys).toEqual([]);
    expect({ tg: tg.sent('sendMessage').length, wecom: wecom.sends.length }).toEqual(sendsBefore);
  });

  it('a replayed WeCom callback inside the window: 200, no second turn, no second reply, state untouched', async () => {
    const member = `rel-replay-${Math.random().toString(36).slice(2, 8)}`;
    const callback = sealCallback(textXml(member, '上海', '7400000000000000001'));
    expect(await postWecom(port, callback)).toBe(200);
    await wecom.waitForSends(wecom.sends.filter((s) => s.body.touser === member).length + 1).catch(() => undefined);
    await settled(() => wecom.sends.length);
    const base = `${prefix}{wecom:${member}}`;
    const snapshot = async () => ({ state: await redis.get(`${base}:s`), seen: await redis.zrange(`${base}:m`, '0', '-1') });
    const first = await snapshot();
    const sends = wecom.sends.filter((s) => s.body.touser === member).length;
    expect(await postWecom(port, callback)).toBe(200);
    await settled(() => wecom.sends.length);
    const second = await snapshot();
    const resent = wecom.sends.filter((s) => s.body.touser === member).length - sends;
    recordCase({
      case: 'replay inside the window: deduped',
      unit: 'replays',
      run: 1,
      passed: resent === 0 && JSON.stringify(first) === JSON.stringify(second) ? 1 : 0,
      lost: 0,
      duplicated: resent,
    });

    expect(first.state).not.toBeNull();
    expect(second).toEqual(first);
    expect(resent).toBe(0);
  });
});

/** Keys naming the user anywhere in the database, and reminder jobs (hashes under the queue prefix) carrying their id. */
async function traces(channel: string, userId: string): Promise<string[]> {
  const named = await scan(`*${userId.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`);
  const jobs: string[] = [];
  for (const key of await scan(`${qPrefix}:*`)) {
    if ((await redis.type(key)) !== 'hash') continue;
    const data = await redis.hget(key, 'data');
    if (data?.includes(`"channel":"${channel}"`) && data.includes(`"userId":"${userId}"`)) jobs.push(`${key} (job data)`);
  }
  return [...named, ...jobs];
}

describe('/forget leaves no key of the user', () => {
  async function conversation(say: (text: string) => Promise<number>, delivered: () => boolean) {
    for (const text of ['上海', '我35岁', '3个月后提醒我查证书', '确认', '3秒后提醒我交材料', '确认']) expect(await say(text)).toBe(200);
    const deadline = Date.now() + 15_000;
    while (!delivered() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(delivered(), 'the near reminder was delivered before /forget').toBe(true);
  }

  it('Telegram /forget: SCAN over the whole database finds nothing of the user', async () => {
    const u = person(970_000_000 + Math.floor(Math.random() * 9_999_999));
    let updateId = 500;
    const say = (text: string) => postTelegram(tg, port, textUpdate(updateId++, text, u));
    const mine = () => tg.sent('sendMessage').filter((m) => String(m.chat_id) === String(u.id));
    await conversation(say, () => mine().some((m) => String(m.text).includes(DELIVERY)));
    const held = await traces('telegram', String(u.id));
    expect(held.length, 'the conversation left keys to forget').toBeGreaterThan(0);

    const repliesBefore = mine().length;
    expect(await postTelegram(tg, port, commandUpdate(updateId++, 'forget', u))).toBe(200);
    await settled(() => tg.calls.length);
    expect(mine().length).toBeGreaterThan(repliesBefore);
    await new Promise((r) => setTimeout(r, 500));
    const left = await traces('telegram', String(u.id));
    recordCase({
      case: `/forget telegram (${left.length} keys left)`,
      unit: 'keys',
      run: held.length,
      passed: held.filter((k) => !left.includes(k)).length,
      lost: 0,
      duplicated: 0,
    });
    expect(left, `keys still naming the user after /forget: ${left.join(', ')}`).toEqual([]);
  }, 40_000);

  it('WeCom 删除我的数据: SCAN over the whole database finds nothing of the member', async () => {
    const member = `rel-forget-${Math.random().toString(36).slice(2, 10)}`;
    let msgId = 7_500_000_000_000_000_000n;
    const say = (text: string) => postWecom(port, sealCallback(textXml(member, text, String((msgId += 1n)))));
    const mine = () => wecom.sends.filter((s) => s.body.touser === member);
    await conversation(say, () => mine().some((s) => String(s.body.text?.content).includes(DELIVERY)));
    // One more message whose answer WeCom refuses (45009, over the API's rate): its reply stays in the outbox.
    wecom.failSends.push(45009);
    expect(await say('上海')).toBe(200);
    const outboxKey = (keys: string[]) => keys.some((k) => k.endsWith(':o'));
    for (let i = 0; i < 30 && !outboxKey(await traces('wecom', member)); i++) await new Promise((r) => setTimeout(r, 100));
    const held = await traces('wecom', member);
    expect(held.length).toBeGreaterThan(0);
    expect(outboxKey(held), `an unacknowledged reply is in the outbox: ${held.join(', ')}`).toBe(true);

    const repliesBefore = mine().length;
    expect(await say('删除我的数据')).toBe(200);
    await wecom.waitForSends(wecom.sends.length + 1).catch(() => undefined);
    await settled(() => wecom.sends.length);
    expect(mine().length).toBeGreaterThan(repliesBefore);
    await new Promise((r) => setTimeout(r, 500));
    const left = await traces('wecom', member);
    recordCase({
      case: `/forget wecom (${left.length} keys left)`,
      unit: 'keys',
      run: held.length,
      passed: held.filter((k) => !left.includes(k)).length,
      lost: 0,
      duplicated: 0,
    });
    expect(left, `keys still naming the member after 删除我的数据: ${left.join(', ')}`).toEqual([]);
  }, 40_000);
});
