import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config.js';
import { createTelegramBot, startPolling, telegramConfigSchema } from '../../../src/channels/telegram/index.js';
import { loadTelegramTexts } from '../../../src/channels/telegram/texts.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { startTelegramApiServer } from '../../support/telegram-api-server.js';
import { recordingLogger, redisDedupeHandler } from './harness.js';
import * as U from './updates.js';

const redis = connectTestRedis();
afterAll(() => redis.quit());

describe('Telegram long polling', () => {
  it('processes queued updates in order per chat, confirms them, and stops cleanly', async () => {
    const api = await startTelegramApiServer({ unsupported: ['setMyCommands'] });
    const config = parseEnv(telegramConfigSchema, {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_MODE: 'polling',
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    const handler = redisDedupeHandler(redis, uniquePrefix('tg-poll'), (m) => [
      { kind: 'answer', text: `#${m.messageId} ${m.command ?? m.choice ?? m.text}` },
    ]);
    const log = recordingLogger();
    api.queueUpdates(
      U.commandUpdate(501, 'start'),
      U.callbackUpdate(502, 'city:shanghai'),
      U.textUpdate(503, '电工中级', U.BOB),
      U.stickerUpdate(504),
    );
    const handle = await startPolling(createTelegramBot({ config, handler, logger: log }), { timeoutSeconds: 1 });
    try {
      await api.waitFor(() => api.sent('sendMessage').length === 4);
      expect(api.calls[0]!.method).toBe('getMe');
      expect(api.sent('deleteWebhook')).toHaveLength(1);
      // Chats run concurrently; within Alice's chat the order is kept.
      const ofUser = (id: number) => handler.applied.filter((m) => m.userId === String(id)).map((m) => m.messageId);
      expect(ofUser(U.ALICE.id)).toEqual(['tg:501', 'tg:502']);
      expect(ofUser(U.BOB.id)).toEqual(['tg:503']);
      const aliceTexts = api
        .sent('sendMessage')
        .filter((m) => String(m.chat_id) === String(U.ALICE.id))
        .map((m) => m.text);
      expect(aliceTexts).toEqual(['#tg:501 start', '#tg:502 city:shanghai', loadTelegramTexts().unsupported]);
      expect(api.sent('answerCallbackQuery')).toHaveLength(1);
      // The runner confirms what it got by asking for the next offset.
      await api.waitFor((calls) => calls.some((c) => c.method === 'getUpdates' && Number(c.params.offset) === 505));
      expect(log.lines.some((l) => l.level === 'warn' && l.msg?.includes('setMyCommands'))).toBe(true);
    } finally {
      await handle.stop();
      await api.close();
    }
    expect(handle.isRunning()).toBe(false);
  });
});
