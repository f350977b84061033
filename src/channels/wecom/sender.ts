/** Sends replies to WeCom members through `message/send` (text messages of the self-built app). */
import type { Cluster, Redis } from 'ioredis';
import {
  type CardRenderer,
  type ChannelSender,
  PermanentDeliveryError,
  type Reply,
  type ReplyTarget,
  type ResultCard,
} from '../../contract/index.js';
import type { WecomConfig } from './config.js';
import { createWecomApi, WecomApiError, type WecomApi } from './api-client.js';
import { type CardImages, cardsOf, createCardImages } from './card-image.js';
import { createMemberThrottle, type MemberThrottle } from './member-throttle.js';
import { renderReplies, splitMessage, WECOM_TEXT_MAX_BYTES } from './render.js';
import { type WecomTexts, wecomTexts } from './texts.js';
import { retryWhileStoreUnavailable } from './store-retry.js';
import type { TokenCache } from './token-cache.js';

/** errcode 81013: every recipient is invalid (left the company, outside the app's visible range): never retry. */
const ALL_RECIPIENTS_INVALID = 81013;

export interface WecomSenderOptions {
  config: WecomConfig;
  tokenCache: TokenCache;
  /** Shares the per-member rate limit across processes; without it the limit is per process. */
  redis?: Redis | Cluster;
  /** Key prefix for the rate-limit counters. Default "jf:". */
  prefix?: string;
  /** The channel's words (dialogs/wecom.yaml); default: the installation's file. */
  texts?: WecomTexts;
  /** Draws result cards: each reply's card then follows the text as an image message. Without it: text only. */
  cards?: CardRenderer;
  /** Where a card that could not be sent is reported (the text went out; the user just gets no picture). */
  logger?: { warn(obj: object, msg?: string): void };
  /** Overrides for tests. */
  throttle?: MemberThrottle;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxBytes?: number;
}

export interface WecomSendOptions {
  /**
   * The replies answer a turn that erased the member's data (删除我的数据): once they are sent, the member's send log
   * (the throttle key) is dropped too, so nothing of theirs remains.
   */
  erased?: boolean;
}

/** A ChannelSender whose `send` also takes WecomSendOptions (a plain ChannelSender is one too). */
export interface WecomSender extends ChannelSender {
  send(target: ReplyTarget, replies: Reply[], options?: WecomSendOptions): Promise<void>;
}

/**
 * A ChannelSender for WeCom. All replies of one call (one turn) go out as one text message when they fit in 2,048
 * bytes (each message counts against the member's 30 per minute), else split between paragraphs. Plain `text` messages, not `markdown`: markdown is not shown in the WeChat
 * 互通 client and the dialog's replies are plain text anyway.
 *
 * @example
 * const sender = createWecomSender({ config, tokenCache: createTokenCache({ redis, prefix: 'jf:' }), redis });
 * await sender.send({ channel: 'wecom', chatId: 'ZhangSan', userId: 'ZhangSan' }, replies);
 */
export function createWecomSender(options: WecomSenderOptions): WecomSender {
  const { config } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const tokens = options.tokenCache;
  // The turn is committed and acknowledged already: a Redis stall now must delay the answer, not drop it.
  const tokenCache: TokenCache = {
    get: (app, issue) => retryWhileStoreUnavailable(() => tokens.get(app, issue), sleep),
    invalidate: (app, stale) => retryWhileStoreUnavailable(() => tokens.invalidate(app, stale), sleep),
  };
  const api: WecomApi = createWecomApi({
    config,
    tokenCache,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const throttle =
    options.throttle ??
    createMemberThrottle({
      prefix: options.prefix ?? 'jf:',
      ...(options.redis ? { redis: options.redis } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  const maxBytes = options.maxBytes ?? WECOM_TEXT_MAX_BYTES;
  const texts = options.texts ?? wecomTexts();
  const images: CardImages | undefined = options.cards
    ? createCardImages({
        api,
        renderer: options.cards,
        ...(options.redis ? { redis: options.redis } : {}),
        prefix: options.prefix ?? 'jf:',
        corpId: config.WECOM_CORP_ID,
      })
    : undefined;

  return {
    channel: 'wecom',
    async send(target, replies, sendOptions = {}) {
      try {
        await sendParts(target, splitMessage(renderReplies(replies, texts), maxBytes));
        if (images) for (const card of cardsOf(replies)) await sendCard(images, target, card);
      } finally {
        // Also when a send failed: the member asked for erasure, and the log only exists for sends already made.
        if (sendOptions.erased) await retryWhileStoreUnavailable(() => throttle.forget(target.chatId), sleep);
      }
    },
  };

  /** After the text: a card that cannot be drawn, uploaded or sent costs a log line, never the text. */
  async function sendCard(images: CardImages, target: ReplyTarget, card: ResultCard): Promise<void> {
    try {
      await images.send(card, async (mediaId) => {
        // An image message counts against the member's limit like a text (document 90454); the upload does not.
        await retryWhileStoreUnavailable(() => throttle.acquire(target.chatId), sleep);
        await api.post('message/send', {
          touser: target.chatId,
          msgtype: 'image',
          agentid: config.WECOM_AGENT_ID,
          image: { media_id: mediaId },
        });
      });
    } catch (error) {
      options.logger?.warn({ err: error instanceof Error ? error.message : 'unknown' }, 'wecom result card not sent; the text was');
    }
  }

  async function sendParts(target: ReplyTarget, parts: string[]): Promise<void> {
    for (const content of parts) {
      await retryWhileStoreUnavailable(() => throttle.acquire(target.chatId), sleep);
      try {
        await api.post('message/send', {
          touser: target.chatId,
          msgtype: 'text',
          agentid: config.WECOM_AGENT_ID,
          text: { content },
          safe: 0,
        });
      } catch (error) {
        if (error instanceof WecomApiError && error.errcode === ALL_RECIPIENTS_INVALID) {
          throw new PermanentDeliveryError('wecom: the recipient is not a valid member of this app (81013)');
        }
        throw error;
      }
    }
  }
}
