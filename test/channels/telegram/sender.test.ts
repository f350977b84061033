import { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../../src/contract/index.js';
import { createTelegramSender, SendPacer, TELEGRAM_PACING } from '../../../src/channels/telegram/index.js';
import { startTelegramApiServer, type TelegramApiServer } from '../../support/telegram-api-server.js';

const target = { channel: 'telegram' as const, chatId: '5550001', userId: '5550001' };
const noPacing = { perChatIntervalMs: 0, globalPerSecond: Infinity };

describe('createTelegramSender', () => {
  let api: TelegramApiServer;
  let bot: Bot;
  beforeAll(async () => {
    api = await startTelegramApiServer();
    bot = new Bot(api.token, { client: { apiRoot: api.apiRoot }, botInfo: api.botInfo });
  });
  afterAll(() => api.close());

  it('sends the rendered reply with its buttons', async () => {
    const sender = createTelegramSender({ bot, pacing: noPacing });
    expect(sender.channel).toBe('telegram');
    await sender.send(target, [
      { kind: 'notice', text: '提醒：证书 <复审> 快到期了', choices: [{ label: '查看', value: 'reminder:open' }] },
    ]);
    const [sent] = api.sent('sendMessage');
    expect(sent).toMatchObject({
      chat_id: '5550001',
      text: '提醒：证书 &lt;复审&gt; 快到期了',
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: '查看', callback_data: 'reminder:open' }]] },
    });
  });

  it('turns "bot was blocked by the user" into PermanentDeliveryError', async () => {
    api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const sender = createTelegramSender({ api: bot.api, pacing: noPacing });
    await expect(sender.send(target, [{ kind: 'notice', text: '提醒' }])).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('lets a temporary failure through as a retryable error', async () => {
    api.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    const sender = createTelegramSender({ api: bot.api, pacing: noPacing });
    const failure = await sender.send(target, [{ kind: 'notice', text: '提醒' }]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('SendPacer', () => {
  it('keeps one chat to one message per second and all chats to 30 per second (Bot FAQ limits)', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new SendPacer(
      TELEGRAM_PACING,
      () => clock,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    );
    const slots: Array<[string, number]> = [];
    for (const chat of ['a', 'a', 'b', 'a']) {
      await pacer.slot(chat);
      slots.push([chat, clock]);
    }
    const times = (chat: string) => slots.filter(([c]) => c === chat).map(([, t]) => t);
    const aTimes = times('a');
    for (let i = 1; i < aTimes.length; i++) expect(aTimes[i]! - aTimes[i - 1]!).toBeGreaterThanOrEqual(1000);

    // 60 different chats at once: no second holds more than 30 of them.
    clock = 100_000;
    const burst: number[] = [];
    for (let i = 0; i < 60; i++) {
      await pacer.slot(`chat-${i}`);
      burst.push(clock);
    }
    const perSecond = new Map<number, number>();
    for (const t of burst) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(30);
  });
});
