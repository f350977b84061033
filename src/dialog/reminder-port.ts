/**
 * Reminders seen from the dialog: the words it keeps in the state (kinds, date questions) and the port it reads dates
 * and words replies with. src/reminders implements the port (`reminderDialog`), so date parsing (chrono-node) stays
 * out of the pure dialog.
 */
import type { Reply } from '../contract/index.js';
import type { Certificate, Facts } from '../scoring/facts.js';
import type { PermitSchedule } from '../scoring/index.js';
import type { EvaluationResult } from '../scoring/result.js';

export const REMINDER_KINDS = ['custom', 'review', 'sit_exam', 'verify_online', 'window', 'threshold'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
/** The kinds the bot offers by itself (after a result); `custom` is the user's own. */
export type OfferableReminderKind = Exclude<ReminderKind, 'custom'>;

/** Keys of `date_questions` in dialogs/reminders.yaml. */
export type ReminderDateQuestion =
  | 'ask_date'
  | 'ask_future'
  | 'ask_valid_date'
  | 'ask_which_day'
  | 'ask_meridiem'
  | 'ask_repeat'
  | 'ask_too_far';

export type ReminderDateProblem = 'past' | 'impossible' | 'ambiguous' | 'none';

export type ParsedReminderText =
  | { ok: true; dueAt: Date; what: string; repeat?: 'yearly'; precision: 'day' | 'time' }
  | { ok: false; problem: ReminderDateProblem; question: ReminderDateQuestion };

export interface ReminderOffer {
  kind: ReminderKind;
  /** YYYY-MM-DD, in the user's timezone; the reminder fires at 09:00 that day. */
  dueAt: string;
  label: string;
}

/** The parts of dialogs/reminders.yaml the dialog itself words replies with. */
export interface ReminderDialogTexts {
  offers: { title: string };
  dialog: {
    offers_none: string;
    own_time_hint: string;
    declined: string;
    offer_gone: string;
    what: Record<OfferableReminderKind, string>;
    topics: Record<OfferableReminderKind, string[]>;
    yes_words: string[];
    no_words: string[];
    meridiem_words: string[];
  };
}

export interface ReminderDialogContext {
  readonly texts: ReminderDialogTexts;
  /** The users' IANA zone: "下午3点" is read in it. */
  readonly timezone: string;
  /** Reads the date of "3个月后提醒我查证书" as of `now` (ms since epoch). */
  read(text: string, now: number): ParsedReminderText;
  /** What the reminder is about, without the date words ("查证书"). */
  subject(text: string, now: number): string;
  /** The reminders worth setting after this result. */
  offers(
    result: EvaluationResult,
    facts: Facts,
    today: string,
    schedule: (permit: Certificate) => PermitSchedule | undefined,
  ): ReminderOffer[];
  /** "我理解的是：… 确认保存吗？" with the 确认 / 不用了 choices. */
  confirmReply(reminder: Extract<ParsedReminderText, { ok: true }>): Reply;
  dateQuestionReply(question: ReminderDateQuestion): Reply;
}
