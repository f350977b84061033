/**
 * The dialog's reminders port on this module: dates read with chrono-node (parse-date.ts), offers computed from the
 * result, replies worded with dialogs/reminders.yaml.
 */
import type { ReminderDialogContext } from '../dialog/reminder-port.js';
import { reminderOffers } from './offers.js';
import { parseReminderText, reminderSubject } from './parse-date.js';
import { confirmReply, dateQuestionReply } from './render.js';
import type { ReminderTexts } from './texts.js';

/**
 * @example
 * const ctx: DialogContext = { ...core, today, now, reminders: reminderDialog(core.texts.reminders, 'Asia/Shanghai') };
 */
export function reminderDialog(texts: ReminderTexts, timezone: string): ReminderDialogContext {
  return {
    texts,
    timezone,
    read: (text, now) => parseReminderText(text, { now: new Date(now), timezone }),
    subject: (text, now) => reminderSubject(text, { now: new Date(now), timezone }),
    offers: (result, facts, today, schedule) => reminderOffers(result, facts, today, schedule, texts),
    confirmReply: (parsed) => confirmReply(parsed, timezone, texts),
    dateQuestionReply: (question) => dateQuestionReply(question, texts),
  };
}
