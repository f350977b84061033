/** The official WeCom test vector B (sbzhu/weworkapi_python callback/Sample.py), through the real routes. */
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, echoHandler, recordingSender, testConfig } from './fixtures.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';

const GET = {
  msg_signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
  timestamp: '1476416373',
  nonce: '47744683',
  echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
};
const POST = {
  msg_signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
  timestamp: '1476422779',
  nonce: '1597212914',
  encrypt:
    'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
};

describe('official WeCom vector B', () => {
  const redis = connectTestRedis();
  afterAll(() => redis.quit());

  it('GET: verifies the URL-encoded echostr and answers exactly the plaintext', async () => {
    const handler = echoHandler(redis, uniquePrefix('wecom-vec'));
    const app = await buildApp({ config: testConfig(), handler, sender: recordingSender(), now: () => 1476416373_000 });
    const query = new URLSearchParams(GET).toString(); // encodes + / = as WeCom does (%2B %2F %3D)
    expect(query).toContain('%2B');
    const res = await app.inject({ method: 'GET', url: `/wecom/callback?${query}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('1288432023552776189');
    await app.close();
  });

  it('GET: an unencoded "+" (decoded to a space by the query parser) still verifies', async () => {
    const app = await buildApp({
      config: testConfig(),
      handler: echoHandler(redis, uniquePrefix('wecom-vec')),
      sender: recordingSender(),
      now: () => 1476416373_000,
    });
    const raw = `/wecom/callback?msg_signature=${GET.msg_signature}&timestamp=${GET.timestamp}&nonce=${GET.nonce}&echostr=${GET.echostr}`;
    const res = await app.inject({ method: 'GET', url: raw });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('1288432023552776189');
    await app.close();
  });

  it('POST: verifies, decrypts and hands the text message from ChenJiaShun to the core', async () => {
    const handler = echoHandler(redis, uniquePrefix('wecom-vec'));
    const sender = recordingSender();
    const app = await buildApp({ config: testConfig(), handler, sender, now: () => 1476422779_000 });
    const res = await app.inject({
      method: 'POST',
      url: `/wecom/callback?msg_signature=${POST.msg_signature}&timestamp=${POST.timestamp}&nonce=${POST.nonce}`,
      headers: { 'content-type': 'text/xml' },
      payload: `<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${POST.encrypt}]]></Encrypt></xml>`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(handler.seen).toEqual([
      {
        channel: 'wecom',
        userId: 'ChenJiaShun',
        chatId: 'ChenJiaShun',
        messageId: 'wecom:1456453720',
        text: '你好',
        sentAt: 1476422779_000,
      },
    ]);
    await app.close();
    expect(sender.sent).toEqual([{ chatId: 'ChenJiaShun', texts: ['echo: 你好'] }]);
  });

  it('the same vector is refused once outside the 300 s replay window', async () => {
    const handler = echoHandler(redis, uniquePrefix('wecom-vec'));
    const app = await buildApp({ config: testConfig(), handler, sender: recordingSender() }); // real clock: 2016 is stale
    const res = await app.inject({ method: 'GET', url: `/wecom/callback?${new URLSearchParams(GET)}` });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('1288432023552776189');
    await app.close();
  });
});
