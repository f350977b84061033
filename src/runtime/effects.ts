/**
 * Effects the dialog asks for, and the ports that carry them out. Reminders arrive in a later issue: until a
 * ReminderPort is wired in, the runtime answers reminder requests with a "coming soon" notice.
 */
import type { ReplyTarget } from '../channels/types.js';
import type { Reply } from '../dialog/reply.js';

export type { Effect } from '../dialog/effect.js';

export interface ReminderPort {
  /**
   * Schedules what the user asked for: `text` in their words ("三个月后提醒我复审"), or empty with a `topic` when a
   * button was pressed ("review"); returns the confirmation or a question back.
   */
  schedule(target: ReplyTarget, request: { text: string; topic?: string }, today: string): Promise<Reply[]>;
  list(target: ReplyTarget): Promise<Reply[]>;
  /** `index` is 1-based, as listed to the user. */
  cancel(target: ReplyTarget, index: number): Promise<Reply[]>;
  /** Erases every reminder of the user (删除我的数据). */
  forgetUser(target: ReplyTarget): Promise<void>;
}
