/**
 * Fills an entry's personal template from the session's facts. Pure date arithmetic: "today" is a parameter.
 *
 * The 特种作业操作证 dates come from scoring's `permitSchedule`, i.e. from rules/national/special-operation.yaml
 * (令第30号: valid 6 years, reviewed every 3, applied for within 60 days before), so a rule change reaches the FAQ too.
 */
import type { Certificate, Facts } from '../scoring/facts.js';
import { type CityRules, permitSchedule, type NationalRules } from '../scoring/index.js';
import { formatZhDate } from '../text/template.js';
import { type FaqEntry, PERSONAL_VARIABLES, type PersonalVariable, TEMPLATE_VARIABLE } from './entry.js';
import { type AssumableCondition, type OwnFigures, ownFigures } from './own-figures.js';

const PERSONAL_VARIABLE_NAMES: ReadonlySet<string> = new Set(PERSONAL_VARIABLES);

const LEVEL_NAMES: Record<number, string> = {
  5: '五级/初级工',
  4: '四级/中级工',
  3: '三级/高级工',
  2: '二级/技师',
  1: '一级/高级技师',
};

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
 * @example reviewSchedule({ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2022-03-10' }, '2024-06-01', national)
 *   // → nextReviewDate '2025-03-10', reviewApplyFrom '2025-01-09', expiryDate '2028-03-10'
 */
export function reviewSchedule(permit: Certificate, today: string, national: NationalRules): ReviewSchedule | undefined {
  const schedule = permitSchedule(permit, national);
  // Already past: either reviewed or renewed since (dates we do not know) or overdue; a confident date would mislead.
  if (!schedule || schedule.reviewDueOn < today) return undefined;
  return {
    issuedOn: permit.issuedOn!,
    lastReviewOn: permit.lastReviewOn ?? permit.issuedOn!,
    nextReviewDate: schedule.reviewDueOn,
    reviewApplyFrom: schedule.applyFrom,
    expiryDate: schedule.expiresOn,
  };
}

/** The values the facts allow, as display text; absent when the facts do not tell. */
export function personalValues(
  facts: Facts,
  today: string,
  national: NationalRules | undefined,
): Partial<Record<PersonalVariable, string>> {
  const values: Partial<Record<PersonalVariable, string>> = {};
  const schedules = (national ? (facts.certificates ?? []) : [])
    .map((c) => reviewSchedule(c, today, national!))
    .filter((s): s is ReviewSchedule => s !== undefined)
    .sort((a, b) => a.nextReviewDate.localeCompare(b.nextReviewDate));
  const soonest = schedules[0];
  if (soonest) {
    values.issuedOn = formatZhDate(soonest.issuedOn);
    values.lastReviewOn = formatZhDate(soonest.lastReviewOn);
    values.nextReviewDate = formatZhDate(soonest.nextReviewDate);
    values.reviewApplyFrom = formatZhDate(soonest.reviewApplyFrom);
    values.expiryDate = formatZhDate(soonest.expiryDate);
  }
  // A permit whose review date has passed still has its issue and expiry dates ("我这证什么时候到期").
  const permit = national && !soonest ? (facts.certificates ?? []).find((c) => c.kind === 'special_operation' && c.issuedOn) : undefined;
  const past = permit ? permitSchedule(permit, national!) : undefined;
  if (permit && past) {
    values.issuedOn = formatZhDate(permit.issuedOn!);
    values.expiryDate = formatZhDate(past.expiresOn);
  }
  const levels = (facts.certificates ?? []).filter((c) => c.kind === 'skill' && c.level).map((c) => c.level!);
  if (levels.length > 0) values.skillLevelName = LEVEL_NAMES[Math.min(...levels)];
  return values;
}

/** What personalising needs besides the entry: the session's facts and city, and the rules behind them. */
export interface PersonalContext {
  facts?: Facts;
  today?: string;
  /** The session's city (rules id): the user's own figures are computed only for an entry about that city. */
  cityId?: string;
  national?: NationalRules;
  cityRules?: (id: string) => CityRules | undefined;
}

export interface PersonalText {
  text: string;
  /** Conditions the user has not stated that the text's own figures take as holding. */
  assumed: AssumableCondition[];
}

/**
 * The user's figures in the session's city, for an entry about that city alone or about no city in particular
 * ("我现在有多少分"); never for an entry about another city.
 */
function ownFor(entry: FaqEntry, context: PersonalContext): OwnFigures | undefined {
  const cities = entry.scope?.cities;
  const city = context.cityId;
  if (city === undefined || !context.national) return undefined;
  if (cities && (cities.length !== 1 || cities[0] !== city)) return undefined;
  const rules = context.cityRules?.(city);
  return rules ? ownFigures(context.facts!, rules, context.national, context.today!) : undefined;
}

/** The entry's first personal text whose variables the facts all give, else undefined. */
export function personaliseAnswer(entry: FaqEntry, context: PersonalContext): PersonalText | undefined {
  const { facts, today } = context;
  if (!entry.personalised || !facts || !today) return undefined;
  const values = new Map<string, string>(Object.entries(personalValues(facts, today, context.national)));
  values.set('answer', entry.answer);
  const needsOwn = entry.personalised.some((p) => p.needs.some((v) => !PERSONAL_VARIABLE_NAMES.has(v) && v !== 'answer'));
  const own = needsOwn ? ownFor(entry, context) : undefined;
  for (const [name, value] of own?.values ?? []) values.set(name, value);
  const chosen = entry.personalised.find((p) => p.needs.every((v) => values.has(v)));
  if (!chosen) return undefined;
  const text = chosen.template.replace(TEMPLATE_VARIABLE, (_, name: string) => values.get(name)!);
  const assumed = own && chosen.needs.some((v) => own.dependsOnAssumption.has(v)) ? own.assumed : [];
  return { text, assumed };
}
