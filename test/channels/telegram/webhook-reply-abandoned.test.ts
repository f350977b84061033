/**
 * A webhook reply only reaches the user if Telegram reads our HTTP answer. When Telegram has already dropped the
 * request (its timeout, a proxy's, a network cut) by the time the turn commits, an answer written to the closed
 * connection is lost, and the redelivery that follows is a duplicate that sends nothing: the user would never get
 * the reply. The bot must then send it through the Bot API instead, exactly once.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config.js';
import { createTelegramBot, telegramConfigSchema, telegramPlugin } from '../../../src/channels/telegram/index.js';
import type { TurnHandler } from '../../../src/contract/index.js';
import { connectTestRedis, uniquePrefix } from '../../support/redis.js';
import { startTelegramApiServer, type TelegramApiServer } from '../../support/telegram-api-server.js';
import { deliverTelegramUpdate, TELEGRAM_WEBHOOK_PATH } from '../../support/telegram-webhook.js';
import { recordingLogger, redisDedupeHandler, standInReplies } from './harness.js';
import * as U from './updates.js';

const SECRET = 'webhook-abandoned-Secret_0123456789';

const redis = connectTestRedis();
afterAll(() => redis.quit());
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  api: TelegramApiServer;
  app: FastifyInstance;
  port: number;
  /** Resolves when the handler has received its first message (the turn is then waiting for `release`). */
  entered: Promise<void>;
  /** Lets the held turn go on to its commit. */
  release: () => void;
  /** Resolves when the server saw the connection of the first webhook request close before any answer. */
  abandoned: Promise<void>;
}

async function startRig(): Promise<Rig> {
  const api = await startTelegramApiServer();
  cleanups.push(() => api.close());
  const config = parseEnv(telegramConfigSchema, {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: api.apiRoot,
  });
  const inner = redisDedupeHandler(redis, uniquePrefix('tg-wh-abandoned'), standInReplies);
  let entered!: () => void;
  const enteredP = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handler: TurnHandler = {
    async handle(message) {
      entered();
      await gate;
      return inner.handle(message);
    },
  };
  const app = Fastify();
  let abandoned!: () => void;
  const abandonedP = new Promise<void>((resolve) => (abandoned = resolve));
  let first = true;
  app.addHook('onRequest', (_request, reply, done) => {
    if (first) {
      first = false;
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) abandoned();
      });
    }
    done();
  });
  await app.register(telegramPlugin, { telegram: createTelegramBot({ config, handler, logger: recordingLogger() }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => app.close());
  const port = (app.server.address() as AddressInfo).port;
  return { api, app, port, entered: enteredP, release, abandoned: abandonedP };
}

/** POSTs `update` like Telegram and hangs up before any answer comes. */
function postThenHangUp(rig: Rig, update: unknown): void {
  const body = JSON.stringify(update);
  const req = httpRequest({
    host: '127.0.0.1',
    port: rig.port,
    method: 'POST',
    path: TELEGRAM_WEBHOOK_PATH,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': SECRET },
  });
  req.on('error', () => {});
  req.end(body);
  void rig.entered.then(() => req.destroy());
}

describe('Telegram webhook reply when Telegram has stopped waiting', () => {
  it('sends the reply through the Bot API when the request was dropped before the commit, and only once', async () => {
    const rig = await startRig();
    const update = U.textUpdate(401, '上海');
    postThenHangUp(rig, update);
    await rig.abandoned;
    rig.release();
    // The turn commits after the connection is gone: its one message must still reach the user.
    await rig.api.waitFor(() => rig.api.sent('sendMessage').length === 1, 5000);
    expect(rig.api.sent('sendMessage')).toEqual([expect.objectContaining({ chat_id: String(U.ALICE.id), text: '收到：上海' })]);

    // Telegram redelivers the update it never got an answer for: a duplicate, answered empty, nothing sent again.
    const again = await deliverTelegramUpdate(rig.app, update, { secret: SECRET, api: rig.api });
    expect([again.status, again.body]).toEqual([200, '']);
    await rig.app.close();
    expect(rig.api.sent('sendMessage')).toHaveLength(1);
  });
});
