/**
 * Effects the dialog asks for, and the ports that carry them out. Without a ReminderPort the dialog answers reminder
 * requests with a "coming soon" notice (and so does the runtime for list/cancel).
 */
import type { ReplyTarget, Reply } from '../contract/index.js';
import type { ReminderToSave } from '../dialog/effect.js';
import type { ReminderDialogContext } from '../dialog/ports.js';

export type { Effect, ReminderToSave } from '../dialog/effect.js';

/** Reminders seen from the runtime; `createReminderPort` builds one on a ReminderService. */
export interface ReminderPort {
  /** The texts and the timezone the dialog reads dates and words confirmations with. */
  readonly dialog: ReminderDialogContext;
  /** Schedules a reminder the user confirmed; returns the "saved" notice (saying so when it is not durable). */
  save(target: ReplyTarget, reminder: ReminderToSave): Promise<Reply[]>;
  /** "我的提醒": the numbered list. */
  list(target: ReplyTarget): Promise<Reply[]>;
  /** `index` is 1-based, as listed to the user. */
  cancel(target: ReplyTarget, index: number): Promise<Reply[]>;
  /** Erases every reminder of the user (删除我的数据); a notice when there were some. */
  forgetUser(target: ReplyTarget): Promise<Reply[]>;
}
