/** The seam between messengers and the core: what comes in and where replies go. */
import type { Reply } from '../dialog/reply.js';

export type ChannelId = 'telegram' | 'wecom' | 'console';

export interface InboundMessage {
  channel: ChannelId;
  /** Stable user id within the channel (Telegram from.id, WeCom UserID, console "local"). */
  userId: string;
  /** Where replies go (Telegram chat.id, WeCom UserID). */
  chatId: string;
  /** Unique per delivery source; the same update delivered twice carries the same id (dedupe key). */
  messageId: string;
  /** Free text typed by the user. */
  text?: string;
  /** The value of a pressed button / chosen menu item. */
  choice?: string;
  /** A command without its slash: start, help, restart, result, compare, reminders, forget. */
  command?: string;
  /** When the messenger says it was sent (ms since epoch). */
  sentAt: number;
  /**
   * Set by a channel that answers the delivery itself with the replies when it can (Telegram's webhook reply): true
   * when these replies will ride in the HTTP answer. A missing 2xx then makes the messenger redeliver, so the outbox
   * leaves such an entry to the redelivery and its sweeper never sends it (it cannot know whether the 2xx got out).
   */
  answeredInResponse?: (replies: Reply[]) => boolean;
}

export interface ReplyTarget {
  channel: ChannelId;
  chatId: string;
  userId: string;
}

/** Sends replies on one channel; used for answers sent after the webhook was acknowledged and for reminders. */
export interface ChannelSender {
  readonly channel: ChannelId;
  send(target: ReplyTarget, replies: Reply[]): Promise<void>;
}

/** A send failed for good (user blocked the bot, unknown user): do not retry. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
