/**
 * Pulling kf news: redelivered callbacks and re-read batches answer each message once, two processes share one Redis,
 * a wrong signature pulls nothing, and the cursor survives a restart (no re-read from the start of the 3-day window).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountKeyBase } from '../../../src/channels/kf/index.js';
import { startKfApiServer, type KfApiServer } from '../../support/wecom-kf-api-server.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { KF_ACCOUNT, kfEventXml, startKfBot } from './fixtures.js';
import { sealedPost, VECTOR_B } from '../wecom/fixtures.js';

/** Sends grouped by the turn they answer: the msgid of a send is `<hash of the inbound msgid>_<n>` (messenger.ts). */
const turnsAnswered = (api: KfApiServer, user: string) => new Set(api.sendsTo(user).map((s) => s.msgid!.split('_')[0]));

describe('微信客服 pulling', () => {
  const redis = connectTestRedis();
  let api: KfApiServer;

  beforeAll(async () => {
    api = await startKfApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
  });
  /** Earlier tests' messages are not this bot's: it reads on from the end of the account's log (cursor `c<position>`). */
  const startAtEnd = (prefix: string) => redis.set(`${accountKeyBase(prefix, KF_ACCOUNT)}:cursor`, `c${api.logSize(KF_ACCOUNT)}`);

  afterAll(async () => {
    await api.close();
    await redis.quit();
  });

  it('answers each message once when the same event comes three times and the batch is read twice', async () => {
    const prefix = uniquePrefix('kf-dup');
    const bot = await startKfBot({ apiUrl: api.url, redis, prefix });
    const user = 'wmDup';
    api.customerSays(KF_ACCOUNT, user, '你好');
    api.customerSays(KF_ACCOUNT, user, '上海');
    const { token } = api.customerSays(KF_ACCOUNT, user, '我32岁');
    // WeCom retries a callback it thinks was lost: the same event three times, two of them at once.
    const statuses = await Promise.all([bot.notify(token), bot.notify(token)]);
    statuses.push(await bot.notify(token));
    expect(statuses).toEqual([200, 200, 200]);
    await bot.kf.idle();
    expect(turnsAnswered(api, user).size).toBe(3);
    const sendsBefore = api.sendsTo(user).length;

    // The cursor is lost (the crash between handling and saving it): the next pull reads the batch again.
    await redis.del(`${accountKeyBase(prefix, KF_ACCOUNT)}:cursor`);
    const fromStart = api.syncCalls.filter((c) => !c.cursor).length;
    await bot.notifyAndSettle(token);
    expect(api.syncCalls.filter((c) => !c.cursor).length).toBe(fromStart + 1);
    expect(api.sendsTo(user).length).toBe(sendsBefore);
    await bot.close();
  });

  it('pages on has_more, also when a page is empty with has_more = 1', async () => {
    const prefix = uniquePrefix('kf-pages');
    const bot = await startKfBot({ apiUrl: api.url, redis, prefix });
    // Start from the end of the log: earlier tests' messages are not this bot's.
    await startAtEnd(prefix);
    api.pageSize = 2;
    api.emptyPages = 1;
    let token = '';
    for (const user of ['wmP1', 'wmP2', 'wmP3', 'wmP4', 'wmP5']) token = api.customerSays(KF_ACCOUNT, user, '你好').token;
    const calls = api.syncCalls.length;
    await bot.notifyAndSettle(token);
    // One empty page, then 2 + 2 + 1 messages.
    expect(api.syncCalls.slice(calls).map((c) => c.returned)).toEqual([0, 2, 2, 1]);
    for (const user of ['wmP1', 'wmP2', 'wmP3', 'wmP4', 'wmP5']) expect(turnsAnswered(api, user).size).toBe(1);
    api.pageSize = 1000;
    await bot.close();
  });

  it('two processes on one Redis answer every message once, in order per customer', async () => {
    const prefix = uniquePrefix('kf-two');
    const bots = [await startKfBot({ apiUrl: api.url, redis, prefix }), await startKfBot({ apiUrl: api.url, redis, prefix })];
    await startAtEnd(prefix);
    const users = ['wmTwoA', 'wmTwoB', 'wmTwoC', 'wmTwoD'];
    const notified: Promise<number>[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [i, user] of users.entries()) {
        const { token } = api.customerSays(KF_ACCOUNT, user, round === 0 ? '你好' : round === 1 ? '上海' : '我40岁');
        notified.push(bots[(round + i) % 2]!.notify(token));
      }
    }
    expect(new Set(await Promise.all(notified))).toEqual(new Set([200]));
    await Promise.all(bots.map((b) => b.kf.idle()));
    for (const user of users) {
      expect(turnsAnswered(api, user).size).toBe(3);
      // The third message was answered after the second: its reply knows the city.
      expect(JSON.stringify(api.sendsTo(user).at(-1)!.body)).not.toContain('哪个城市');
    }
    for (const bot of bots) await bot.close();
  });

  it('refuses a wrong signature with 401 and pulls nothing', async () => {
    const prefix = uniquePrefix('kf-sig');
    const bot = await startKfBot({ apiUrl: api.url, redis, prefix });
    const { token } = api.customerSays(KF_ACCOUNT, 'wmSig', '你好');
    const { url, body } = sealedPost(kfEventXml(KF_ACCOUNT, token), { token: 'NotTheCallbackToken' });
    const calls = api.syncCalls.length;
    const res = await bot.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/xml' } });
    expect(res.statusCode).toBe(401);
    await bot.kf.idle();
    expect(api.syncCalls.length).toBe(calls);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    await bot.close();
  });

  it('keeps the cursor across a restart: the new process reads on from it', async () => {
    const prefix = uniquePrefix('kf-restart');
    await startAtEnd(prefix);
    const first = await startKfBot({ apiUrl: api.url, redis, prefix });
    await first.notifyAndSettle(api.customerSays(KF_ACCOUNT, 'wmRestart', '你好').token);
    await first.close();
    const answeredBefore = api.sends.length;
    const callsBefore = api.syncCalls.length;

    const second = await startKfBot({ apiUrl: api.url, redis, prefix });
    await second.notifyAndSettle(api.customerSays(KF_ACCOUNT, 'wmRestart', '上海').token);
    const after = api.syncCalls.slice(callsBefore);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((c) => c.cursor !== undefined)).toBe(true);
    // Only the new message was read and answered.
    expect(after.reduce((n, c) => n + c.returned, 0)).toBe(1);
    expect(api.sends.slice(answeredBefore).every((s) => s.touser === 'wmRestart')).toBe(true);
    expect(turnsAnswered(api, 'wmRestart').size).toBe(2);
    await second.close();
  });
});
