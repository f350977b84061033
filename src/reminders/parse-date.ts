/**
 * Understands when a user wants to be reminded: "3个月后提醒我查证书", "2027年3月1日上午9点提醒我报名", "每年3月".
 *
 * chrono-node's zh.hans parser (pinned at 2.10.3) does the parsing. What it misses or gets wrong is first rewritten
 * into a form it handles (see `rewriteForChrono`):
 *   - "两周后"/"2周后"/"3个星期以后"        → "14天后" …  (chrono has no weeks-later in zh)
 *   - "明年3月"/"后年5月1日"/"今年12月"     → "2027年3月" … (chrono drops 明/后 and keeps only "年3月")
 *   - "下个月"/"下月" on its own            → "1个月后";  "下个月5号"/"本月30日" → an absolute date
 *   - "2027/3/1", "2027-3-1", "2027.3.1"    → "2027年3月1日"
 *   - "…之后"/"…以后"                      → "…后"
 * Rules decided here (tested in test/reminders/parse-date.test.ts):
 *   - A date without a time means 09:00 in the user's timezone (precision 'day').
 *   - A month without a day ("明年3月", "每年3月") means the 1st of that month.
 *   - A month/day without a year means its next occurrence that is not before today ("3月1日" on 2026-11-21 → 2027).
 *     Reminders are only ever about the future, so asking "明年的3月1日吗？" would be a question with one answer.
 *   - A clock time 1–6 without 上午/下午/晚上… ("明天3点") is ambiguous: we ask. 7–12 read as written (morning/noon).
 *   - An explicit date or time that has passed → 'past'; one that cannot exist (2月30日, 13月, 25点) → 'impossible'.
 *   - "每年…" repeats yearly; other repeats (每天, 每周, 每月) are not supported and get a question back.
 * chrono computes in the *system* timezone, so it is given a reference whose system-local fields equal the user's
 * wall clock, and the components it returns are read back as wall-clock time in the user's timezone.
 */
import * as chrono from 'chrono-node';
import type { ParsedReminderText } from '../dialog/reminder-port.js';
import { addToIsoDay, DEFAULT_TIME_ZONE, daysInMonth, instantAt, wallClockAt, type WallClock } from '../time/zoned-time.js';

export type { ParsedReminderText, ReminderDateProblem, ReminderDateQuestion } from '../dialog/reminder-port.js';

export interface ParseReminderOptions {
  now: Date;
  /** IANA zone of the user; default Asia/Shanghai. */
  timezone?: string;
}

/** A date without a time is due at this local hour. */
export const DEFAULT_HOUR = 9;
/** Further ahead than this is almost certainly a typo ("2207年"). */
const MAX_YEARS_AHEAD = 10;

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUM = '(\\d{1,4}|[零〇一二两三四五六七八九十]{1,4})';

/** "3", "十二", "二十五", "两" → number; NaN when it is not a number. */
export function parseSmallNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const ten = s.indexOf('十');
  if (ten >= 0) {
    const high = ten === 0 ? 1 : CN_DIGITS[s.slice(0, ten)];
    const lowText = s.slice(ten + 1);
    const low = lowText === '' ? 0 : CN_DIGITS[lowText];
    return high === undefined || low === undefined || s.slice(0, ten).length > 1 || lowText.length > 1 ? NaN : high * 10 + low;
  }
  return s.length === 1 && CN_DIGITS[s] !== undefined ? CN_DIGITS[s] : NaN;
}

const YEARLY = /每年(?:的)?/;
const OTHER_REPEAT = /每(?:天|日|晚|早|周|星期|礼拜|个?月)/;
/** Words that name a time too vaguely to schedule. */
const VAGUE =
  /(下周(?![一二三四五六日天末\d])|下个?星期(?![一二三四五六日天\d])|明年|后年|今年|年底|年初|年中|月底|月初|过几天|过段时间|改天|以后|回头|有空)/;
const MERIDIEM_WORD = /(上午|早上|早晨|凌晨|中午|下午|晚上|傍晚|夜里|今晚|明晚|明早|午)/;

function rewriteForChrono(input: string, today: WallClock): string {
  let s = input;
  s = s.replace(/(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})/g, '$1年$2月$3日');
  s = s.replace(/(天|日|周|星期|礼拜|个?月|年|小时|钟头|分钟|秒钟?)(?:之|以)后/g, '$1后');
  s = s.replace(new RegExp(`${NUM}(?:个)?(?:周|星期|礼拜)后`, 'g'), (m, n: string) => {
    const weeks = parseSmallNumber(n);
    return Number.isFinite(weeks) ? `${weeks * 7}天后` : m;
  });
  s = s.replace(new RegExp(`(今年|明年|后年)(?=${NUM}月)`, 'g'), (_m, word: string) => {
    const add = word === '今年' ? 0 : word === '明年' ? 1 : 2;
    return `${today.year + add}年`;
  });
  s = s.replace(new RegExp(`(下个?月|本月|这个?月)${NUM}[日号]`, 'g'), (m, word: string, n: string) => {
    const day = parseSmallNumber(n);
    if (!Number.isFinite(day)) return m;
    const next = word.startsWith('下');
    const month = next ? (today.month % 12) + 1 : today.month;
    const year = next && today.month === 12 ? today.year + 1 : today.year;
    return `${year}年${month}月${day}日`;
  });
  s = s.replace(/下个?月(?![\d零〇一二两三四五六七八九十初底中])/g, '1个月后');
  return s;
}

/** Explicit dates and times that cannot exist: "2月30日", "13月", "25点"; the impossible phrase, or null. */
function impossibleDate(s: string, today: WallClock): string | null {
  for (const m of s.matchAll(new RegExp(`(?:(\\d{4})年)?${NUM}月(?:${NUM}[日号])?`, 'g'))) {
    const month = parseSmallNumber(m[2]!);
    if (!(month >= 1 && month <= 12)) return m[0];
    if (m[3] === undefined) continue;
    const day = parseSmallNumber(m[3]);
    // Without a year the date is its next occurrence (see the header), so 2月29日 is checked against that year.
    const upcoming = month * 100 + day >= today.month * 100 + today.day ? today.year : today.year + 1;
    const year = m[1] ? Number(m[1]) : upcoming;
    if (!(day >= 1 && day <= daysInMonth(year, month))) return m[0];
  }
  for (const m of s.matchAll(new RegExp(`${NUM}(?:点|时(?!候)|:(\\d{1,2}))`, 'g'))) {
    if (/小时|钟头/.test(s.slice(Math.max(0, (m.index ?? 0) - 1), (m.index ?? 0) + m[0].length + 1))) continue;
    const hour = parseSmallNumber(m[1]!);
    if (hour > 24) return m[0];
    if (m[2] !== undefined && Number(m[2]) > 59) return m[0];
  }
  return null;
}

function describeWhat(text: string, dateText: string): string {
  return (
    text
      // "6月份提醒我报名": the date reader takes 6月, its 份 belongs to the date too, not to what is reminded.
      .replace(new RegExp(`${escapeForPattern(dateText)}(?:份|底|初|中旬|上旬|下旬)?`), ' ')
      .replace(/(请|麻烦)?(你)?(到时候?|届时)?(提醒一下|提醒|叫|通知|告诉|喊)(我|一下)?/g, ' ')
      .replace(/^[\s，,。.:：、的在]+|[\s，,。.!！?？、的]+$/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parses a reminder request in the user's timezone.
 *
 * @example
 * parseReminderText('3个月后提醒我查证书', { now: new Date('2026-11-21T10:00:00+08:00') })
 * // → { ok: true, dueAt: 2027-02-21T09:00+08:00, what: '查证书', precision: 'day' }
 */
export function parseReminderText(text: string, options: ParseReminderOptions): ParsedReminderText {
  const timezone = options.timezone ?? DEFAULT_TIME_ZONE;
  const now = options.now;
  const today = wallClockAt(now, timezone);
  let s = text.normalize('NFKC').trim();

  let repeat: 'yearly' | undefined;
  if (YEARLY.test(s)) {
    repeat = 'yearly';
    s = s.replace(YEARLY, '');
  } else if (OTHER_REPEAT.test(s)) {
    return { ok: false, problem: 'ambiguous', question: 'ask_repeat' };
  }

  const rewritten = rewriteForChrono(s, today);
  const impossible = impossibleDate(rewritten, today);
  if (impossible !== null) return { ok: false, problem: 'impossible', question: 'ask_valid_date' };

  // A Date whose system-local fields read the user's wall clock (see the file header).
  const reference = new Date(today.year, today.month - 1, today.day, today.hour, today.minute, today.second);
  const found = chrono.zh.hans.parse(rewritten, reference, { forwardDate: true })[0];
  if (!found) {
    return VAGUE.test(s)
      ? { ok: false, problem: 'ambiguous', question: 'ask_which_day' }
      : { ok: false, problem: 'none', question: 'ask_date' };
  }
  const c = found.start;
  const wall: WallClock = {
    year: c.get('year') ?? today.year,
    month: c.get('month') ?? today.month,
    day: c.get('day') ?? today.day,
    hour: DEFAULT_HOUR,
    minute: 0,
    second: 0,
  };
  if (c.isCertain('month') && !c.isCertain('day') && !c.isCertain('weekday')) wall.day = 1;

  let precision: 'day' | 'time' = 'day';
  if (c.isCertain('hour')) {
    const isClockTime = /[点时:]/.test(found.text) && !/小时|钟头|分钟/.test(found.text);
    const hour = c.get('hour') ?? DEFAULT_HOUR;
    if (isClockTime && !c.isCertain('meridiem') && !MERIDIEM_WORD.test(found.text) && hour >= 1 && hour <= 6) {
      return { ok: false, problem: 'ambiguous', question: 'ask_meridiem' };
    }
    precision = 'time';
    wall.hour = hour;
    wall.minute = c.get('minute') ?? 0;
    wall.second = c.isCertain('second') ? (c.get('second') ?? 0) : 0;
  }

  // A date named without a year is its next occurrence not before today.
  const dayOf = (w: WallClock) => w.year * 10_000 + w.month * 100 + w.day;
  if ((repeat || !c.isCertain('year')) && c.isCertain('month') && dayOf(wall) < dayOf(today)) {
    const next = addToIsoDay(`${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`, { years: 1 });
    wall.year = Number(next.slice(0, 4));
    wall.day = Number(next.slice(8, 10));
  }
  let dueAt = instantAt(wall, timezone);
  if (repeat && dueAt.getTime() <= now.getTime()) dueAt = instantAt({ ...wall, year: wall.year + 1 }, timezone);

  if (dueAt.getTime() <= now.getTime()) return { ok: false, problem: 'past', question: 'ask_future' };
  if (wall.year > today.year + MAX_YEARS_AHEAD) return { ok: false, problem: 'impossible', question: 'ask_too_far' };

  const what = describeWhat(rewritten, found.text);
  return repeat ? { ok: true, dueAt, what, repeat, precision } : { ok: true, dueAt, what, precision };
}

/**
 * What a reminder request is about, without its date words, even when the date could not be used: kept while the
 * dialog asks for a better date ("2025年3月1日提醒我报名" → "报名"). Pure.
 *
 * @example reminderSubject('2月30日提醒我报名', { now }) // → '报名'
 */
export function reminderSubject(text: string, options: ParseReminderOptions): string {
  const today = wallClockAt(options.now, options.timezone ?? DEFAULT_TIME_ZONE);
  let s = rewriteForChrono(text.normalize('NFKC').trim().replace(YEARLY, '').replace(OTHER_REPEAT, ''), today);
  const impossible = impossibleDate(s, today);
  if (impossible !== null) s = s.replace(impossible, ' ');
  const reference = new Date(today.year, today.month - 1, today.day, today.hour, today.minute, today.second);
  for (const found of chrono.zh.hans.parse(s, reference)) s = s.replace(found.text, ' ');
  return describeWhat(s.replace(VAGUE, ' '), '');
}
