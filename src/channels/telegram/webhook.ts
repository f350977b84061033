/**
 * `POST /telegram/webhook` as a fastify plugin (encapsulated: its secret check guards only this route).
 *
 * Status codes Telegram sees, and why:
 * - 401: missing or wrong X-Telegram-Bot-Api-Secret-Token, checked in onRequest, before the body is even parsed.
 * - 400: not JSON, or not an Update (fastify's JSON parser / our schema). Never a 5xx for bad input.
 * - 503: the turn handler threw (Redis down): nothing was committed, so Telegram must redeliver.
 * - 200: the turn is committed (or the update needs no turn). A turn whose reply is exactly one message answers with
 *   it as a webhook reply (JSON `{"method":"sendMessage","chat_id",…}`, TELEGRAM_WEBHOOK_REPLY, default on): Telegram
 *   performs that call itself, so there is no Bot API request of ours for it. Otherwise the body is empty and the
 *   replies are sent after the commit, in the background by default (`sendBudgetMs` 0). Per-chat order still holds,
 *   because `sequentialize` (bot.ts) runs a chat's next update only after this one's sends (see docs/telegram.md).
 *   Closing the server waits (bounded) for the sends still running.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Update } from 'grammy/types';
import { prepareTelegramBot, type TelegramBot } from './bot.js';
import { TurnCommitError, watchCommit, type WebhookReply } from './commit-signal.js';
import { WEBHOOK_PATH, webhookUrl } from './config.js';
import { markValidated, updateSchema } from './inbound.js';
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

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}

/**
 * Registers the webhook route and runs the start-up calls (getMe, setMyCommands, and setWebhook when
 * TELEGRAM_PUBLIC_URL is set).
 *
 * @example
 * await app.register(telegramPlugin, { telegram: createTelegramBot({ config, handler, logger: app.log }) });
 */
export const telegramPlugin: FastifyPluginAsync<TelegramPluginOptions> = async (
  app: FastifyInstance,
  options: TelegramPluginOptions,
) => {
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

  app.addHook('onRequest', async (request, reply) => {
    if (!sameSecret(request.headers[SECRET_HEADER], secret)) {
      return reply.code(401).send({ error: 'unauthorized' });
    }
  });

  app.post(WEBHOOK_PATH, async (request, reply) => {
    const parsed = updateSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'not a Telegram Update' });
    const update = parsed.data as unknown as Update;
    markValidated(parsed.data);

    let committed!: (answer: WebhookReply | undefined) => void;
    const commit = new Promise<{ answer: WebhookReply | undefined }>((resolve) => (committed = (answer) => resolve({ answer })));
    watchCommit(update, committed, answersWithReply);
    const run = bot.handleUpdate(update);
    const outcome = await Promise.race([
      commit,
      run.then(
        () => 'done' as const,
        (err: unknown) => ({ err }),
      ),
    ]);

    if (typeof outcome === 'object' && 'err' in outcome) {
      const cause = (outcome.err as { error?: unknown }).error ?? outcome.err;
      if (cause instanceof TurnCommitError) {
        log.warn({ updateId: update.update_id, ...describeError(cause.cause) }, 'turn not committed; asking Telegram to redeliver');
        return reply.code(503).header('retry-after', '5').send({ error: 'try again' });
      }
      log.error({ updateId: update.update_id, ...describeError(cause) }, 'telegram update failed');
      return reply.code(500).send({ error: 'internal error' });
    }
    if (typeof outcome === 'object') {
      // Whatever the middleware still does (answerCallbackQuery, sends) runs after this answer.
      const sent = run.then(
        () => 'sent' as const,
        (err: unknown) => {
          log.error({ updateId: update.update_id, ...describeError(err) }, 'telegram delivery failed');
          return 'sent' as const;
        },
      );
      sending.add(sent);
      void sent.then(() => sending.delete(sent));
      if (outcome.answer) return reply.code(200).type('application/json').send(JSON.stringify(outcome.answer));
      if (sendBudgetMs > 0) await Promise.race([sent, delay(sendBudgetMs)]);
    }
    return reply.code(200).send('');
  });
};
