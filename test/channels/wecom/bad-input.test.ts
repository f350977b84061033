/**
 * Requests that are not genuine, fresh, readable WeCom callbacks are refused with 400/401,
 * the core never sees them, nothing is sent and no Redis key appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { encrypt } from '@wecom/crypto';
import { randomBytes } from 'node:crypto';
import { createTokenCache, createWecomSender } from '../../../src/channels/wecom/index.js';
import { startWecomApiServer, type WecomApiServer } from '../../support/wecom-api-server.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { buildApp, echoHandler, nowSeconds, sealedPost, signedUrl, testConfig, textMessageXml, VECTOR_B } from './fixtures.js';

describe('bad WeCom callbacks', () => {
  const redis = connectTestRedis();
  const prefix = uniquePrefix('wecom-bad');
  const handler = echoHandler(redis, prefix);
  let api: WecomApiServer;
  let app: FastifyInstance;

  beforeAll(async () => {
    api = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    const config = testConfig(api.url);
    const sender = createWecomSender({ config, tokenCache: createTokenCache({ redis, prefix }), redis, prefix });
    app = await buildApp({ config, handler, sender });
  });
  afterAll(async () => {
    await app.close();
    await api.close();
    await redis.quit();
  });

  async function expectNothingHappened() {
    expect(handler.seen).toEqual([]);
    expect(api.sends).toEqual([]);
    expect(api.gettokenCalls).toBe(0);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  }

  const post = (url: string, payload: string) => app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'text/xml' } });

  it('wrong signature → 401', async () => {
    const { url, body } = sealedPost(textMessageXml('zhangsan', 'hi', '1'), { token: 'SomeoneElsesToken' });
    expect((await post(url, body)).statusCode).toBe(401);
    const good = sealedPost(textMessageXml('zhangsan', 'hi', '2'));
    const tampered = good.url.replace(/msg_signature=([0-9a-f])/, (_m, c: string) => `msg_signature=${c === 'a' ? 'b' : 'a'}`);
    expect((await post(tampered, good.body)).statusCode).toBe(401);
    const getRes = await app.inject({
      method: 'GET',
      url: `${signedUrl('abcd').replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'0'.repeat(40)}`)}&echostr=abcd`,
    });
    expect(getRes.statusCode).toBe(401);
    await expectNothingHappened();
  });

  it('missing query parameters or an empty body → 400', async () => {
    const { url, body } = sealedPost(textMessageXml('zhangsan', 'hi', '3'));
    expect((await post('/wecom/callback', body)).statusCode).toBe(400);
    expect((await post(url.replace(/&nonce=\d+/, ''), body)).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/wecom/callback?echostr=abc' })).statusCode).toBe(400);
    await expectNothingHappened();
  });

  it('a body that is not XML → 400', async () => {
    const { url } = sealedPost(textMessageXml('zhangsan', 'hi', '4'));
    for (const junk of ['hello', '{"encrypt":"abc"}', '<xml><Encrypt>abc</xml>', '<xml></xml>']) {
      expect((await post(url, junk)).statusCode).toBe(400);
    }
    const asJson = await app.inject({ method: 'POST', url, payload: { a: 1 } });
    expect(asJson.statusCode).toBe(400);
    await expectNothingHappened();
  });

  it('a body over 64 KB → 400', async () => {
    const { url, body } = sealedPost(textMessageXml('zhangsan', 'x'.repeat(70_000), '5'));
    expect(body.length).toBeGreaterThan(64 * 1024);
    expect((await post(url, body)).statusCode).toBe(400);
    await expectNothingHappened();
  });

  it('DOCTYPE / ENTITY bodies (XXE, billion laughs) → 400, outside and inside the encryption', async () => {
    const { url } = sealedPost(textMessageXml('zhangsan', 'hi', '6'));
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><Encrypt>&lol2;</Encrypt></xml>`;
    const xxe = `<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>`;
    expect((await post(url, laughs)).statusCode).toBe(400);
    expect((await post(url, xxe)).statusCode).toBe(400);
    const inner = sealedPost(
      `<!DOCTYPE xml [<!ENTITY x "boom">]><xml><FromUserName>zhangsan</FromUserName><CreateTime>${nowSeconds()}</CreateTime><MsgType>text</MsgType><Content>&x;</Content><MsgId>7</MsgId></xml>`,
    );
    expect((await post(inner.url, inner.body)).statusCode).toBe(400);
    await expectNothingHappened();
  });

  it('a correctly signed payload that decrypts to garbage → 400', async () => {
    const garbage = randomBytes(96).toString('base64');
    const res1 = await post(signedUrl(garbage), `<xml><Encrypt><![CDATA[${garbage}]]></Encrypt></xml>`);
    expect(res1.statusCode).toBe(400);
    const notBase64 = 'this is not base64!';
    expect((await post(signedUrl(notBase64), `<xml><Encrypt><![CDATA[${notBase64}]]></Encrypt></xml>`)).statusCode).toBe(400);
    const notXml = encrypt(VECTOR_B.encodingAesKey, '\u0000\u0001 not xml', VECTOR_B.corpId);
    expect((await post(signedUrl(notXml), `<xml><Encrypt><![CDATA[${notXml}]]></Encrypt></xml>`)).statusCode).toBe(400);
    const noMsgId = sealedPost(
      `<xml><FromUserName>zhangsan</FromUserName><CreateTime>${nowSeconds()}</CreateTime><MsgType>text</MsgType><Content>hi</Content></xml>`,
    );
    expect((await post(noMsgId.url, noMsgId.body)).statusCode).toBe(400);
    await expectNothingHappened();
  });

  it('a payload encrypted for another receive id (another corp or a suite) → 400', async () => {
    const { url, body } = sealedPost(textMessageXml('zhangsan', 'hi', '8'), { receiveId: 'wwsomeothercorp00000' });
    expect((await post(url, body)).statusCode).toBe(400);
    await expectNothingHappened();
  });

  it('a timestamp outside the 300 s replay window → 401, in the past or the future', async () => {
    for (const timestamp of [nowSeconds() - 301, nowSeconds() + 301, nowSeconds() - 86_400]) {
      const { url, body } = sealedPost(textMessageXml('zhangsan', 'hi', `9${timestamp}`), { timestamp });
      expect((await post(url, body)).statusCode).toBe(401);
    }
    await expectNothingHappened();
  });

  it('fuzzed bodies and query strings never produce a 5xx or reach the core', async () => {
    const sig = fc.stringMatching(/^[0-9a-f]{40}$/);
    await fc.assert(
      fc.asyncProperty(
        sig,
        fc.string(),
        fc.string({ maxLength: 300 }),
        fc.constantFrom('', '<xml><Encrypt>', '<xml>'),
        async (s, nonce, tail, head) => {
          const url = `/wecom/callback?msg_signature=${s}&timestamp=${nowSeconds()}&nonce=${encodeURIComponent(nonce)}`;
          const res = await post(url, head + tail);
          expect([400, 401]).toContain(res.statusCode);
          const res2 = await app.inject({ method: 'GET', url: `${url}&echostr=${encodeURIComponent(tail)}` });
          expect([400, 401]).toContain(res2.statusCode);
        },
      ),
      { numRuns: 200 },
    );
    await expectNothingHappened();
  });
});
