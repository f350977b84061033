/** What a delivered reminder looks like, and the id that makes a double schedule one reminder. */
import { createHash } from 'node:crypto';
import type { Reply } from '../contract/index.js';
import { fillText, type ReminderTexts } from './texts.js';
import type { ReminderKind, ReminderUser } from './types.js';

/** Deterministic: same user, kind, due time and text → same id. BullMQ ids must not contain ':' nor be integers. */
export function reminderId(user: ReminderUser, kind: ReminderKind, dueAt: Date, text: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([user.channel, user.userId, kind, dueAt.getTime(), text]))
    .digest('hex');
  return `r-${digest.slice(0, 24)}`;
}

export function reminderReply(texts: ReminderTexts, text: string, repeat: 'yearly' | undefined): Reply {
  const what = text.trim() || texts.confirm.default_what;
  const reply: Reply = { kind: 'notice', text: fillText(texts.delivery.text, { what }) };
  if (repeat === 'yearly') reply.after = texts.delivery.yearly_note;
  return reply;
}

/**
 * The same moment one year later (29 Feb → 28 Feb). Computed in UTC, which equals the wall clock for zones without DST
 * such as Asia/Shanghai; in a DST zone a yearly reminder may shift by the DST hour.
 */
export function oneYearLater(dueAt: Date): Date {
  const d = new Date(dueAt.getTime());
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  if (d.getUTCMonth() !== month) d.setUTCDate(0);
  return d;
}
