/**
 * The result card on Telegram: after the text result, the card goes as a photo (sendPhoto, multipart upload) — on the
 * long-polling path after the sendMessage, on the webhook path after the answer that carried the text, and from the
 * sender the outbox uses. A failed upload or a card that cannot be drawn still leaves the user the text, and a line
 * in the log.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config.js';
import type { CardRenderer } from '../../../src/contract/index.js';
import {
  createTelegramBot,
  createTelegramSender,
  startPolling,
  telegramConfigSchema,
  telegramPlugin,
} from '../../../src/channels/telegram/index.js';
import { readPng } from '../../support/png.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { startTelegramApiServer, type RecordedCall, type TelegramApiServer } from '../../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../../support/telegram-webhook.js';
import { brokenCardRenderer, realCardRenderer, resultWithCard } from '../result-card-fixture.js';
import { recordingLogger, redisDedupeHandler } from './harness.js';
import * as U from './updates.js';

const SECRET = 'result-card-Secret_0123456789';
const redis = connectTestRedis();
const renderer = realCardRenderer();
afterAll(() => redis.quit());

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function fakeApi(): Promise<TelegramApiServer> {
  const api = await startTelegramApiServer();
  closers.push(() => api.close());
  return api;
}

/** The uploaded photo of a sendPhoto call, checked to be a complete PNG; returns its size. */
function uploadedPhoto(call: RecordedCall) {
  const file = call.files?.photo;
  expect(file, 'sendPhoto carries the picture as a multipart file').toBeDefined();
  expect(file!.filename).toMatch(/\.png$/);
  return readPng(file!.data);
}

const methods = (api: TelegramApiServer) => api.calls.filter((c) => c.method === 'sendMessage' || c.method === 'sendPhoto');

async function pollingBot(api: TelegramApiServer, cards: CardRenderer) {
  const config = parseEnv(telegramConfigSchema, {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_MODE: 'polling',
    TELEGRAM_API_ROOT: api.apiRoot,
  });
  const log = recordingLogger();
  const handler = redisDedupeHandler(redis, uniquePrefix('tg-card'), () => resultWithCard());
  const handle = await startPolling(createTelegramBot({ config, handler, logger: log, cards }), { timeoutSeconds: 1 });
  closers.push(() => handle.stop());
  return log;
}

async function webhookBot(api: TelegramApiServer, cards: CardRenderer): Promise<FastifyInstance> {
  const config = parseEnv(telegramConfigSchema, {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: api.apiRoot,
  });
  const handler = redisDedupeHandler(redis, uniquePrefix('tg-card-wh'), () => resultWithCard());
  const app = Fastify();
  await app.register(telegramPlugin, { telegram: createTelegramBot({ config, handler, logger: recordingLogger(), cards }) });
  await app.ready();
  closers.push(() => app.close());
  return app;
}

describe('Telegram result card', () => {
  it('polling: the text result first, then the card as a PNG photo at least 800 px wide, to the same chat', async () => {
    const api = await fakeApi();
    api.queueUpdates(U.textUpdate(801, '看结果'));
    await pollingBot(api, renderer);
    await api.waitFor(() => api.sent('sendPhoto').length === 1);
    const sent = methods(api);
    expect(sent.map((c) => `${c.method}:${c.status}`)).toEqual(['sendMessage:200', 'sendPhoto:200']);
    expect(sent[0]!.params.text).toContain('合计 135 分');
    expect(String(sent[1]!.params.chat_id)).toBe(String(U.ALICE.id));
    expect(uploadedPhoto(sent[1]!).width).toBeGreaterThanOrEqual(800);
  });

  it('webhook: the answer carries the text; the photo is an API call of its own, made after that answer', async () => {
    const api = await fakeApi();
    const app = await webhookBot(api, renderer);
    const delivery = await deliverTelegramUpdate(app, U.textUpdate(802, '看结果'), { secret: SECRET, api });
    expect(delivery.status).toBe(200);
    expect(delivery.webhookReply?.method).toBe('sendMessage');
    expect(delivery.webhookReply?.params.text).toContain('合计 135 分');
    await api.waitFor(() => api.sent('sendPhoto').length === 1);
    const photo = api.calls.find((c) => c.method === 'sendPhoto')!;
    expect(photo.viaWebhookReply).toBeUndefined();
    expect(photo.at!).toBeGreaterThanOrEqual(delivery.answeredAt);
    expect(uploadedPhoto(photo).width).toBeGreaterThanOrEqual(800);
    // The text went only once: in the answer, not again through the API.
    expect(api.sent('sendMessage')).toHaveLength(1);
  });

  it('a refused upload leaves the text delivered and a warning in the log', async () => {
    const api = await fakeApi();
    api.failNext('sendPhoto', { error_code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    api.queueUpdates(U.textUpdate(803, '看结果'));
    const log = await pollingBot(api, renderer);
    await api.waitFor((calls) => calls.some((c) => c.method === 'sendPhoto'));
    await expect.poll(() => log.lines.some((l) => l.level === 'warn' && l.msg?.includes('card not sent'))).toBe(true);
    expect(api.sent('sendMessage').map((m) => m.text)).toEqual([expect.stringContaining('合计 135 分')]);
    expect(api.sent('sendPhoto')).toHaveLength(0);
    expect(log.text()).toContain('IMAGE_PROCESS_FAILED');
  });

  it('a card that cannot be drawn leaves the text delivered, no photo, and a warning in the log', async () => {
    const api = await fakeApi();
    api.queueUpdates(U.textUpdate(804, '看结果'));
    const log = await pollingBot(api, brokenCardRenderer);
    await api.waitFor(() => api.sent('sendMessage').length === 1);
    await expect.poll(() => log.lines.some((l) => l.level === 'warn' && l.msg?.includes('card not sent'))).toBe(true);
    expect(api.calls.some((c) => c.method === 'sendPhoto')).toBe(false);
    expect(log.text()).toContain('card font unreadable');
  });

  it('the same card again is sent by the file_id Telegram gave the first upload; a forgotten one is uploaded again', async () => {
    const api = await fakeApi();
    const app = await webhookBot(api, renderer);
    const photos = () => api.calls.filter((c) => c.method === 'sendPhoto');
    await deliverTelegramUpdate(app, U.textUpdate(805, '看结果'), { secret: SECRET, api });
    await api.waitFor(() => photos().length === 1);
    await deliverTelegramUpdate(app, U.textUpdate(806, '看结果', U.BOB), { secret: SECRET, api });
    await api.waitFor(() => photos().length === 2);
    const [first, second] = photos();
    expect(first!.files?.photo).toBeDefined();
    expect(second!.files).toBeUndefined();
    expect(second!.status).toBe(200);
    expect(String(second!.params.chat_id)).toBe(String(U.BOB.id));
    // Bot API: the file_id of the largest size is the last of the message's `photo` list.
    expect(second!.params.photo).toMatch(/^photo-/);
    api.forgetPhotos();
    await deliverTelegramUpdate(app, U.textUpdate(807, '看结果'), { secret: SECRET, api });
    await api.waitFor(() => photos().length === 4);
    expect(
      photos()
        .slice(2)
        .map((c) => [c.status, c.files?.photo ? 'upload' : 'file_id']),
    ).toEqual([
      [400, 'file_id'],
      [200, 'upload'],
    ]);
  });

  it('the sender the outbox delivers with sends the card after the text, paced like every message to the chat', async () => {
    const api = await fakeApi();
    let now = 1_000_000;
    const waits: number[] = [];
    const sender = createTelegramSender({
      api: createTelegramBot({
        config: parseEnv(telegramConfigSchema, { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_MODE: 'polling', TELEGRAM_API_ROOT: api.apiRoot }),
        handler: { handle: () => Promise.reject(new Error('not used')) },
        logger: recordingLogger(),
        botInfo: api.botInfo,
      }).bot.api,
      cards: renderer,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    await sender.send({ channel: 'telegram', chatId: String(U.ALICE.id), userId: String(U.ALICE.id) }, resultWithCard());
    expect(methods(api).map((c) => c.method)).toEqual(['sendMessage', 'sendPhoto']);
    // Bot FAQ pacing (sender.ts): one message per second per chat — the photo waited its turn after the text.
    expect(waits).toEqual([1000]);
    expect(uploadedPhoto(api.calls.find((c) => c.method === 'sendPhoto')!).width).toBeGreaterThanOrEqual(800);
  });
});
