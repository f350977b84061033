/** Reminders delivered through the real channel senders to the local Telegram and WeCom API servers. */
import { Bot } from 'grammy';
import { afterAll, describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../src/channels/telegram/index.js';
import { createTokenCache, createWecomSender } from '../../src/channels/wecom/index.js';
import { BullmqReminderService } from '../../src/reminders/index.js';
import { startTelegramApiServer } from '../support/telegram-api-server.js';
import { startWecomApiServer } from '../support/wecom-api-server.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { testConfig, VECTOR_B } from '../channels/wecom/fixtures.js';

const redis = connectTestRedis();
afterAll(() => redis.quit());

function namespace() {
  const id = uniquePrefix('rem-e2e').replace(/:$/, '');
  return { queuePrefix: `{${id}}`, keyPrefix: `${id}:` };
}

describe('reminders end to end', () => {
  it('Telegram: a reminder due in 2 s reaches sendMessage once', async () => {
    const api = await startTelegramApiServer();
    const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot }, botInfo: api.botInfo });
    const service = new BullmqReminderService({ redisUrl: testRedisUrl(), ...namespace() });
    try {
      await service.start([createTelegramSender({ bot })]);
      const target = { channel: 'telegram' as const, chatId: '7001', userId: '7001' };
      await service.schedule({
        user: { channel: 'telegram', userId: '7001' },
        target,
        dueAt: new Date(Date.now() + 2_000),
        text: '查证书',
        kind: 'verify_online',
      });
      await api.waitFor((calls) => calls.some((c) => c.method === 'sendMessage' && c.status === 200), 15_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(api.sent('sendMessage')).toEqual([expect.objectContaining({ chat_id: '7001', text: '⏰ 提醒：查证书' })]);
    } finally {
      await service.close();
      await api.close();
    }
  });

  it('WeCom: a reminder due in 2 s reaches message/send once', async () => {
    const api = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
    const ns = namespace();
    const service = new BullmqReminderService({ redisUrl: testRedisUrl(), ...ns });
    try {
      const sender = createWecomSender({
        config: testConfig(api.url),
        tokenCache: createTokenCache({ redis, prefix: ns.keyPrefix }),
        redis,
        prefix: ns.keyPrefix,
      });
      await service.start([sender]);
      const target = { channel: 'wecom' as const, chatId: 'ZhangSan', userId: 'ZhangSan' };
      await service.schedule({
        user: { channel: 'wecom', userId: 'ZhangSan' },
        target,
        dueAt: new Date(Date.now() + 2_000),
        text: '报名',
        kind: 'custom',
      });
      const sends = await api.waitForSends(1, 15_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(api.sends).toHaveLength(1);
      expect(JSON.stringify(sends[0])).toContain('ZhangSan');
      expect(JSON.stringify(sends[0])).toContain('⏰ 提醒：报名');
    } finally {
      await service.close();
      await api.close();
    }
  });
});
