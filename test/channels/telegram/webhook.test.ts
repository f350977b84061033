import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config.js';
import { createTelegramBot, telegramConfigSchema, telegramPlugin } from '../../../src/channels/telegram/index.js';
import { loadTelegramTexts } from '../../../src/channels/telegram/texts.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { freePort } from '../../support/redis-server.js';
import { startTelegramApiServer, type TelegramApiServer } from '../../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../../support/telegram-webhook.js';
import { recordingLogger, redisDedupeHandler, standInReplies as replyTo, type RecordingHandler } from './harness.js';
import * as U from './updates.js';

const SECRET = 'webhook-Secret_0123456789';
const texts = loadTelegramTexts();

interface Rig {
  api: TelegramApiServer;
  app: FastifyInstance;
  handler: RecordingHandler;
  log: ReturnType<typeof recordingLogger>;
  /** Number of Bot API calls made during start-up. */
  startupCalls: number;
}

const redis = connectTestRedis();
afterAll(() => redis.quit());

interface RigOptions {
  unsupported?: string[];
  sendBudgetMs?: number;
  handler?: RecordingHandler;
  /** TELEGRAM_WEBHOOK_REPLY; unset: the default (on). */
  webhookReply?: 'true' | 'false';
}

async function startRig(opts: RigOptions = {}): Promise<Rig> {
  const api = await startTelegramApiServer({ unsupported: opts.unsupported ?? [] });
  const config = parseEnv(telegramConfigSchema, {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: api.apiRoot,
    TELEGRAM_PUBLIC_URL: 'https://bot.example.com/jifen/',
    ...(opts.webhookReply !== undefined ? { TELEGRAM_WEBHOOK_REPLY: opts.webhookReply } : {}),
  });
  const handler = opts.handler ?? redisDedupeHandler(redis, uniquePrefix('tg-webhook'), replyTo);
  const log = recordingLogger();
  const app = Fastify();
  await app.register(telegramPlugin, {
    telegram: createTelegramBot({ config, handler, logger: log }),
    ...(opts.sendBudgetMs !== undefined ? { sendBudgetMs: opts.sendBudgetMs } : {}),
  });
  await app.ready();
  return { api, app, handler, log, startupCalls: api.calls.length };
}

/** Delivers like Telegram, webhook reply performed on the rig's fake Bot API. `secret: null` sends no secret header. */
async function post(rig: Pick<Rig, 'app' | 'api'>, body: unknown, secret: string | null = SECRET) {
  const res = await deliverTelegramUpdate(rig.app, body, {
    secret,
    api: rig.api,
    ...(typeof body === 'string' ? { rawBody: body } : {}),
  });
  return { ...res, statusCode: res.status };
}

describe('Telegram webhook', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.app.close();
    await rig.api.close();
  });

  it('at start-up asks getMe, registers the seven commands and sets the webhook with the secret', () => {
    const methods = rig.api.calls.map((c) => c.method);
    expect(methods).toEqual(['getMe', 'setMyCommands', 'setWebhook']);
    const [commands] = rig.api.sent('setMyCommands');
    expect(commands!.commands.map((c: { command: string }) => c.command)).toEqual([
      'start',
      'help',
      'restart',
      'result',
      'compare',
      'reminders',
      'forget',
    ]);
    expect(commands!.commands[0].description).toBe(texts.commands.start);
    const [webhook] = rig.api.sent('setWebhook');
    expect(webhook!.url).toBe('https://bot.example.com/jifen/telegram/webhook');
    expect(webhook!.secret_token).toBe(SECRET);
  });

  it('turns a text message into one turn and sends the reply HTML-escaped', async () => {
    const res = await post(rig, U.textUpdate(1, '我有 <电工证> & 焊工证'));
    expect(res.statusCode).toBe(200);
    expect(rig.handler.applied).toEqual([
      {
        channel: 'telegram',
        userId: String(U.ALICE.id),
        chatId: String(U.ALICE.id),
        messageId: 'tg:1',
        text: '我有 <电工证> & 焊工证',
        sentAt: 1767225600_000,
      },
    ]);
    await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1);
    const [sent] = rig.api.sent('sendMessage');
    expect(String(sent!.chat_id)).toBe(String(U.ALICE.id));
    expect(sent!.parse_mode).toBe('HTML');
    expect(sent!.text).toBe('收到：我有 &lt;电工证&gt; &amp; 焊工证');
  });

  it('passes /start as a command and renders the choices as an inline keyboard', async () => {
    expect((await post(rig, U.commandUpdate(2, 'start'))).statusCode).toBe(200);
    expect(rig.handler.applied[0]).toMatchObject({ command: 'start', messageId: 'tg:2' });
    expect(rig.handler.applied[0]!.text).toBeUndefined();
    await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1);
    expect(rig.api.sent('sendMessage')[0]!.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: '上海', callback_data: 'city:shanghai' },
          { text: '北京', callback_data: 'city:beijing' },
        ],
      ],
    });
  });

  it('answers a pressed button and passes its data as the choice', async () => {
    const update = U.callbackUpdate(3, 'city:shanghai');
    expect((await post(rig, update)).statusCode).toBe(200);
    expect(rig.handler.applied[0]).toMatchObject({ choice: 'city:shanghai', userId: String(U.ALICE.id), messageId: 'tg:3' });
    // The reply may come in the webhook's answer, before the press is answered through the API after it.
    await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1 && rig.api.sent('answerCallbackQuery').length === 1);
    expect(rig.api.sent('answerCallbackQuery')).toEqual([{ callback_query_id: update.callback_query.id }]);
    expect(rig.api.sent('sendMessage')[0]!.text).toBe('已选择 city:shanghai');
  });

  it('processes the same update delivered three times at once exactly once', async () => {
    const update = U.callbackUpdate(4, 'city:beijing');
    const responses = await Promise.all([post(rig, update), post(rig, update), post(rig, update)]);
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(rig.handler.received).toHaveLength(3);
    expect(rig.handler.applied).toHaveLength(1);
    await rig.api.waitFor(() => rig.api.sent('answerCallbackQuery').length === 3);
    // Let any stray second reply arrive before counting.
    await post(rig, U.editedMessageUpdate(5, 'x'));
    expect(rig.api.sent('sendMessage')).toHaveLength(1);
    // Every press is answered, duplicates too, so no button keeps spinning.
    expect(rig.api.sent('answerCallbackQuery')).toHaveLength(3);
  });

  it('ignores edited messages, group joins and my_chat_member updates without a reply', async () => {
    for (const update of [U.editedMessageUpdate(10, '改一下'), U.groupJoinUpdate(11), U.myChatMemberUpdate(12)]) {
      expect((await post(rig, update)).statusCode).toBe(200);
    }
    expect(rig.handler.received).toHaveLength(0);
    expect(rig.api.calls.length).toBe(rig.startupCalls);
  });

  it('answers a sticker or a photo in a private chat with the polite notice, once per update', async () => {
    expect((await post(rig, U.stickerUpdate(20))).statusCode).toBe(200);
    expect((await post(rig, U.stickerUpdate(20))).statusCode).toBe(200);
    expect((await post(rig, U.photoUpdate(21))).statusCode).toBe(200);
    await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 2);
    expect(rig.api.sent('sendMessage').map((m) => m.text)).toEqual([texts.unsupported, texts.unsupported]);
    expect(rig.handler.received).toHaveLength(0);
  });

  it('in a group answers only mentions, replies to the bot and commands addressed to it', async () => {
    const updates = [
      U.groupTextUpdate(30, '上海积分怎么算？'),
      U.groupCommandUpdate(31, 'start', 'SomeOtherBot'),
      U.groupMentionUpdate(32, '上海积分怎么算？'),
      U.groupReplyToBotUpdate(33, '上海'),
      U.groupCommandUpdate(34, 'help', 'JifenTestBot'),
    ];
    for (const update of updates) expect((await post(rig, update)).statusCode).toBe(200);
    expect(rig.handler.applied.map((m) => [m.messageId, m.text ?? `/${m.command}`])).toEqual([
      ['tg:32', '上海积分怎么算？'],
      ['tg:33', '上海'],
      ['tg:34', '/help'],
    ]);
    expect(rig.handler.applied[0]!.chatId).toBe('-1001234567890');
    expect(rig.handler.applied[0]!.userId).toBe(String(U.BOB.id));
  });

  it('rejects a wrong or missing secret with 401 before doing anything', async () => {
    const wrong = await post(rig, U.textUpdate(40, '你好'), 'not-the-secret');
    const missing = await post(rig, U.textUpdate(41, '你好'), null);
    const wrongAndBroken = await post(rig, '{not json', 'nope');
    expect([wrong.statusCode, missing.statusCode, wrongAndBroken.statusCode]).toEqual([401, 401, 401]);
    expect(rig.handler.received).toHaveLength(0);
    expect(rig.api.calls.length).toBe(rig.startupCalls);
  });

  it('answers 400 (never 5xx) to bodies that are not Telegram updates', async () => {
    const bodies = [
      '{"update_id": 1, "message": ',
      '[]',
      '"update"',
      '{}',
      '{"update_id": "50"}',
      '{"update_id": -1}',
      '{"update_id": 51, "message": {"chat": 5}}',
      '{"update_id": 52, "message": {"message_id": 1, "date": 1, "chat": {"id": "x", "type": "private"}, "text": "hi"}}',
      '{"update_id": 53, "callback_query": {"id": 7, "from": {"id": 1}}}',
    ];
    for (const body of bodies) {
      const res = await post(rig, body);
      expect(res.statusCode, body).toBe(400);
    }
    const empty = await rig.app.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    });
    expect(empty.statusCode).toBe(400);
    expect(rig.handler.received).toHaveLength(0);
    expect(rig.api.calls.length).toBe(rig.startupCalls);
  });
});

describe('Telegram webhook sending through the Bot API (TELEGRAM_WEBHOOK_REPLY=false)', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({ webhookReply: 'false' });
  });
  afterEach(async () => {
    await rig.app.close();
    await rig.api.close();
  });

  it('retries a send refused with 429 after retry_after and still delivers the reply', async () => {
    rig.api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
    expect((await post(rig, U.textUpdate(60, '北京'))).statusCode).toBe(200);
    await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1, 8000);
    const attempts = rig.api.calls.filter((c) => c.method === 'sendMessage');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.params.text).toBe('收到：北京');
  });

  it('never logs the bot token or what the user wrote', async () => {
    rig.api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await post(rig, U.textUpdate(70, '我的身份证号是 110101199001011234'));
    await rig.api.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'));
    await rig.app.close();
    const logged = rig.log.text();
    expect(logged).toContain('telegram reply not delivered');
    expect(logged).not.toContain(rig.api.token);
    expect(logged).not.toContain('110101199001011234');
  });
});

describe('Telegram webhook when the store fails', () => {
  it('answers 503 while the turn cannot be committed, sends nothing, and processes the redelivery', async () => {
    const port = await freePort();
    const downRedis = new Redis(`redis://127.0.0.1:${port}`, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    downRedis.on('error', () => {}); // the refused connection is the point of this test
    const prefix = uniquePrefix('tg-down');
    const down = redisDedupeHandler(downRedis, prefix, replyTo);
    const up = redisDedupeHandler(redis, prefix, replyTo);
    let active = down;
    const handler: RecordingHandler = { received: [], applied: [], handle: (m) => active.handle(m) };
    const rig = await startRig({ handler });
    try {
      const update = U.textUpdate(80, '上海');
      const first = await post(rig, update);
      expect(first.statusCode).toBe(503);
      expect(rig.api.calls.length).toBe(rig.startupCalls);

      active = up; // Redis is back; Telegram redelivers the same update.
      const second = await post(rig, update);
      expect(second.statusCode).toBe(200);
      expect(up.applied.map((m) => m.messageId)).toEqual(['tg:80']);
      await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1);
      expect(rig.api.sent('sendMessage')[0]!.text).toBe('收到：上海');
    } finally {
      downRedis.disconnect();
      await rig.app.close();
      await rig.api.close();
    }
  });
});

describe('Telegram webhook on a minimal Bot API server', () => {
  it('logs a missing setMyCommands as a warning and keeps working', async () => {
    const rig = await startRig({ unsupported: ['setMyCommands'] });
    try {
      const warning = rig.log.lines.find((l) => l.level === 'warn' && l.msg?.includes('setMyCommands'));
      expect(warning?.obj).toMatchObject({ method: 'setMyCommands', errorCode: 404 });
      expect((await post(rig, U.textUpdate(90, '你好'))).statusCode).toBe(200);
      await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1);
    } finally {
      await rig.app.close();
      await rig.api.close();
    }
  });

  it('answers before a slow send finishes; the reply follows after the commit', async () => {
    const rig = await startRig({ sendBudgetMs: 20, webhookReply: 'false' });
    try {
      rig.api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 2', retry_after: 2 });
      const res = await post(rig, U.textUpdate(95, '你好'));
      expect(res.statusCode).toBe(200);
      expect(rig.handler.applied).toHaveLength(1);
      expect(rig.api.sent('sendMessage')).toHaveLength(0);
      await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1, 8000);
    } finally {
      await rig.app.close();
      await rig.api.close();
    }
  });
});

describe('Telegram webhook: replies sent after the 200 (TELEGRAM_WEBHOOK_REPLY=false)', () => {
  it('answers 200 once committed; closing the server waits for a reply still being sent', async () => {
    const rig = await startRig({ webhookReply: 'false' });
    let closed = false;
    try {
      // Flood control on the first send: auto-retry waits 1 s, so the reply is still on its way after the 200.
      rig.api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
      const res = await post(rig, U.textUpdate(120, '第一句'));
      expect(res.statusCode).toBe(200);
      expect(rig.handler.applied.map((m) => m.messageId)).toEqual(['tg:120']);
      expect(rig.api.sent('sendMessage')).toHaveLength(0);
      await rig.app.close();
      closed = true;
      expect(rig.api.sent('sendMessage').map((m) => m.text)).toEqual(['收到：第一句']);
    } finally {
      if (!closed) await rig.app.close();
      await rig.api.close();
    }
  });

  it("keeps one chat's replies in order: the next update waits for the previous one's sends", async () => {
    const rig = await startRig({ webhookReply: 'false' });
    try {
      rig.api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
      expect((await post(rig, U.textUpdate(130, '第一句'))).statusCode).toBe(200);
      expect((await post(rig, U.textUpdate(131, '第二句'))).statusCode).toBe(200);
      await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 2, 8000);
      expect(rig.api.sent('sendMessage').map((m) => m.text)).toEqual(['收到：第一句', '收到：第二句']);
    } finally {
      await rig.app.close();
      await rig.api.close();
    }
  });
});

describe('Telegram webhook over real HTTP', () => {
  it('serves Telegram on a loopback port: 401 without the secret, 200 and a reply with it', async () => {
    const rig = await startRig();
    try {
      const address = await rig.app.listen({ port: 0, host: '127.0.0.1' });
      const send = (secret: string | null) => deliverTelegramUpdate(address, U.textUpdate(99, '你好'), { secret, api: rig.api });
      expect((await send(null)).status).toBe(401);
      expect((await send(SECRET)).status).toBe(200);
      await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1);
      expect(rig.handler.applied.map((m) => m.messageId)).toEqual(['tg:99']);
    } finally {
      await rig.app.close();
      await rig.api.close();
    }
  });
});

describe('Telegram webhook: what a failed turn logs', () => {
  it('logs a turn that could not be committed with the update id and the request id, never the message', async () => {
    const failing: RecordingHandler = {
      received: [],
      applied: [],
      handle: () => Promise.reject(new Error('Connection is closed.')),
    };
    const rig = await startRig({ handler: failing });
    try {
      const res = await post(rig, U.textUpdate(91, '我的身份证号110101199001011234'));
      expect(res.statusCode).toBe(503);
      const warning = rig.log.lines.find((l) => l.msg === 'turn not committed; asking Telegram to redeliver')!;
      expect(warning.level).toBe('warn');
      expect(warning.obj).toMatchObject({ updateId: 91, message: 'Connection is closed.' });
      expect((warning.obj as { reqId?: unknown }).reqId).toMatch(/^req-/);
      expect(rig.log.text()).not.toContain('110101199001011234');
    } finally {
      await rig.app.close();
      await rig.api.close();
    }
  });
});
