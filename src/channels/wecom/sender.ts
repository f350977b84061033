/** Sends replies to WeCom members through `message/send` (text messages of the self-built app). */
import type { Cluster, Redis } from 'ioredis';
import { PermanentDeliveryError, type ChannelSender } from '../types.js';
import type { WecomConfig } from './config.js';
import type { TokenCache } from './token-cache.js';
import { createWecomApi, WecomApiError, type WecomApi } from './api-client.js';
import { createMemberThrottle, type MemberThrottle } from './member-throttle.js';
import { renderReplies, splitMessage, WECOM_TEXT_MAX_BYTES } from './render.js';
import { wecomTexts } from './texts.js';

/** errcode 81013: every recipient is invalid (left the company, outside the app's visible range): never retry. */
const ALL_RECIPIENTS_INVALID = 81013;

export interface WecomSenderOptions {
  config: WecomConfig;
  tokenCache: TokenCache;
  /** Shares the per-member rate limit across processes; without it the limit is per process. */
  redis?: Redis | Cluster;
  /** Key prefix for the rate-limit counters. Default "jf:". */
  prefix?: string;
  /** Overrides for tests. */
  throttle?: MemberThrottle;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxBytes?: number;
}

/**
 * A ChannelSender for WeCom. Plain `text` messages, not `markdown`: markdown is not shown in the WeChat
 * 互通 client and the dialog's replies are plain text anyway.
 *
 * @example
 * const sender = createWecomSender({ config, tokenCache: createTokenCache({ redis, prefix: 'jf:' }), redis });
 * await sender.send({ channel: 'wecom', chatId: 'ZhangSan', userId: 'ZhangSan' }, replies);
 */
export function createWecomSender(options: WecomSenderOptions): ChannelSender {
  const { config } = options;
  const api: WecomApi = createWecomApi({
    config,
    tokenCache: options.tokenCache,
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

  return {
    channel: 'wecom',
    async send(target, replies) {
      const parts = splitMessage(renderReplies(replies, wecomTexts()), maxBytes);
      for (const content of parts) {
        await throttle.acquire(target.chatId);
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
    },
  };
}
