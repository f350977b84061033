/**
 * "When you get there": the first date a not-yet route becomes eligible if nothing but time changes.
 * socialInsuranceYears and occupationYears grow continuously; age grows by one each full year from today
 * (the birthday is not known). Time is stepped to each date a growing fact crosses a whole year or a threshold
 * that the route's conditions set (e.g. 0.5 year of insurance), up to HORIZON_MONTHS.
 */
import { evalCondition } from './conditions.js';
import { addMonths } from './dates.js';
import type { Facts } from './facts.js';
import { scoreIndicator, type ScoreContext } from './indicators.js';
import { evaluateRoute } from './route-evaluation.js';
import type { PointsRouteRule, RouteRule } from './rules-schema.js';
import type { RouteResult } from './result.js';
import type { CityRules, NationalRules, RouteMeta } from './types.js';

export const HORIZON_MONTHS = 40 * 12;

export function reachedOn(
  route: RouteRule,
  meta: RouteMeta,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  today: string,
  now: RouteResult,
): string | null {
  const insurance = meta.growingFacts.includes('socialInsuranceYears') ? facts.socialInsuranceYears : undefined;
  const occupation = meta.growingFacts.includes('occupationYears') ? facts.occupationYears : undefined;
  const age = meta.growingFacts.includes('age') ? facts.age : undefined;
  if (insurance === undefined && occupation === undefined && age === undefined) return null;
  const eligibleAt = statusProbe(route, meta, facts, city, national, now);
  if (!eligibleAt) return null;
  let m = 0;
  const later: Facts = { ...facts };
  while (true) {
    let next = Infinity;
    if (insurance !== undefined) next = Math.min(next, nextCrossing(insurance, m, meta.growthThresholds.socialInsuranceYears));
    if (occupation !== undefined) next = Math.min(next, nextCrossing(occupation, m, meta.growthThresholds.occupationYears));
    if (age !== undefined) next = Math.min(next, (Math.floor(m / 12) + 1) * 12);
    if (next > HORIZON_MONTHS) return null;
    m = next;
    if (insurance !== undefined) later.socialInsuranceYears = insurance + m / 12;
    if (occupation !== undefined) later.occupationYears = occupation + m / 12;
    if (age !== undefined) later.age = age + Math.floor(m / 12);
    if (eligibleAt(later)) return addMonths(today, m);
  }
}

/** A cheap "is it eligible with these facts?" for the route, or null when time cannot change it. */
function statusProbe(
  route: RouteRule,
  meta: RouteMeta,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  now: RouteResult,
): ((later: Facts) => boolean) | null {
  if (route.kind === 'eligibility') return (later) => evalCondition(route.requires, later, null) === true;
  if (route.kind === 'benefit') return (later) => evaluateRoute(route, meta, later, city, national).status === 'eligible';
  if (!route.threshold || meta.growingIndicators.length === 0 && !route.prerequisites) return null;
  // Only the indicators reading a growing fact change: the rest of the total is computed once.
  const ctx: ScoreContext = { city, national, missing: [] };
  const growingMin = (f: Facts) => {
    let sum = 0;
    for (const i of meta.growingIndicators) sum += scoreIndicator(route.indicators[i]!, f, ctx).points.min;
    return sum;
  };
  const staticMin = now.total!.min - growingMin(facts);
  const threshold = route.threshold.value;
  const prerequisites = (route as PointsRouteRule).prerequisites ?? [];
  return (later) => {
    if (staticMin + growingMin(later) < threshold) return false;
    for (const pre of prerequisites) if (evalCondition(pre.when, later, null) !== true) return false;
    return true;
  };
}

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
