import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { InboundMessage, TurnResult } from '../../src/contract/index.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { buildTestApp, REPO_ROOT } from './harness.js';
import type { BotApp } from '../../src/app/index.js';

const SLOW_DOWN = (parse(readFileSync(`${REPO_ROOT}dialogs/ops.yaml`, 'utf8')) as { slowDown: string }).slowDown;
const LIMIT = 20; // RATE_LIMIT_MAX default, documented in docs/operations.md

function message(userId: string, n: number): InboundMessage {
  return { channel: 'telegram', userId, chatId: userId, messageId: `tg:${userId}:${n}`, text: '你好', sentAt: Date.now() };
}

function tally(results: TurnResult[]) {
  const applied = results.filter((r) => r.status === 'applied').length;
  const limited = results.filter((r) => r.status === 'rate_limited');
  const notices = limited.flatMap((r) => (r.status === 'rate_limited' ? r.replies : []));
  return { applied, limited: limited.length, notices };
}

async function flood(app: BotApp, userId: string, count: number): Promise<TurnResult[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => app.handler.handle(message(userId, i))));
}

describe.each([
  ['Redis', true],
  ['memory', false],
])('per-user rate limit (%s)', (_label, useRedis) => {
  const prefix = uniquePrefix('rl');
  let app: BotApp;

  beforeAll(async () => {
    ({ app } = await buildTestApp(useRedis ? { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix } : {}));
  });
  afterAll(async () => {
    await app.stop();
  });

  it('100 messages at once from one user → the limit served, one polite notice, the rest dropped', async () => {
    const { applied, limited, notices } = tally(await flood(app, 'flooder', 100));
    expect(applied).toBe(LIMIT);
    expect(limited).toBe(100 - LIMIT);
    expect(notices).toEqual([{ kind: 'notice', text: SLOW_DOWN }]);

    const metrics = (await app.server.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(`jifen_turns_total{channel="telegram",outcome="rate_limited"} ${100 - LIMIT}`);
  });

  it('another user is served normally meanwhile', async () => {
    const result = await app.handler.handle(message('bystander', 1));
    expect(result.status).toBe('applied');
  });

  if (useRedis) {
    it("the counter lives on the user's hash-tagged key and expires", async () => {
      const redis = connectTestRedis();
      try {
        const key = `${prefix}{telegram:flooder}:rl`;
        expect(Number(await redis.get(key))).toBe(100);
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(10_000);
      } finally {
        redis.disconnect();
      }
    });
  }
});
