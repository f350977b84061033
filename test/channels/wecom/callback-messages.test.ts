/**
 * Encrypted WeCom callbacks, built with @wecom/crypto the way WeCom builds them, POSTed over real HTTP;
 * replies go out through a local server playing the WeCom API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTokenCache, createWecomSender } from '../../../src/channels/wecom/index.js';
import { startWecomApiServer, type WecomApiServer } from '../../support/wecom-api-server.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { buildApp, clickEventXml, echoHandler, nowSeconds, sealedPost, testConfig, textMessageXml, VECTOR_B } from './fixtures.js';

describe('WeCom callback messages', () => {
  const redis = connectTestRedis();
  const prefix = uniquePrefix('wecom-msg');
  const handler = echoHandler(redis, prefix);
  let api: WecomApiServer;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    api = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    const config = testConfig(api.url);
    const sender = createWecomSender({ config, tokenCache: createTokenCache({ redis, prefix }), redis, prefix });
    app = await buildApp({ config, handler, sender });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await redis.quit();
  });

  const deliver = async (plaintext: string, createTime?: number) => {
    const { url, body } = sealedPost(plaintext, createTime ? { timestamp: createTime } : {});
    return fetch(base + url, { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8' } });
  };

  it('a text message reaches the core with its 64-bit MsgId intact, is acknowledged empty, and the answer is sent', async () => {
    const msgId = '4561255354251345929'; // > 2^53, from the official sample (protocol notes §1.7)
    const res = await deliver(textMessageXml('LiSi', '我是电工', msgId));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const seen = handler.seen.find((m) => m.messageId === `wecom:${msgId}`);
    expect(seen).toMatchObject({ channel: 'wecom', userId: 'LiSi', chatId: 'LiSi', text: '我是电工' });
    const [sent] = await api.waitForSends(1);
    expect(sent!.body).toEqual({
      touser: 'LiSi',
      msgtype: 'text',
      agentid: 1000002,
      text: { content: 'echo: 我是电工\n\n回复 1：yes\n回复 2：no' },
      safe: 0,
    });
  });

  it('a redelivered message (same MsgId) is processed once and answered once', async () => {
    const before = api.sends.length;
    const xml = textMessageXml('WangWu', 'again', '9000000000000000001');
    expect((await deliver(xml)).status).toBe(200);
    expect((await deliver(xml)).status).toBe(200);
    await api.waitForSends(before + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(handler.seen.filter((m) => m.messageId === 'wecom:9000000000000000001')).toHaveLength(1);
    expect(api.sends.filter((s) => s.body.touser === 'WangWu')).toHaveLength(1);
  });

  it('menu clicks become commands (click / CLICK), deduped by FromUserName + CreateTime', async () => {
    const t = nowSeconds();
    expect((await deliver(clickEventXml('ZhaoLiu', 'score', t))).status).toBe(200);
    expect((await deliver(clickEventXml('ZhaoLiu', 'score', t))).status).toBe(200); // WeCom retry
    expect((await deliver(clickEventXml('ZhaoLiu', 'faq', t + 1, 'CLICK'))).status).toBe(200);
    expect((await deliver(clickEventXml('ZhaoLiu', 'reminders', t + 2))).status).toBe(200);
    const mine = handler.seen.filter((m) => m.userId === 'ZhaoLiu');
    expect(mine.map((m) => [m.messageId, m.command])).toEqual([
      [`wecom:evt:ZhaoLiu:${t}`, 'start'],
      [`wecom:evt:ZhaoLiu:${t + 1}`, 'faq'],
      [`wecom:evt:ZhaoLiu:${t + 2}`, 'reminders'],
    ]);
  });

  it('events and message types the bot does not act on are acknowledged and ignored', async () => {
    const count = handler.seen.length;
    const t = nowSeconds();
    expect((await deliver(clickEventXml('SunQi', 'unknown-key', t))).status).toBe(200);
    expect((await deliver(clickEventXml('SunQi', '', t + 1, 'enter_agent'))).status).toBe(200);
    const image = `<xml><ToUserName>${VECTOR_B.corpId}</ToUserName><FromUserName>SunQi</FromUserName><CreateTime>${t}</CreateTime><MsgType>image</MsgType><PicUrl>http://x/y.jpg</PicUrl><MsgId>123</MsgId><AgentID>1000002</AgentID></xml>`;
    expect((await deliver(image)).status).toBe(200);
    expect(handler.seen.length).toBe(count);
  });

  it('when the core fails (Redis down) the answer is 503 so WeCom retries, and the retry is applied once', async () => {
    const xml = textMessageXml('ZhouBa', 'retry me', '777');
    handler.failNext(1);
    const first = await deliver(xml);
    expect(first.status).toBe(503);
    expect(handler.seen.some((m) => m.messageId === 'wecom:777')).toBe(false);
    const before = api.sends.length;
    expect((await deliver(xml)).status).toBe(200);
    expect(handler.seen.filter((m) => m.messageId === 'wecom:777')).toHaveLength(1);
    const sends = await api.waitForSends(before + 1);
    expect(sends.filter((s) => s.body.touser === 'ZhouBa')).toHaveLength(1);
  });
});
