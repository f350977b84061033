/**
 * Calendar dates in messages: "2020年", "2019年3月", "2019年3月15日", "2019.3", "2019-03-15", "二〇一九年三月".
 * People rarely know the day a certificate was issued, so a date said with month precision is stored as the first
 * day of that month and a bare year as 1 January: the scoring rules compare by month or year at most, and an
 * earlier day never makes a certificate look newer than it is.
 */
import { parseChineseNumber } from './numbers.js';

export interface DateHit {
  start: number;
  end: number;
  iso: string;
}

const YEAR = '(\\d{4}|[零〇一二三四五六七八九]{4})';
const SMALL = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
const CHINESE_STYLE = new RegExp(`${YEAR}年(?:的?${SMALL}月份?(?:${SMALL}[日号])?)?`, 'gu');
/** "18年5月", "二二年五月": a two-digit year, only with its month (a bare "18年" is a duration). */
const SHORT_YEAR = /(?<![\d零〇一二三四五六七八九])(\d{2}|[零〇一二三四五六七八九]{2})年的?(\d{1,2}|[一二三四五六七八九十]{1,3})月/gu;
const DOTTED = /(?<![\d.])(\d{4})[./-](\d{1,2})(?:[./-](\d{1,2}))?(?![\d])/gu;
const BARE_YEAR = /^(\d{4})年?$/u;

/**
 * Each pattern with a character it cannot match without. Every message is searched for dates and few hold one, so
 * a pattern is only run on text that has its character.
 */
const PATTERNS: Array<{ pattern: RegExp; needs: RegExp }> = [
  { pattern: CHINESE_STYLE, needs: /年/ },
  { pattern: SHORT_YEAR, needs: /年/ },
  { pattern: DOTTED, needs: /[./-]/ },
];

export function findDates(text: string): DateHit[] {
  const hits: DateHit[] = [];
  for (const { pattern, needs } of PATTERNS) {
    if (!needs.test(text)) continue;
    for (const m of text.matchAll(pattern)) {
      const iso = toIso(m[1], m[2], m[3]);
      if (iso && !hits.some((h) => m.index < h.end && h.start < m.index + m[0].length)) {
        hits.push({ start: m.index, end: m.index + m[0].length, iso });
      }
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** A date given as the whole answer to a date question; a bare "2020" counts there. */
export function readDateAnswer(text: string): string | undefined {
  const bare = BARE_YEAR.exec(text);
  if (bare) return toIso(bare[1]);
  return findDates(text)[0]?.iso;
}

/**
 * "二三年", "23年" → 2023; "九八年" → 1998. Said digit by digit ("二三" is not "two or three"). A date a worker tells
 * (an issue, a review, a permit) is not in the future, so a year past the pivot is of the last century.
 */
function twoDigitYear(text: string): number | undefined {
  const tens = parseChineseNumber(text[0]!);
  const ones = parseChineseNumber(text[1]!.replace(/[〇]/u, '零'));
  if (tens === undefined || ones === undefined) return undefined;
  const yy = tens * 10 + ones;
  return yy <= SHORT_YEAR_PIVOT ? 2000 + yy : 1900 + yy;
}

/** Two-digit years up to this one are of this century (short dates are said of the last few decades). */
const SHORT_YEAR_PIVOT = 40;

/** A longer year is said digit by digit too ("二零一九" is 2019), never as a number. */
const YEAR_DIGITS = '零一二三四五六七八九';
function yearNumber(text: string): number | undefined {
  if (text.length === 2) return twoDigitYear(text);
  if (!/^[零〇一二三四五六七八九]+$/.test(text)) return parseChineseNumber(text);
  return Number([...text].map((c) => (c === '〇' ? 0 : YEAR_DIGITS.indexOf(c))).join(''));
}

function toIso(yearText?: string, monthText?: string, dayText?: string): string | undefined {
  const year = yearText === undefined ? undefined : yearNumber(yearText);
  if (year === undefined || year < 1950 || year > 2100) return undefined;
  const month = monthText === undefined ? 1 : parseChineseNumber(monthText);
  const day = dayText === undefined ? 1 : parseChineseNumber(dayText);
  if (month === undefined || day === undefined || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Rejects 2月30日 and month 13: Date would roll them over silently.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}
