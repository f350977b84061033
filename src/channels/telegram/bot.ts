/**
 * The grammY bot on top of the shared dialog engine: Telegram updates → TurnHandler → rendered replies.
 * Used by both the webhook plugin and long polling.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { CardRenderer, Reply, TurnHandler } from '../../contract/index.js';
import { createCardPhotos, hasCard } from './card-photo.js';
import { signalCommitted, takesReplyFor, TurnCommitError } from './commit-signal.js';
import type { TelegramConfig } from './config.js';
import { renderRepliesLogged, sendMessagesLogged } from './delivery.js';
import type { RenderedMessage } from './render.js';
import { asTelegramUpdate, chatKeyOf, COMMANDS, routeUpdate } from './inbound.js';
import { describeError, type TelegramLogger } from './log.js';
import { telegramTexts, type TelegramTexts } from './texts.js';

export interface TelegramBot {
  readonly bot: Bot;
  readonly config: TelegramConfig;
  readonly log: TelegramLogger;
  readonly texts: TelegramTexts;
}

export interface CreateTelegramBotOptions {
  config: TelegramConfig;
  handler: TurnHandler;
  logger: TelegramLogger;
  /** Known bot identity: skips the getMe call at start-up. */
  botInfo?: UserFromGetMe;
  /** Defaults to dialogs/telegram.yaml. */
  texts?: TelegramTexts;
  /** Draws result cards, sent as photos after the text; without it the text only. */
  cards?: CardRenderer;
}

/** Polite notices are not turns (the dialog never sees them), so their redeliveries are dropped in-process. */
const NOTICE_MEMORY = 1000;
/**
 * How long a card waits for the webhook answer carrying its text to go out. An answer that never does (Telegram
 * dropped the request) leaves the text to the outbox, and the photo must not arrive alone before it.
 */
const WEBHOOK_ANSWER_WAIT_MS = 5000;

/**
 * Builds the bot: auto-retry on 429 (after `retry_after`, at most 3 times, at most 30 s), per-chat sequencing,
 * and one middleware that commits the turn, hands a one-message reply to the webhook's response (webhook.ts) or
 * else sends the replies, and answers the button press.
 *
 * @example
 * const telegram = createTelegramBot({ config: parseEnv(telegramConfigSchema), handler, logger: pino() });
 * await app.register(telegramPlugin, { telegram });
 */
export function createTelegramBot(options: CreateTelegramBotOptions): TelegramBot {
  const { config, handler, logger: log, cards } = options;
  const texts = options.texts ?? telegramTexts();
  const photos = cards ? createCardPhotos(cards) : undefined;
  const bot = new Bot(config.TELEGRAM_BOT_TOKEN, {
    client: { apiRoot: config.TELEGRAM_API_ROOT },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  const noticed = new Set<number>();

  // Before anything else, so two updates of one chat never run their turns side by side (runner is concurrent).
  // Kept over a SerialQueue middleware: that saved too little to be worth a second way of sequencing (measured by
  // `bench/telegram-render.bench.ts sequencers`; figures in docs/benchmarks.md).
  bot.use(sequentialize((ctx: Context) => chatKeyOf(ctx.update)));

  bot.use(async (ctx) => {
    const update = asTelegramUpdate(ctx.update);
    if (!update) {
      log.warn({ updateId: ctx.update.update_id }, 'telegram update with an unexpected shape ignored');
      return;
    }
    const route = routeUpdate(update, { id: ctx.me.id, username: ctx.me.username });
    switch (route.kind) {
      case 'ignore':
        log.debug({ updateId: ctx.update.update_id, reason: route.reason }, 'telegram update ignored');
        return;
      case 'answer-only':
        await answerButton(ctx, route.callbackQueryId, log);
        return;
      case 'unsupported': {
        const id = ctx.update.update_id;
        if (noticed.has(id)) return;
        noticed.add(id);
        if (noticed.size > NOTICE_MEMORY) noticed.delete(noticed.values().next().value!);
        const notice = renderRepliesLogged([{ kind: 'notice', text: texts.unsupported }], texts, log);
        if (commitOffering(ctx.update, route.chatId, notice)) return;
        await sendMessagesLogged(ctx.api, route.chatId, notice, log);
        return;
      }
      case 'turn': {
        // One render per turn, shared by the outbox's question (will the reply ride in the webhook answer?) and
        // the delivery below.
        let rendered: { replies: Reply[]; messages: RenderedMessage[] } | undefined;
        const render = (replies: Reply[]) => {
          if (rendered?.replies !== replies) rendered = { replies, messages: renderRepliesLogged(replies, texts, log) };
          return rendered.messages;
        };
        if (takesReplyFor(ctx.update)) route.message.answeredInResponse = (replies) => render(replies).length === 1;
        let result;
        try {
          result = await handler.handle(route.message);
        } catch (err) {
          throw new TurnCommitError(err);
        }
        const chatId = route.message.chatId;
        // A duplicate has replies only when the first delivery's never left (they come from the outbox).
        const replies = result.replies ?? [];
        const messages = replies.length === 0 ? [] : render(replies);
        const delivered = result.status === 'rate_limited' ? undefined : result.delivered;
        const withCard = hasCard(replies, cards);
        const answerOut = withCard ? outSignal(delivered) : undefined;
        const answered = commitOffering(ctx.update, chatId, messages, answerOut?.onSent ?? delivered);
        log.debug({ updateId: ctx.update.update_id, status: result.status, webhookReply: answered }, 'telegram turn');
        if (route.callbackQueryId) await answerButton(ctx, route.callbackQueryId, log);
        if (answered) {
          // The photo follows the text, so it waits until the answer carrying the text has left.
          if (withCard && (await answerOut!.within(WEBHOOK_ANSWER_WAIT_MS))) await photos!.send(ctx.api, chatId, replies, log);
          else if (withCard)
            log.warn({ updateId: ctx.update.update_id }, 'telegram result card not sent: the webhook answer did not go out');
          return;
        }
        const sent = await sendMessagesLogged(ctx.api, chatId, messages, log);
        if (sent !== 'failed') delivered?.();
        if (sent === 'sent' && withCard) await photos!.send(ctx.api, chatId, replies, log);
        return;
      }
    }
  });

  bot.catch((err) => {
    log.error({ updateId: err.ctx.update.update_id, ...describeError(err.error) }, 'telegram update failed');
  });
  return { bot, config, log, texts };
}

/**
 * Signals the commit and, when the turn renders exactly one message, offers it to the webhook as its response.
 * Returns true when the webhook answers with it. Two or more messages (a result split at 4,096 characters) all go
 * through the Bot API, so they arrive in order and never cross a webhook reply.
 */
function commitOffering(update: object, chatId: string, messages: RenderedMessage[], onSent?: () => void): boolean {
  return signalCommitted(update, chatId, messages.length === 1 ? messages[0] : undefined, onSent);
}

/** `onSent` for a webhook answer (calls `delivered` too), and a wait, bounded, for it to be called. */
function outSignal(delivered: (() => void) | undefined) {
  let out!: () => void;
  const sent = new Promise<true>((resolve) => {
    out = () => resolve(true);
  });
  return {
    onSent: () => {
      delivered?.();
      out();
    },
    async within(ms: number): Promise<boolean> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), ms).unref();
      });
      try {
        return await Promise.race([sent, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Stops the button's loading spinner. Always called for a press, also for a duplicate; failure is harmless. */
async function answerButton(ctx: Context, callbackQueryId: string, log: TelegramLogger): Promise<void> {
  try {
    await ctx.api.answerCallbackQuery(callbackQueryId);
  } catch (err) {
    log.warn(describeError(err), 'answerCallbackQuery failed');
  }
}

/**
 * Start-up calls shared by webhook and polling mode: getMe (unless botInfo was given) and setMyCommands.
 * A server without setMyCommands (a minimal self-hosted one) only costs a warning.
 */
export async function prepareTelegramBot(telegram: TelegramBot): Promise<void> {
  const { bot, log, texts } = telegram;
  await bot.init();
  try {
    await bot.api.setMyCommands(COMMANDS.map((command) => ({ command, description: texts.commands[command] })));
  } catch (err) {
    log.warn(describeError(err), 'setMyCommands failed; the bot runs without a command menu');
  }
}
