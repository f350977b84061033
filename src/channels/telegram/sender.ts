/**
 * ChannelSender for messages nobody is waiting for (reminders): rendered like replies, paced to Telegram's limits,
 * and a user who blocked the bot surfaces as PermanentDeliveryError so the caller stops retrying.
 */
import type { Api, Bot } from 'grammy';
import { type CardRenderer, type Reply, PermanentDeliveryError, type ChannelSender, type ReplyTarget } from '../../contract/index.js';
import { createCardPhotos, hasCard } from './card-photo.js';
import { isPermanentSendFailure } from './delivery.js';
import { describeError, silentLogger, type TelegramLogger } from './log.js';
import { renderReplies } from './render.js';
import { telegramTexts, type TelegramTexts } from './texts.js';

export interface SendPacing {
  /** Minimum gap between two messages to one chat. Bot FAQ: "avoid sending more than one message per second". */
  perChatIntervalMs: number;
  /** Messages per second over all chats. Bot FAQ: bulk notifications "not more than 30 messages per second or so". */
  globalPerSecond: number;
}

export const TELEGRAM_PACING: SendPacing = { perChatIntervalMs: 1000, globalPerSecond: 30 };

export interface TelegramSenderOptions {
  bot?: Bot;
  api?: Api;
  pacing?: SendPacing;
  texts?: TelegramTexts;
  logger?: TelegramLogger;
  /** Draws result cards (replies the outbox delivers again may carry one): sent as photos after the text. */
  cards?: CardRenderer;
  /** Injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Spaces sends in this process: per chat by `perChatIntervalMs`, overall by 1000/`globalPerSecond` ms.
 * Several processes each pace themselves; the reminder queue should cap the total (e.g. a BullMQ limiter).
 */
export class SendPacer {
  private nextGlobal = 0;
  private readonly nextPerChat = new Map<string, number>();

  constructor(
    private readonly pacing: SendPacing,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves when a message to `chatId` may go out, and books that slot. */
  async slot(chatId: string): Promise<void> {
    const at = Math.max(this.now(), this.nextGlobal, this.nextPerChat.get(chatId) ?? 0);
    this.nextGlobal = at + Math.ceil(1000 / this.pacing.globalPerSecond);
    this.nextPerChat.set(chatId, at + this.pacing.perChatIntervalMs);
    this.forgetOld();
    const wait = at - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  private forgetOld(): void {
    if (this.nextPerChat.size < 10_000) return;
    const now = this.now();
    for (const [chat, next] of this.nextPerChat) if (next < now) this.nextPerChat.delete(chat);
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * @example
 * const sender = createTelegramSender({ bot: telegram.bot });
 * await sender.send({ channel: 'telegram', chatId: '42', userId: '42' }, [{ kind: 'notice', text: '您的证书下月到期' }]);
 */
export function createTelegramSender(options: TelegramSenderOptions): ChannelSender {
  const api = options.api ?? options.bot?.api;
  if (!api) throw new Error('createTelegramSender needs a bot or an api');
  const log = options.logger ?? silentLogger;
  const photos = options.cards ? createCardPhotos(options.cards) : undefined;
  const pacer = new SendPacer(options.pacing ?? TELEGRAM_PACING, options.now ?? Date.now, options.sleep ?? realSleep);
  return {
    channel: 'telegram',
    async send(target: ReplyTarget, replies: Reply[]): Promise<void> {
      const texts = options.texts ?? telegramTexts();
      const { messages, droppedChoices } = renderReplies(replies, texts);
      if (droppedChoices.length > 0) log.error({ count: droppedChoices.length }, 'choices dropped: callback_data over 64 bytes');
      for (const { text, ...rest } of messages) {
        await pacer.slot(target.chatId);
        try {
          await api.sendMessage(target.chatId, text, rest);
        } catch (err) {
          if (isPermanentSendFailure(err)) {
            throw new PermanentDeliveryError(`telegram chat unreachable: ${JSON.stringify(describeError(err))}`);
          }
          throw err;
        }
      }
      if (photos && hasCard(replies, options.cards)) await photos.send(api, target.chatId, replies, log, () => pacer.slot(target.chatId));
    },
  };
}
