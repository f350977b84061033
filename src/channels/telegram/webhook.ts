/**
 * `POST /telegram/webhook` as a fastify plugin (encapsulated: its secret check guards only this route).
 *
 * Status codes Telegram sees, and why:
 * - 401: missing or wrong X-Telegram-Bot-Api-Secret-Token, checked in onRequest, before the body is even parsed.
 * - 400: not JSON, or not an Update (fastify's JSON parser / `updateSchema` through `asTelegramUpdate`). Never a 5xx
 *   for bad input.
 * - 503: the turn handler threw (Redis down): nothing was committed, so Telegram must redeliver.
 * - 200: the turn is committed (or the update needs no turn). A turn whose reply is exactly one message answers with
 *   it as a webhook reply (JSON `{"method":"sendMessage","chat_id",…}`, TELEGRAM_WEBHOOK_REPLY, default on): Telegram
 *   performs that call itself, so there is no Bot API request of ours for it. Otherwise the body is empty and the
 *   replies are sent after the commit, in the background by default (`sendBudgetMs` 0). Per-chat order still holds,
 *   because `sequentialize` (bot.ts) runs a chat's next update only after this one's sends (see docs/telegram.md).
 *   Closing the server waits (bounded) for the sends still running.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Update } from 'grammy/types';
import { prepareTelegramBot, type TelegramBot } from './bot.js';
import { TurnCommitError, watchCommit, type OnReplySent } from './commit-signal.js';
import { WEBHOOK_PATH, webhookUrl } from './config.js';
import { asTelegramUpdate } from './inbound.js';
import { describeError } from './log.js';

export interface TelegramPluginOptions {
  telegram: TelegramBot;
  /** How long the webhook answer may wait for the replies to be sent after the commit. Default 0: answer at once. */
  sendBudgetMs?: number;
  /** How long closing the server waits for replies still being sent. Default 3,000 ms. */
  closeDrainMs?: number;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const DEFAULT_SEND_BUDGET_MS = 0;
/** Below the app's 10 s shutdown budget, which also drains turns and closes the worker and Redis. */
const DEFAULT_CLOSE_DRAIN_MS = 3000;
/** Update types the bot uses; Telegram then does not even send edits, reactions, member changes… */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Constant-time comparison of the secret header with the expected secret (already a Buffer: no copy per request). */
function sameSecret(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  return a.length === expected.length && timingSafeEqual(a, expected);
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}

/** The one HTTP answer to a webhook request: whichever of the callbacks below comes first sends it, later ones do nothing. */
class WebhookAnswer {
  private answered = false;
  private budget: NodeJS.Timeout | undefined;

  constructor(private readonly reply: FastifyReply) {}

  /**
   * 200 with the turn's one message as a webhook reply (Telegram performs the sendMessage); `body` is its JSON.
   * `onSent` runs on the response's 'finish': the whole answer was handed to the operating system. A request that
   * closes first (Telegram gave up, the process is stopping) never calls it, so the reply stays in the outbox.
   */
  withReply(body: string, onSent: OnReplySent | undefined): void {
    if (this.answered) return;
    this.answered = true;
    if (onSent) this.reply.raw.once('finish', onSent);
    this.reply.code(200).type('application/json').send(body);
  }

  /** 200, empty body. */
  empty(): void {
    if (this.answered) return;
    this.answered = true;
    if (this.budget) clearTimeout(this.budget);
    this.reply.code(200).send('');
  }

  /** 200, empty, at the latest after `ms` (earlier when `empty()` is called first). */
  emptyWithin(ms: number): void {
    this.budget ??= setTimeout(() => this.empty(), ms).unref();
  }

  failed(status: 500 | 503, body: { error: string }, retryAfterSeconds?: string): void {
    if (this.answered) return;
    this.answered = true;
    if (retryAfterSeconds !== undefined) this.reply.header('retry-after', retryAfterSeconds);
    this.reply.code(status).send(body);
  }
}

/**
 * Registers the webhook route and runs the start-up calls (getMe, setMyCommands, and setWebhook when
 * TELEGRAM_PUBLIC_URL is set).
 *
 * @example
 * await app.register(telegramPlugin, { telegram: createTelegramBot({ config, handler, logger: app.log }) });
 */
export const telegramPlugin: FastifyPluginAsync<TelegramPluginOptions> = async (app: FastifyInstance, options: TelegramPluginOptions) => {
  const { telegram } = options;
  const { bot, config, log } = telegram;
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  if (secret === undefined) throw new Error('TELEGRAM_WEBHOOK_SECRET is required for the Telegram webhook');
  const sendBudgetMs = options.sendBudgetMs ?? DEFAULT_SEND_BUDGET_MS;
  const closeDrainMs = options.closeDrainMs ?? DEFAULT_CLOSE_DRAIN_MS;
  const answersWithReply = config.TELEGRAM_WEBHOOK_REPLY;
  /** Turns whose replies are still being sent after their 200: a clean shutdown lets them finish. */
  const sending = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    if (sending.size === 0) return;
    const left = await Promise.race([Promise.allSettled([...sending]).then(() => 0), delay(closeDrainMs).then(() => sending.size)]);
    if (left > 0) log.warn({ left }, 'closing with telegram replies still being sent');
  });

  await prepareTelegramBot(telegram);
  if (config.TELEGRAM_PUBLIC_URL) {
    try {
      await bot.api.setWebhook(webhookUrl(config.TELEGRAM_PUBLIC_URL), {
        secret_token: secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      log.info({ path: WEBHOOK_PATH }, 'telegram webhook set');
    } catch (err) {
      log.error(describeError(err), 'setWebhook failed; set it by hand (see docs/telegram.md)');
    }
  }

  const expectedSecret = Buffer.from(secret);
  // Callback-style hooks and handler below: on every webhook, an async layer costs promises and microtask turns.
  app.addHook('onRequest', (request, reply, done) => {
    if (sameSecret(request.headers[SECRET_HEADER], expectedSecret)) done();
    else reply.code(401).send({ error: 'unauthorized' });
  });

  // The answer leaves at the turn's commit (signalled from inside the middleware, see commit-signal.ts) or, for an
  // update that needs no turn, when the middleware ends; a failure before the commit answers 503 (or 500).
  app.post(WEBHOOK_PATH, (request, reply) => {
    const checked = asTelegramUpdate(request.body);
    if (!checked) {
      reply.code(400).send({ error: 'not a Telegram Update' });
      return;
    }
    const update = checked as unknown as Update;

    const answer = new WebhookAnswer(reply);
    let run: Promise<void> | undefined;
    let committed = false;
    watchCommit(
      update,
      (replyBody, onSent) => {
        committed = true;
        // Whatever the middleware still does (answerCallbackQuery, sends) runs after this answer.
        if (run) sending.add(run);
        if (replyBody !== undefined) answer.withReply(replyBody, onSent);
        else if (sendBudgetMs > 0) answer.emptyWithin(sendBudgetMs);
        else answer.empty();
      },
      // Not once Telegram has dropped the request: the answer would be lost, and its redelivery is a duplicate that
      // sends nothing. The bot then sends the reply through the Bot API.
      () => answersWithReply && !reply.raw.destroyed,
    );
    run = bot.handleUpdate(update);
    if (committed) sending.add(run);
    run.then(
      () => {
        sending.delete(run!);
        answer.empty();
      },
      (err: unknown) => {
        sending.delete(run!);
        if (committed) {
          log.error({ updateId: update.update_id, reqId: request.id, ...describeError(err) }, 'telegram delivery failed');
          answer.empty();
          return;
        }
        const cause = (err as { error?: unknown }).error ?? err;
        if (cause instanceof TurnCommitError) {
          log.warn(
            { updateId: update.update_id, reqId: request.id, ...describeError(cause.cause) },
            'turn not committed; asking Telegram to redeliver',
          );
          answer.failed(503, { error: 'try again' }, '5');
          return;
        }
        log.error({ updateId: update.update_id, reqId: request.id, ...describeError(cause) }, 'telegram update failed');
        answer.failed(500, { error: 'internal error' });
      },
    );
  });
};
