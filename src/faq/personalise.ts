/**
 * Fills an entry's personal template from the session's facts. Pure date arithmetic: "today" is a parameter.
 *
 * 特种作业操作证 rules (令第30号, policy/sources-notes.md §3.2): valid 6 years nationwide (Art. 19), reviewed every
 * 3 years (Art. 21), the review applied for within 60 days before it is due (Art. 22). The 6-yearly review after
 * 10 continuous years needs the issuer's consent, so dates are always counted at the 3-year rhythm.
 */
import type { Certificate, Facts } from '../scoring/facts.js';
import type { FaqEntry, PersonalVariable } from './entry.js';

const REVIEW_EVERY_YEARS = 3;
const VALID_YEARS = 6;
const APPLY_DAYS_BEFORE = 60;

const LEVEL_NAMES: Record<number, string> = {
  5: '五级/初级工',
  4: '四级/中级工',
  3: '三级/高级工',
  2: '二级/技师',
  1: '一级/高级技师',
};

function parseDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds whole years; 29 February becomes 28 February in a non-leap year. */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return isoOf(new Date(Date.UTC(y + years, m - 1, Math.min(d, lastDay))));
}

export function addDays(iso: string, days: number): string {
  return isoOf(new Date(parseDate(iso).getTime() + days * 86_400_000));
}

/** 2025-03-01 → 2025年3月1日 */
export function formatDateZh(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface ReviewSchedule {
  issuedOn: string;
  lastReviewOn: string;
  /** 3 years after the last review (or the issue). */
  nextReviewDate: string;
  reviewApplyFrom: string;
  expiryDate: string;
}

/**
 * When the permit's next 复审 is due: 3 years after the last review if known, else after the issue date;
 * undefined when that date has already passed.
 * @example reviewSchedule({ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2022-03-10' }, '2024-06-01')
 *   // → nextReviewDate '2025-03-10', reviewApplyFrom '2025-01-09', expiryDate '2028-03-10'
 */
export function reviewSchedule(permit: Certificate, today: string): ReviewSchedule | undefined {
  if (permit.kind !== 'special_operation' || !permit.issuedOn) return undefined;
  const base = permit.lastReviewOn ?? permit.issuedOn;
  const next = addYears(base, REVIEW_EVERY_YEARS);
  // Already past: either reviewed or renewed since (dates we do not know) or overdue; a confident date would mislead.
  if (next < today) return undefined;
  return {
    issuedOn: permit.issuedOn,
    lastReviewOn: base,
    nextReviewDate: next,
    reviewApplyFrom: addDays(next, -APPLY_DAYS_BEFORE),
    expiryDate: addYears(permit.issuedOn, VALID_YEARS),
  };
}

/** The values the facts allow, as display text; absent when the facts do not tell. */
export function personalValues(facts: Facts, today: string): Partial<Record<PersonalVariable, string>> {
  const values: Partial<Record<PersonalVariable, string>> = {};
  const schedules = (facts.certificates ?? [])
    .map((c) => reviewSchedule(c, today))
    .filter((s): s is ReviewSchedule => s !== undefined)
    .sort((a, b) => a.nextReviewDate.localeCompare(b.nextReviewDate));
  const soonest = schedules[0];
  if (soonest) {
    values.issuedOn = formatDateZh(soonest.issuedOn);
    values.lastReviewOn = formatDateZh(soonest.lastReviewOn);
    values.nextReviewDate = formatDateZh(soonest.nextReviewDate);
    values.reviewApplyFrom = formatDateZh(soonest.reviewApplyFrom);
    values.expiryDate = formatDateZh(soonest.expiryDate);
  }
  const levels = (facts.certificates ?? []).filter((c) => c.kind === 'skill' && c.level).map((c) => c.level!);
  if (levels.length > 0) values.skillLevelName = LEVEL_NAMES[Math.min(...levels)];
  return values;
}

/** The entry's personal text when the facts supply every variable it needs, else undefined. */
export function personaliseAnswer(entry: FaqEntry, facts: Facts | undefined, today: string | undefined): string | undefined {
  if (!entry.personalised || !facts || !today) return undefined;
  const values = personalValues(facts, today);
  if (!entry.personalised.needs.every((v) => values[v] !== undefined)) return undefined;
  return entry.personalised.template.replace(/\{(\w+)\}/g, (_, name: string) => values[name as PersonalVariable]!);
}
