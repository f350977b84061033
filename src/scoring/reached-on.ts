/**
 * "When you get there": the first date a not-yet route becomes eligible if nothing but time changes.
 * Durations (insurance, work, residence, housing years; months of unbroken insurance) grow continuously; age grows
 * by one each full year from today (the birthday is not known). Time is stepped to each date a growing fact crosses
 * a whole year or a threshold
 * that the route's conditions set (e.g. 0.5 year of insurance), up to HORIZON_MONTHS: between those dates no
 * indicator or condition can change, so no other date needs checking.
 *
 * A points route is re-scored only in its indicators that read a growing fact, on top of the rest of its total
 * (computed once): the status probe. `reference` re-evaluates the whole route at each step instead (property test).
 */
import { compileCondition, evalCondition, type CompiledCondition } from './conditions.js';
import { addMonths } from './dates.js';
import type { Facts } from './facts.js';
import { routeScorers, type ScoreContext, type Scorer } from './indicators.js';
import { evaluateRoute } from './route-evaluation.js';
import type { Condition, PointsRouteRule, RouteRule } from './rules-schema.js';
import type { RouteResult } from './result.js';
import { GROWTH_PER_YEAR } from './rules-parse.js';
import type { CityRules, NationalRules, RouteMeta } from './types.js';
import { memoPerObject } from '../cache/memo-per-object.js';

export const HORIZON_MONTHS = 40 * 12;

export interface Projection {
  date: string | null;
  /** With date null: why waiting does not get there (RouteResult.notByWaiting). */
  notByWaiting?: NonNullable<RouteResult['notByWaiting']>;
}

const NEVER: Projection = Object.freeze({ date: null }) as Projection;

/**
 * The first date the route is reached by time alone, while the applicant is within the route's age limit and below
 * the retirement age (an age that is not known sets no limit): past them no waiting helps.
 */
export function reachedOn(
  route: RouteRule,
  meta: RouteMeta,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  today: string,
  now: RouteResult,
  reference = false,
): Projection {
  let horizon = HORIZON_MONTHS;
  let limit: 'route_age_limit' | 'retirement_age' | undefined;
  let limitAge: number | undefined;
  if (facts.age !== undefined) {
    // Below the retirement age: the last month at age retirementAge − 1. Within the route's limit: up to age atMost.
    const retireAt = facts.sex === 'female' ? national.workingLife.retirementAgeFemale : national.workingLife.retirementAge;
    const retirement = (retireAt - facts.age) * 12 - 1;
    const routeLimit = route.ageLimit ? (route.ageLimit.atMost - facts.age + 1) * 12 - 1 : Infinity;
    if (routeLimit < retirement && routeLimit < horizon) {
      horizon = routeLimit;
      limit = 'route_age_limit';
      limitAge = route.ageLimit!.atMost;
    } else if (retirement < horizon) {
      horizon = retirement;
      limit = 'retirement_age';
      limitAge = retireAt;
    }
    if (horizon < 0) return { date: null, notByWaiting: stopAt(limit!, limitAge!, route, national) };
  }
  const date = reachedWithin(route, meta, facts, city, national, today, now, reference, horizon);
  if (date !== null) return { date };
  if (limit === undefined) return NEVER;
  const notByWaiting = stopAt(limit, limitAge!, route, national);
  if (losesWithAge(route, meta, facts, city, national)) notByWaiting.losing = true;
  return { date: null, notByWaiting };
}

function stopAt(
  limit: 'route_age_limit' | 'retirement_age',
  age: number,
  route: RouteRule,
  national: NationalRules,
): NonNullable<RouteResult['notByWaiting']> {
  const note = limit === 'route_age_limit' ? route.ageLimit!.text : national.workingLife.note;
  return { age, limit, note };
}

/**
 * Points lost to age outpace what time adds: a year from now the route's total is lower than today (Shanghai's age
 * points fall by 2 a year from 44 while insurance adds 3; at 60 the 5 age points go at once).
 */
function losesWithAge(route: RouteRule, meta: RouteMeta, facts: Facts, city: CityRules, national: NationalRules): boolean {
  if (route.kind !== 'points' || facts.age === undefined || !meta.growingFacts.includes('age')) return false;
  const later: Facts = Object.assign({}, facts);
  later.age = facts.age + 1;
  if (facts.socialInsuranceYears !== undefined) later.socialInsuranceYears = facts.socialInsuranceYears + 1;
  if (facts.occupationYears !== undefined) later.occupationYears = facts.occupationYears + 1;
  // Only the indicators that read a growing fact change with time: compare those.
  const ctx: ScoreContext = { city, national, missing: [] };
  let change = 0;
  const scorers = routeScorers(route);
  for (const i of meta.growingIndicators) {
    const score = scorers[i]!;
    change += score(later, ctx).max - score(facts, ctx).max;
  }
  return change < 0;
}

function reachedWithin(
  route: RouteRule,
  meta: RouteMeta,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  today: string,
  now: RouteResult,
  reference: boolean,
  horizon: number,
): string | null {
  const durations: Duration[] = [];
  for (const fact of meta.growingFacts) {
    if (fact === 'age') continue;
    const value = (facts as Record<string, unknown>)[fact] as number | undefined;
    if (value === undefined) continue;
    const perYear = GROWTH_PER_YEAR[fact as keyof typeof GROWTH_PER_YEAR];
    const thresholds = meta.growthThresholds[fact];
    durations.push({ fact, value, perYear, years: value / perYear, thresholds: thresholds?.map((t) => t / perYear) });
  }
  const age = meta.growingFacts.includes('age') ? facts.age : undefined;
  if (durations.length === 0 && age === undefined) return null;
  if (!reference && timeCannotHelp(route, facts, now)) return null;
  if (!reference && route.kind === 'points' && meta.growingIndicators.length === 0 && !route.prerequisites) return null;
  const probe = reference ? undefined : pointsProbe(route, meta, facts, city, national, now);
  // Object.assign, not a spread: see withCertificate in next-certificate.ts.
  const later: Facts = Object.assign({}, facts);
  const laterValues = later as Record<string, unknown>;
  const n = durations.length;
  let m = 0;
  while (true) {
    let next = Infinity;
    for (let i = 0; i < n; i++) {
      const d = durations[i]!;
      const crossing = nextCrossing(d.years, m, d.thresholds);
      if (crossing < next) next = crossing;
    }
    if (age !== undefined) next = Math.min(next, (Math.floor(m / 12) + 1) * 12);
    if (next > horizon) return null;
    m = next;
    for (let i = 0; i < n; i++) {
      const d = durations[i]!;
      laterValues[d.fact] = d.value + (m * d.perYear) / 12;
    }
    if (age !== undefined) later.age = age + Math.floor(m / 12);
    const eligible = probe ? probeEligible(probe, later) : isEligible(route, meta, later, city, national);
    if (eligible) return addMonths(today, m);
  }
}

/**
 * Whether no amount of waiting can reach the route, known without stepping through 40 years: a benefit that lacks a
 * qualifying certificate (certificates do not change with time), or a condition (the eligibility rule, a
 * prerequisite, a benefit's requirement) that is not true even in the best case the horizon allows: every fact that
 * time helps at its value 40 years on, every fact that time hurts (an age limit) at today's. The three-valued logic is
 * monotone, so if that best case is not true, no date within the horizon is.
 */
function timeCannotHelp(route: RouteRule, facts: Facts, now: RouteResult): boolean {
  if (route.kind === 'benefit') {
    if (route.amount && now.amount?.max === 0 && !now.missing?.some((m) => m.startsWith('certificates'))) return true;
    return route.requires !== undefined && !trueAtBest(route.requires, facts);
  }
  if (route.kind === 'eligibility') return !trueAtBest(route.requires, facts);
  for (const pre of route.prerequisites ?? []) if (!trueAtBest(pre.when, facts)) return true;
  return false;
}

function trueAtBest(c: Condition, facts: Facts): boolean {
  const helped = helpedByTime(c);
  // A growing fact bounded both ways (at least 18 and at most 35): no single best case, so never cut short.
  if (helped === null) return true;
  if (helped.length === 0) return evalCondition(c, facts, null) === true;
  const best: Record<string, unknown> = Object.assign({}, facts);
  for (const fact of helped) {
    const value = best[fact] as number | undefined;
    if (value !== undefined) best[fact] = value + (HORIZON_MONTHS / 12) * GROWTH_PER_YEAR[fact as keyof typeof GROWTH_PER_YEAR];
  }
  return evalCondition(c, best as Facts, null) === true;
}

const helpedMemo = new WeakMap<Condition, string[] | null>();

/**
 * The growing facts a condition reads in a way that time helps (atLeast, or atMost under a `not`); null when one is
 * also read the other way.
 */
function helpedByTime(c: Condition): string[] | null {
  let helped = helpedMemo.get(c);
  if (helped === undefined) {
    const rising = new Set<string>();
    const falling = new Set<string>();
    collectDirections(c, false, rising, falling);
    helped = [...rising].some((f) => falling.has(f)) ? null : [...rising];
    helpedMemo.set(c, helped);
  }
  return helped;
}

function collectDirections(c: Condition, negated: boolean, rising: Set<string>, falling: Set<string>): void {
  if ('all' in c) for (const x of c.all) collectDirections(x, negated, rising, falling);
  else if ('any' in c) for (const x of c.any) collectDirections(x, negated, rising, falling);
  else if ('not' in c) collectDirections(c.not, !negated, rising, falling);
  else if ('fact' in c && c.fact in GROWTH_PER_YEAR) {
    if ('atLeast' in c && c.atLeast !== undefined) (negated ? falling : rising).add(c.fact);
    if ('atMost' in c && c.atMost !== undefined) (negated ? rising : falling).add(c.fact);
  }
}

/** A fact that grows with time, as reachedOn steps it: its value today and the thresholds, both in years. */
interface Duration {
  fact: string;
  value: number;
  perYear: number;
  years: number;
  thresholds: number[] | undefined;
}

/**
 * The score a points route is reached at: its threshold; for a ranked route the score needed to apply. A route with
 * neither (ranked without a minimum, or no threshold found) is reached when its prerequisites are met: from then on
 * it is no longer "not yet" (the date one may apply).
 */
function targetScore(route: PointsRouteRule): number {
  if (route.ranking) return route.ranking.minimumToApply?.value ?? -Infinity;
  return route.threshold?.value ?? -Infinity;
}

/** Reached: eligible, or for a ranked route (never eligible) no longer below what is needed to apply. */
function isEligible(route: RouteRule, meta: RouteMeta, later: Facts, city: CityRules, national: NationalRules): boolean {
  if (route.kind === 'eligibility') return evalCondition(route.requires, later, null) === true;
  const r = evaluateRoute(route, meta, later, city, national, false);
  if (route.kind !== 'points' || route.threshold) return r.status === 'eligible';
  if (r.vetoed || r.total!.min < targetScore(route)) return false;
  for (const pre of route.prerequisites ?? []) if (evalCondition(pre.when, later, null) !== true) return false;
  return true;
}

/** A points route's total without its growing indicators (they are re-scored at each step). */
interface PointsProbe {
  staticMin: number;
  growing: Scorer[];
  threshold: number;
  ctx: ScoreContext;
  /** The route's prerequisites, compiled (checked at every step). */
  prerequisites: CompiledCondition[];
}

function pointsProbe(
  route: RouteRule,
  meta: RouteMeta,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  now: RouteResult,
): PointsProbe | undefined {
  if (route.kind !== 'points') return undefined;
  const target = targetScore(route);
  const ctx: ScoreContext = { city, national, missing: [] };
  const scorers = routeScorers(route);
  const growing = meta.growingIndicators.map((i) => scorers[i]!);
  const probe: PointsProbe = { staticMin: 0, growing, threshold: target, ctx, prerequisites: compiledPrerequisites(route) };
  probe.staticMin = now.total!.min - growingMin(probe, facts);
  return probe;
}

function growingMin(probe: PointsProbe, facts: Facts): number {
  let sum = 0;
  const { growing, ctx } = probe;
  for (let i = 0; i < growing.length; i++) sum += growing[i]!(facts, ctx).min;
  if (ctx.missing.length > 0) ctx.missing.length = 0; // missing facts do not matter here: the probe needs only the total
  return sum;
}

/** Eligible = not vetoed (time does not lift a veto: reachedOn is not asked for vetoed routes), total ≥ threshold, prerequisites true. */
function probeEligible(probe: PointsProbe, later: Facts): boolean {
  if (probe.staticMin + growingMin(probe, later) < probe.threshold) return false;
  const { prerequisites } = probe;
  for (let i = 0; i < prerequisites.length; i++) if (prerequisites[i]!(later, null) !== true) return false;
  return true;
}

const compiledPrerequisites: (route: PointsRouteRule) => CompiledCondition[] = memoPerObject((route: PointsRouteRule) =>
  (route.prerequisites ?? []).map((pre) => compileCondition(pre.when)),
);

/** Months from now of the next time `years + months/12` reaches a whole year or a threshold, after `after` months. */
function nextCrossing(years: number, after: number, thresholds: number[] | undefined): number {
  const now = years + after / 12;
  let best = Math.ceil((Math.floor(now + 1e-9) + 1 - years) * 12 - 1e-9);
  if (thresholds) {
    for (const t of thresholds) {
      if (t > now + 1e-9) {
        const x = Math.ceil((t - years) * 12 - 1e-9);
        if (x > after && x < best) best = x;
      }
    }
  }
  return best;
}
