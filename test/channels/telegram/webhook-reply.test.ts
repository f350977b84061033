/**
 * Webhook replies (TELEGRAM_WEBHOOK_REPLY): a turn that renders exactly one message answers the webhook with that
 * sendMessage as its JSON body, which Telegram performs ("If you're using webhooks, you can perform a request to the
 * Bot API while sending an answer to the webhook", core.telegram.org/bots/api#making-requests-when-getting-updates).
 * The fake Bot API performs it as Telegram would (test/support/telegram-webhook.ts) and marks it `viaWebhookReply`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config.js';
import type { InboundMessage, Reply } from '../../../src/contract/index.js';
import { createTelegramBot, telegramConfigSchema, telegramPlugin } from '../../../src/channels/telegram/index.js';
import { loadTelegramTexts } from '../../../src/channels/telegram/texts.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { startTelegramApiServer, type RecordedCall, type TelegramApiServer } from '../../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../../support/telegram-webhook.js';
import { recordingLogger, redisDedupeHandler, standInReplies, type RecordingHandler } from './harness.js';
import * as U from './updates.js';

const SECRET = 'webhook-reply-Secret_0123456789';
const texts = loadTelegramTexts();
/** Bot API sendMessage: "1-4096 characters after entities parsing"; two such lines cannot share one message. */
const LINE_A = 'A'.repeat(3000);
const LINE_B = 'B'.repeat(3000);

/** The shared stand-in, plus a reply too long for one message. */
function replyTo(m: InboundMessage): Reply[] {
  if (m.text === '长结果') return [{ kind: 'answer', text: `${LINE_A}\n${LINE_B}` }];
  return standInReplies(m);
}

interface Rig {
  api: TelegramApiServer;
  app: FastifyInstance;
  handler: RecordingHandler;
  startupCalls: number;
}

const redis = connectTestRedis();
afterAll(() => redis.quit());
const rigs: Rig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.app.close();
    await rig.api.close();
  }
});

async function startRig(webhookReply?: string): Promise<Rig> {
  const api = await startTelegramApiServer();
  const config = parseEnv(telegramConfigSchema, {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...(webhookReply !== undefined ? { TELEGRAM_WEBHOOK_REPLY: webhookReply } : {}),
  });
  const handler = redisDedupeHandler(redis, uniquePrefix('tg-wh-reply'), replyTo);
  const app = Fastify();
  await app.register(telegramPlugin, { telegram: createTelegramBot({ config, handler, logger: recordingLogger() }) });
  await app.ready();
  const rig = { api, app, handler, startupCalls: api.calls.length };
  rigs.push(rig);
  return rig;
}

const deliver = (rig: Rig, update: unknown) => deliverTelegramUpdate(rig.app, update, { secret: SECRET, api: rig.api });
/** Calls after start-up, once the server is closed (which waits for sends still running after their 200). */
async function callsAfterClose(rig: Rig): Promise<RecordedCall[]> {
  await rig.app.close();
  return rig.api.calls.slice(rig.startupCalls);
}
const chat = String(U.ALICE.id);

describe('Telegram webhook reply (default on)', () => {
  it('answers a one-message turn with sendMessage in the response: chat id, HTML, inline keyboard', async () => {
    const rig = await startRig();
    const res = await deliver(rig, U.commandUpdate(201, 'start'));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({
      method: 'sendMessage',
      chat_id: chat,
      text: '您想在哪个城市落户或积分？',
      parse_mode: 'HTML',
      reply_markup: {
        inline_keyboard: [
          [
            { text: '上海', callback_data: 'city:shanghai' },
            { text: '北京', callback_data: 'city:beijing' },
          ],
        ],
      },
    });
    // The only sendMessage is the one Telegram performed from the answer: the bot made no Bot API call for this turn.
    const calls = await callsAfterClose(rig);
    expect(calls.map((c) => [c.method, c.viaWebhookReply === true])).toEqual([['sendMessage', true]]);
    expect(rig.api.sent('sendMessage')).toHaveLength(1);
  });

  it('escapes the text for HTML in the response as it would for the API', async () => {
    const rig = await startRig();
    const res = await deliver(rig, U.textUpdate(202, '我有 <电工证> & 焊工证'));
    expect(JSON.parse(res.body)).toMatchObject({
      method: 'sendMessage',
      chat_id: chat,
      text: '收到：我有 &lt;电工证&gt; &amp; 焊工证',
      parse_mode: 'HTML',
    });
    expect(JSON.parse(res.body).reply_markup).toBeUndefined();
  });

  it('sends a two-message turn through the API, in order, and answers with an empty body', async () => {
    const rig = await startRig();
    const res = await deliver(rig, U.textUpdate(203, '长结果'));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.webhookReply).toBeUndefined();
    const calls = await callsAfterClose(rig);
    expect(calls.map((c) => [c.method, c.status, c.viaWebhookReply === true, String(c.params.text)])).toEqual([
      ['sendMessage', 200, false, LINE_A],
      ['sendMessage', 200, false, LINE_B],
    ]);
  });

  it('answers a duplicate delivery with an empty 200: one reply for three deliveries', async () => {
    const rig = await startRig();
    const update = U.textUpdate(204, '上海');
    const first = await deliver(rig, update);
    const again = [await deliver(rig, update), await deliver(rig, update)];
    expect(JSON.parse(first.body)).toMatchObject({ method: 'sendMessage', text: '收到：上海' });
    expect(again.map((r) => [r.status, r.body])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    expect(rig.handler.received).toHaveLength(3);
    const calls = await callsAfterClose(rig);
    expect(calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });

  it('puts a button press reply in the response and answers the press through the API', async () => {
    const rig = await startRig();
    const update = U.callbackUpdate(205, 'city:shanghai');
    const res = await deliver(rig, update);
    expect(JSON.parse(res.body)).toEqual({ method: 'sendMessage', chat_id: chat, text: '已选择 city:shanghai', parse_mode: 'HTML' });
    const calls = await callsAfterClose(rig);
    expect(calls.map((c) => [c.method, c.viaWebhookReply === true])).toEqual(
      expect.arrayContaining([
        ['sendMessage', true],
        ['answerCallbackQuery', false],
      ]),
    );
    expect(calls).toHaveLength(2);
    expect(rig.api.sent('answerCallbackQuery')).toEqual([{ callback_query_id: update.callback_query.id }]);
  });

  it('does not hold the answer for answerCallbackQuery: a press refused with 429 is retried after the 200', async () => {
    const rig = await startRig();
    rig.api.failNext('answerCallbackQuery', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
    const res = await deliver(rig, U.callbackUpdate(206, 'city:beijing'));
    expect(JSON.parse(res.body)).toMatchObject({ method: 'sendMessage', text: '已选择 city:beijing' });
    // auto-retry waits retry_after (1 s) before the second attempt; the answer did not wait for it.
    expect(rig.api.sent('answerCallbackQuery')).toHaveLength(0);
    await rig.api.waitFor(() => rig.api.sent('answerCallbackQuery').length === 1, 8000);
  });

  it('answers a sticker with the polite notice in the response, once per update', async () => {
    const rig = await startRig();
    const first = await deliver(rig, U.stickerUpdate(207));
    const again = await deliver(rig, U.stickerUpdate(207));
    expect(JSON.parse(first.body)).toEqual({ method: 'sendMessage', chat_id: chat, text: texts.unsupported, parse_mode: 'HTML' });
    expect([again.status, again.body]).toEqual([200, '']);
    expect(rig.api.sent('sendMessage').map((m) => m.text)).toEqual([texts.unsupported]);
  });

  it('answers ignored updates with an empty 200', async () => {
    const rig = await startRig();
    const res = await deliver(rig, U.editedMessageUpdate(208, '改一下'));
    expect([res.status, res.body]).toEqual([200, '']);
    expect(await callsAfterClose(rig)).toEqual([]);
  });
});

describe('TELEGRAM_WEBHOOK_REPLY=false', () => {
  it.each(['false', '0'])('%s: sends the one message through the Bot API and answers with an empty body', async (value) => {
    const rig = await startRig(value);
    const res = await deliver(rig, U.commandUpdate(301, 'start'));
    expect([res.status, res.body]).toEqual([200, '']);
    const calls = await callsAfterClose(rig);
    expect(calls.map((c) => [c.method, c.status, c.viaWebhookReply === true])).toEqual([['sendMessage', 200, false]]);
    expect(String(calls[0]!.params.chat_id)).toBe(chat);
    expect(calls[0]!.params.reply_markup.inline_keyboard[0]).toHaveLength(2);
  });
});
