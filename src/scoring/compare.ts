/** compareCities(): the same facts in every city, ranked by how close the applicant is to settling there. */
import { factsForCity, type FactScope } from './city-scope.js';
import { evaluateWith } from './evaluate.js';
import type { SitDateCache } from './next-certificate.js';
import type { Facts } from './facts.js';
import type { CityComparison, EvaluationResult, RouteResult } from './result.js';
import type { RulesRegistry } from './types.js';

/**
 * @param scope whose city-scoped facts are which (city-scope.ts): without it the facts are taken to hold in every
 *   city (the CLI's --all); with it, another city is evaluated without the scope city's insurance years, contract,
 *   residence … (unknown there, listed as missing), or with its own where they were given for it.
 */
export function compareCities(facts: Facts, registry: RulesRegistry, today: string, scope?: FactScope): CityComparison {
  // Sit dates depend on the facts and today, not on the city (nor on city-scoped facts): computed once for all cities.
  const sitDates: SitDateCache = new Map();
  const rows = registry.cities.map((city) => {
    const cityFacts = scope ? factsForCity(facts, scope, city.id) : facts;
    const result = evaluateWith(cityFacts, city, today, registry.national, sitDates);
    return { city: result.city, closeness: closeness(result), benefits: eligibleBenefits(result), result };
  });
  rows.sort((a, b) => b.closeness - a.closeness || b.benefits - a.benefits || a.city.id.localeCompare(b.city.id));
  return { today, cities: rows.map((row, i) => ({ city: row.city, rank: i + 1, closeness: row.closeness, result: row.result })) };
}

/**
 * 0…1, the best of the city's main routes (benefits and supplementary estimates do not count):
 * eligible 1; a points route total/threshold (at most 0.95 while not reached); an eligibility route that time
 * alone will open 0.6, less 0.01 a year of waiting; unknown 0.5 (eligibility) or 0.3 (a points route with no
 * known threshold); not yet 0.2; a ranked route as rankedCloseness says.
 */
export function closeness(result: EvaluationResult): number {
  let best = 0;
  for (const r of result.routes) {
    if (r.kind === 'benefit' || r.supplementary) continue;
    best = Math.max(best, routeCloseness(r, result.today));
  }
  return Math.round(best * 1000) / 1000;
}

function routeCloseness(r: RouteResult, today: string): number {
  if (r.status === 'eligible') return 1;
  if (r.vetoed) return 0;
  if (r.ranked) return rankedCloseness(r);
  if (r.kind === 'points' && r.threshold && r.total) {
    return Math.min(0.95, Math.max(0, (r.total.min + r.total.max) / 2 / r.threshold));
  }
  if (r.status === 'unknown') return r.kind === 'points' ? 0.3 : 0.5;
  if (r.reachedOn) {
    const years = Number(r.reachedOn.slice(0, 4)) - Number(today.slice(0, 4));
    return Math.max(0.21, 0.6 - years / 100);
  }
  return 0.2;
}

/**
 * A ranked route is never eligible: reaching the score needed to apply counts as an open question (0.5), below it
 * half its share of that score; with no score to apply given, as a points route without a threshold (0.3).
 */
function rankedCloseness(r: RouteResult): number {
  if (r.status === 'not_yet' && r.minimumToApply && r.total) {
    return Math.min(0.45, Math.max(0, (r.total.min + r.total.max) / 4 / r.minimumToApply));
  }
  if (r.status === 'not_yet') return 0.2;
  return r.minimumToApply ? 0.5 : 0.3;
}

function eligibleBenefits(result: EvaluationResult): number {
  return result.routes.filter((r) => r.kind === 'benefit' && r.status === 'eligible').length;
}
