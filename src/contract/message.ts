/** What comes in from a messenger, and where the replies go back. */

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
}

export interface ReplyTarget {
  channel: ChannelId;
  chatId: string;
  userId: string;
}
