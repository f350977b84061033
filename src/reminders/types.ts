/** The reminders contract: what the runtime may ask of a reminder store-and-deliver service. */
import type { ChannelId, ChannelSender, ReplyTarget } from '../contract/index.js';
import type { ReminderKind } from '../dialog/reminder-port.js';

export { REMINDER_KINDS, type ReminderKind } from '../dialog/reminder-port.js';

export interface ReminderUser {
  channel: ChannelId;
  userId: string;
}

export interface ScheduleReminder {
  user: ReminderUser;
  /** Where the reminder is delivered (same channel as the user). */
  target: ReplyTarget;
  dueAt: Date;
  /** What to remind of, in the user's words ("查证书"); empty → a default wording. */
  text: string;
  kind: ReminderKind;
  /** Re-schedule one year later after each delivery. */
  repeat?: 'yearly';
}

export interface ReminderEntry {
  id: string;
  dueAt: Date;
  text: string;
  kind: ReminderKind;
  repeat?: 'yearly';
}

export interface ReminderService {
  /** False for the in-process service: reminders are lost when the process stops (the confirmation says so). */
  readonly durable: boolean;
  /**
   * Schedules a reminder. Scheduling the same (user, kind, dueAt, text) twice yields the same id and one delivery.
   * @example await reminders.schedule({ user, target, dueAt, text: '查证书', kind: 'custom' }) // → { id: 'r-3f2a…' }
   */
  schedule(request: ScheduleReminder): Promise<{ id: string }>;
  /** The user's pending reminders, soonest first (the numbers of "我的提醒" are positions in this list, from 1). */
  list(user: ReminderUser): Promise<ReminderEntry[]>;
  /** Cancels one reminder; false when it is not (or no longer) pending. */
  cancel(user: ReminderUser, id: string): Promise<boolean>;
  /** Removes every reminder of the user (/forget); returns how many were removed. */
  forgetUser(user: ReminderUser): Promise<number>;
  /** Starts delivering through these senders (one per channel). Reminders for a channel without a sender wait. */
  start(senders: ChannelSender[]): Promise<void>;
  close(): Promise<void>;
}

/** Messenger limits: one global rate per channel and per-chat windows (all must hold). */
export interface ChannelRateLimits {
  /** Messages per second over all chats; undefined = no global limit. */
  globalPerSecond?: number;
  perChat: Array<{ max: number; windowMs: number }>;
}

/**
 * Defaults from the messengers' own documents:
 * Telegram ~30 messages/s overall and 1/s per chat (core.telegram.org/bots/faq);
 * WeCom app messages ≤30/min and ≤1000/hour per member, excess silently dropped (document/path/90454).
 */
export const DEFAULT_RATE_LIMITS: Record<ChannelId, ChannelRateLimits> = {
  telegram: { globalPerSecond: 30, perChat: [{ max: 1, windowMs: 1_000 }] },
  wecom: {
    perChat: [
      { max: 30, windowMs: 60_000 },
      { max: 1000, windowMs: 3_600_000 },
    ],
  },
  // 微信客服: 5 messages within 48 h after the customer's message (document 94677). No kf sender is handed to the
  // reminders: a reminder months later falls outside that window, so kf reminders wait.
  kf: { perChat: [{ max: 5, windowMs: 48 * 3_600_000 }] },
  console: { perChat: [] },
};
