/**
 * How one turn's answer goes out: packed into one `message/send` when it fits in a 2,048-byte text message (each send
 * counts against the member's 30 per minute, document 90454), and after 删除我的数据 no send log of the member remains.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply, TurnResult } from '../../../src/contract/index.js';
import { createTokenCache, createWecomSender, memberThrottleKey } from '../../../src/channels/wecom/index.js';
import { startWecomApiServer, type WecomApiServer } from '../../support/wecom-api-server.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { buildApp, sealedPost, testConfig, textMessageXml, VECTOR_B } from './fixtures.js';

const target = { channel: 'wecom' as const, chatId: 'SunQi', userId: 'SunQi' };
const fastSleep = async () => {};

describe('WeCom turn delivery', () => {
  const redis = connectTestRedis();
  let api: WecomApiServer;
  let prefix: string;
  beforeEach(async () => {
    api = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    prefix = uniquePrefix('wecom-turn');
  });
  afterEach(() => api.close());
  afterAll(async () => {
    await redis.quit();
  });

  const sender = () =>
    createWecomSender({ config: testConfig(api.url), tokenCache: createTokenCache({ redis, prefix }), redis, prefix, sleep: fastSleep });

  it("a turn's replies go out as one message when they fit, in order, a blank line between replies", async () => {
    const replies: Reply[] = [
      { kind: 'notice', text: '记下了：上海' },
      {
        kind: 'question',
        text: '您今年多大？',
        choices: [
          { label: '35岁以下', value: 'young' },
          { label: '35岁及以上', value: 'old' },
        ],
      },
    ];
    await sender().send(target, replies);
    expect(api.sends).toHaveLength(1);
    const content = api.sends[0]!.body.text.content as string;
    expect(content.startsWith('记下了：上海\n\n您今年多大？')).toBe(true);
    expect(content).toContain('35岁以下');
    expect(content).toContain('35岁及以上');
    expect(content.indexOf('35岁以下')).toBeLessThan(content.indexOf('35岁及以上'));
    // One send recorded against the member's per-minute budget, not one per reply.
    expect(await redis.zcard(memberThrottleKey(prefix, target.chatId))).toBe(1);
  });

  it('replies that together exceed 2,048 bytes are split, each message within the limit, nothing lost', async () => {
    const paragraph = (n: number) => `${n}：${'电工证'.repeat(100)}`; // 900+ bytes each
    const replies: Reply[] = [1, 2, 3].map((n) => ({ kind: 'answer', text: paragraph(n) }));
    await sender().send(target, replies);
    expect(api.sends.length).toBe(2);
    const parts = api.sends.map((s) => s.body.text.content as string);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2048);
    expect(parts.join('\n\n')).toBe([1, 2, 3].map(paragraph).join('\n\n'));
  });

  it('an erasing send leaves no send log of the member; an ordinary one keeps it', async () => {
    const key = memberThrottleKey(prefix, target.chatId);
    await sender().send(target, [{ kind: 'answer', text: '你好' }]);
    expect(await redis.exists(key)).toBe(1);
    await sender().send(target, [{ kind: 'notice', text: '已删除' }], { erased: true });
    expect(api.sends.map((s) => s.body.text.content)).toEqual(['你好', '已删除']);
    expect(await redis.exists(key)).toBe(0);
  });

  it('a Redis stall while sending an acknowledged answer delays it instead of dropping it; a real error is not retried', async () => {
    let failures = 2;
    const throttle = {
      async acquire() {
        if (failures-- > 0) throw new Error('Command timed out'); // what ioredis rejects with when Redis is frozen
      },
      async forget() {},
    };
    const pauses: number[] = [];
    const stalled = createWecomSender({
      config: testConfig(api.url),
      tokenCache: createTokenCache({ redis, prefix }),
      throttle,
      sleep: async (ms) => void pauses.push(ms),
    });
    await stalled.send(target, [{ kind: 'answer', text: '你好' }]);
    expect(api.sends.map((s) => s.body.text.content)).toEqual(['你好']);
    expect(pauses).toHaveLength(2);

    const broken = createWecomSender({
      config: testConfig(api.url),
      tokenCache: createTokenCache({ redis, prefix }),
      sleep: fastSleep,
      throttle: {
        async acquire() {
          throw new TypeError('a bug');
        },
        async forget() {},
      },
    });
    await expect(broken.send(target, [{ kind: 'answer', text: '再见' }])).rejects.toThrow('a bug');
    expect(api.sends).toHaveLength(1);
  });

  it('the callback passes erased turns on: after the confirmation is sent, the member has no key left', async () => {
    const member = 'ZhouJiu';
    const key = memberThrottleKey(prefix, member);
    const handler = {
      async handle(): Promise<TurnResult> {
        return { status: 'applied', replies: [{ kind: 'notice', text: '已删除' }], erased: true };
      },
    };
    const app = await buildApp({ config: testConfig(api.url), handler, sender: sender() });
    try {
      await sender().send({ ...target, chatId: member, userId: member }, [{ kind: 'answer', text: '之前的回答' }]);
      expect(await redis.exists(key)).toBe(1);
      const post = sealedPost(textMessageXml(member, '删除我的数据', '8000000000000000001'));
      const response = await app.inject({ method: 'POST', url: post.url, payload: post.body, headers: { 'content-type': 'text/xml' } });
      expect(response.statusCode).toBe(200);
    } finally {
      await app.close(); // drains the delivery queue
    }
    expect(api.sends.filter((s) => s.body.touser === member).map((s) => s.body.text.content)).toEqual(['之前的回答', '已删除']);
    expect(await redis.exists(key)).toBe(0);
  });
});
