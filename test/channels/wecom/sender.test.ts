/** Sending through the WeCom API: shared token, token refresh, error codes, splitting and the per-member limit. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentDeliveryError, type Reply } from '../../../src/contract/index.js';
import { createMemberThrottle, createTokenCache, createWecomSender, WecomApiError } from '../../../src/channels/wecom/index.js';
import { startWecomApiServer, type WecomApiServer } from '../../support/wecom-api-server.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { testConfig, VECTOR_B } from './fixtures.js';

const target = { channel: 'wecom' as const, chatId: 'ZhangSan', userId: 'ZhangSan' };
const hello: Reply[] = [{ kind: 'answer', text: '你好' }];
const fastSleep = async () => {};

describe('WeCom sender', () => {
  const redisA = connectTestRedis();
  const redisB = connectTestRedis();
  let api: WecomApiServer;
  let prefix: string;
  beforeEach(async () => {
    api = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    prefix = uniquePrefix('wecom-send');
  });
  afterEach(() => api.close());
  afterAll(async () => {
    await redisA.quit();
    await redisB.quit();
  });

  const senderOn = (redis: typeof redisA, extra: object = {}) =>
    createWecomSender({
      config: testConfig(api.url),
      tokenCache: createTokenCache({ redis, prefix }),
      redis,
      prefix,
      sleep: fastSleep,
      ...extra,
    });

  it('two senders (two processes) on one Redis share one access token: gettoken is called once', async () => {
    const a = senderOn(redisA);
    const b = senderOn(redisB);
    await Promise.all([a.send(target, hello), b.send(target, hello), a.send({ ...target, chatId: 'LiSi' }, hello), b.send(target, hello)]);
    expect(api.gettokenCalls).toBe(1);
    expect(api.sends).toHaveLength(4);
    expect(new Set(api.sends.map((s) => s.token)).size).toBe(1);
    const stored = JSON.parse((await redisA.get(`${prefix}wecom:token:${VECTOR_B.corpId}:1000002`))!);
    expect(stored.token).toBe(api.sends[0]!.token);
    expect(await redisA.pttl(`${prefix}wecom:token:${VECTOR_B.corpId}:1000002`)).toBeGreaterThan(0);
  });

  it('40014 (token invalidated early) → one refresh and one retry, message delivered once', async () => {
    const sender = senderOn(redisA);
    await sender.send(target, hello);
    api.failSends.push(40014);
    await sender.send(target, [{ kind: 'answer', text: '第二条' }]);
    expect(api.gettokenCalls).toBe(2);
    expect(api.sends.map((s) => s.body.text.content)).toEqual(['你好', '第二条']);
    expect(api.sends[1]!.token).not.toBe(api.sends[0]!.token);
  });

  it('an expired token (42001) is refreshed once; a second rejection is not retried forever', async () => {
    const sender = senderOn(redisA);
    api.failSends.push(42001);
    await sender.send(target, hello);
    expect(api.sends).toHaveLength(1);
    api.failSends.push(40014, 40014);
    await expect(sender.send(target, hello)).rejects.toBeInstanceOf(WecomApiError);
    expect(api.sends).toHaveLength(1);
  });

  it('a token past its expires_in is fetched again', async () => {
    let now = 1_000_000;
    api.expiresIn = 7200;
    const tokenCache = createTokenCache({ redis: redisA, prefix, now: () => now });
    const sender = createWecomSender({ config: testConfig(api.url), tokenCache, redis: redisA, prefix, sleep: fastSleep });
    await sender.send(target, hello);
    now += 7200 * 1000; // past WeCom's 7,200 s (document 91039)
    await sender.send(target, hello);
    expect(api.gettokenCalls).toBe(2);
  });

  it('-1 (system busy) is retried; 81013 (recipient invalid) is a PermanentDeliveryError', async () => {
    const sender = senderOn(redisA);
    api.failSends.push(-1, -1);
    await sender.send(target, hello);
    expect(api.sends).toHaveLength(1);
    api.failSends.push(81013);
    await expect(sender.send({ ...target, chatId: 'LeftTheCompany' }, hello)).rejects.toBeInstanceOf(PermanentDeliveryError);
    api.failSends.push(-1, -1, -1, -1);
    await expect(sender.send(target, hello)).rejects.toThrow(/errcode -1/);
  });

  it('a wrong secret surfaces as an error that does not contain the secret', async () => {
    const config = { ...testConfig(api.url), WECOM_SECRET: 'wrong-secret-value' };
    const sender = createWecomSender({ config, tokenCache: createTokenCache({ prefix }), sleep: fastSleep });
    const error = await sender.send(target, hello).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(WecomApiError);
    expect(String(error)).toMatch(/40001/);
    expect(String(error)).not.toContain('wrong-secret-value');
  });

  it('a long breakdown is split at line boundaries into messages of at most 2,048 bytes, nothing lost', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ label: `第${i + 1}项 持证技能等级`, value: `${i} 分` }));
    const replies: Reply[] = [
      { kind: 'result', text: '积分明细如下', table: { title: '明细', rows, footer: ['以上为估算'] }, after: '完' },
    ];
    await senderOn(redisA).send(target, replies);
    expect(api.sends.length).toBeGreaterThan(1);
    const parts = api.sends.map((s) => s.body.text.content as string);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2048);
    const lines = parts.join('\n').split('\n').filter(Boolean);
    for (const row of rows) expect(lines).toContain(`${row.label}：${row.value}`);
    expect(parts[0]!.startsWith('积分明细如下')).toBe(true);
    expect(parts.at(-1)!.endsWith('完')).toBe(true);
  });

  it('a single line longer than a message is cut without breaking a character', async () => {
    const text = '电'.repeat(1500); // 4,500 bytes
    await senderOn(redisA).send(target, [{ kind: 'answer', text }]);
    const parts = api.sends.map((s) => s.body.text.content as string);
    expect(parts.length).toBe(3);
    expect(parts.join('')).toBe(text);
  });
});

describe('per-member throttle (WeCom: 30 per minute, 1,000 per hour, excess dropped)', () => {
  const redis = connectTestRedis();
  afterAll(() => redis.quit());

  for (const store of ['redis', 'memory'] as const) {
    it(`${store}: the 31st message within a minute waits for a slot instead of being sent`, async () => {
      let now = 5_000_000;
      const waits: number[] = [];
      const throttle = createMemberThrottle({
        prefix: uniquePrefix('wecom-thr'),
        ...(store === 'redis' ? { redis } : {}),
        now: () => now,
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
      });
      for (let i = 0; i < 30; i++) {
        await throttle.acquire('ZhangSan');
        now += 100;
      }
      expect(waits).toEqual([]);
      await throttle.acquire('LiSi'); // another member is not held back
      expect(waits).toEqual([]);
      await throttle.acquire('ZhangSan');
      expect(waits).toHaveLength(1);
      // The first of the 30 was sent at 5,000,000; a slot frees just after it leaves the 60 s window.
      expect(now).toBeGreaterThan(5_000_000 + 60_000);
      expect(now).toBeLessThanOrEqual(5_000_000 + 60_000 + 1);
    });

    it(`${store}: the hourly limit of 1,000 holds even when each minute is within 30`, async () => {
      let now = 0;
      const throttle = createMemberThrottle({
        prefix: uniquePrefix('wecom-thr'),
        ...(store === 'redis' ? { redis } : {}),
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      });
      for (let i = 0; i < 1000; i++) {
        await throttle.acquire('WangWu');
        now += 2_100; // 28–29 per minute, under the minute limit
      }
      const before = now;
      await throttle.acquire('WangWu');
      expect(now).toBeGreaterThan(3_600_000);
      expect(now).toBeGreaterThan(before);
    });
  }
});
