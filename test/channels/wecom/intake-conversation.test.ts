/**
 * A whole intake conversation through WeCom: encrypted callbacks → the real turn runtime (dialog + Redis session
 * store) → replies through the local WeCom API, ending with the Shanghai points breakdown.
 * Golden values: docs/policy/sources-notes.md §1 (沪府发〔2017〕98号): age ≤ 43 → 30; 本科+学士 → 90;
 * 3 per insured year → 5 years = 15; pass mark 120.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePort } from '../../support/redis-server.js';
import type { FastifyInstance } from 'fastify';
import { createTokenCache, createWecomSender } from '../../../src/channels/wecom/index.js';
import type { ChannelSender } from '../../../src/contract/index.js';
import { loadCore } from '../../../src/app/core.js';
import { createTurnHandler } from '../../../src/runtime/turn-runtime.js';
import { RedisSessionStore } from '../../../src/store/index.js';
import { startWecomApiServer, type WecomApiServer } from '../../support/wecom-api-server.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { buildApp, clickEventXml, nowSeconds, sealedPost, testConfig, textMessageXml, VECTOR_B } from './fixtures.js';

describe('intake conversation through WeCom', () => {
  const redis = connectTestRedis();
  const prefix = uniquePrefix('wecom-conv');
  let api: WecomApiServer;
  const apps: FastifyInstance[] = [];
  const pending: Promise<void>[] = [];

  beforeAll(async () => {
    api = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    const config = testConfig(api.url);
    const core = loadCore();
    // Two bot processes on one Redis, as in production.
    for (let i = 0; i < 2; i++) {
      const handler = createTurnHandler({ store: new RedisSessionStore({ redis, prefix }), ...core });
      const real = createWecomSender({ config, tokenCache: createTokenCache({ redis, prefix }), redis, prefix });
      // Observes when each asynchronous delivery finishes, so the test can wait for it.
      const sender: ChannelSender = {
        channel: 'wecom',
        send(target, replies) {
          const done = real.send(target, replies);
          pending.push(done);
          return done;
        },
      };
      apps.push(await buildApp({ config, handler, sender }));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await api.close();
    await redis.quit();
  });

  let msgId = 7_000_000_000_000_000_000n; // MsgIds beyond 2^53, as WeCom sends them
  const user = 'DianGongLao';

  async function deliver(plaintext: string, app = apps[0]!) {
    const { url, body } = sealedPost(plaintext);
    const res = await app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/xml' } });
    await Promise.all(pending.splice(0));
    return res;
  }
  const say = (text: string, app?: FastifyInstance) => deliver(textMessageXml(user, text, String(++msgId)), app);
  const lastText = () => api.sends.at(-1)!.body.text.content as string;

  it('starts from the menu, takes numbers and sentences, and ends with the breakdown', async () => {
    expect((await deliver(clickEventXml(user, 'score', nowSeconds()))).statusCode).toBe(200);
    const shanghai = /^回复 (\d+)：上海$/m.exec(lastText());
    expect(shanghai).not.toBeNull();
    expect((await say(shanghai![1]!)).statusCode).toBe(200); // the number picks 上海
    expect(lastText()).toContain('上海');
    expect((await say('我32岁，本科有学位，电工四级，在上海交了5年社保', apps[1])).statusCode).toBe(200);

    for (let turn = 0; turn < 15 && !lastText().includes('合计'); turn++) {
      const app = apps[turn % 2]; // either process may receive the next message
      expect((await say('1', app)).statusCode).toBe(200);
    }
    const result = lastText();
    // A trailing ※ marks an item whose note is listed under the table; the figure itself must be exact.
    expect(result).toMatch(/^年龄：30※?$/m);
    expect(result).toMatch(/^教育背景：90※?$/m);
    expect(result).toMatch(/^在本市工作及缴纳职工社保年限：15※?$/m);
    expect(result).toMatch(/135[^\n]*120/);
    expect(result).toMatch(/^回复 1：/m);
    for (const send of api.sends) {
      expect(send.body.touser).toBe(user);
      expect(Buffer.byteLength(send.body.text.content, 'utf8')).toBeLessThanOrEqual(2048);
    }
  });

  it('a retry of the last message, arriving at the other process, changes nothing and sends nothing', async () => {
    const sends = api.sends.length;
    const xml = textMessageXml(user, '1', String(msgId));
    expect((await deliver(xml, apps[1])).statusCode).toBe(200);
    expect((await deliver(xml, apps[0])).statusCode).toBe(200);
    expect(api.sends.length).toBe(sends);
  });

  it('with Redis unreachable the callback answers 503 (WeCom retries), sends nothing and does not crash', async () => {
    const deadRedis = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    deadRedis.on('error', () => {});
    const handler = createTurnHandler({ store: new RedisSessionStore({ redis: deadRedis, prefix }), ...loadCore() });
    const sent: unknown[] = [];
    const app = await buildApp({
      config: testConfig(api.url),
      handler,
      sender: { channel: 'wecom', send: async (_t, replies) => void sent.push(replies) },
    });
    const { url, body } = sealedPost(textMessageXml('OutageUser', '我32岁', '123456789012345678'));
    const res = await app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'text/xml' } });
    expect(res.statusCode).toBe(503);
    expect(sent).toEqual([]);
    await app.close();
    deadRedis.disconnect();
  });
});
