/** Channel-neutral replies for the reminder dialog: confirmation, list, cancel, date questions. Pure. */
import type { Reply } from '../contract/index.js';
import { choiceValue } from '../dialog/choice-value.js';
import type { ParsedReminderText, ReminderDateQuestion } from './parse-date.js';
import { fillText, loadReminderTexts, type ReminderTexts } from './texts.js';
import type { ReminderEntry } from './types.js';
import { wallClockAt } from '../time/zoned-time.js';

/** "2027年3月1日 09:00" in the user's timezone; without the time when precision is 'day' and it is the default 09:00. */
export function formatWhen(at: Date, timezone: string, precision: 'day' | 'time' = 'time'): string {
  const w = wallClockAt(at, timezone);
  const day = `${w.year}年${w.month}月${w.day}日`;
  return precision === 'day' ? day : `${day} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

export function dateQuestionReply(question: ReminderDateQuestion, texts: ReminderTexts = loadReminderTexts()): Reply {
  return { kind: 'question', text: texts.date_questions[question] };
}

/** "我理解的是：… 确认保存吗？" with 确认 / 不用了 choices (values `reminder:yes` / `reminder:no`). */
export function confirmReply(
  parsed: Extract<ParsedReminderText, { ok: true }>,
  timezone: string,
  texts: ReminderTexts = loadReminderTexts(),
): Reply {
  const when = formatWhen(parsed.dueAt, timezone, parsed.precision);
  const what = parsed.what || texts.confirm.default_what;
  return {
    kind: 'question',
    text: fillText(parsed.repeat ? texts.confirm.ask_yearly : texts.confirm.ask, { when, what }),
    choices: [
      { label: texts.confirm.yes, value: choiceValue.reminderConfirm(true) },
      { label: texts.confirm.no, value: choiceValue.reminderConfirm(false) },
    ],
  };
}

export function savedReply(
  dueAt: Date,
  what: string,
  durable: boolean,
  timezone: string,
  texts: ReminderTexts = loadReminderTexts(),
): Reply {
  const values = { when: formatWhen(dueAt, timezone), what: what || texts.confirm.default_what };
  return { kind: 'notice', text: fillText(durable ? texts.confirm.saved : texts.confirm.saved_in_process, values) };
}

/** "我的提醒": numbered from 1 in the order of `ReminderService.list`, which "取消提醒 2" refers to. */
export function listReply(entries: ReminderEntry[], timezone: string, texts: ReminderTexts = loadReminderTexts()): Reply {
  if (entries.length === 0) return { kind: 'answer', text: texts.list.empty };
  const lines = entries.map((e, i) =>
    fillText(texts.list.item, { n: i + 1, when: formatWhen(e.dueAt, timezone), what: e.text || texts.confirm.default_what }),
  );
  return { kind: 'answer', text: [texts.list.title, ...lines].join('\n'), after: texts.list.footer };
}

/** Reads "取消提醒 2" / "取消提醒2" / "取消 第2条提醒"; the 1-based number, or null. */
export function parseCancelCommand(text: string): number | null {
  const m = text.normalize('NFKC').match(/取消\s*(?:第\s*)?(?:提醒\s*)?(?:第\s*)?(\d{1,3})\s*(?:条|个)?\s*(?:提醒)?/);
  return m ? Number(m[1]) : null;
}
