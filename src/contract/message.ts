/** What comes in from a messenger, and where the replies go back. */
import type { Reply } from './reply.js';

export type ChannelId = 'telegram' | 'wecom' | 'kf' | 'console';

export interface InboundMessage {
  channel: ChannelId;
  /** Stable user id within the channel (Telegram from.id, WeCom UserID, kf `open_kfid:external_userid`, console "local"). */
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
