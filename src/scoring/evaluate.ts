/** evaluate(): one city's routes for one set of facts, with "when you get there" and the next certificate. Pure. */
import { candidateRoutes, referenceCandidateRoutes } from './candidate-routes.js';
import type { Facts } from './facts.js';
import { nextCertificates, type SitDateCache } from './next-certificate.js';
import { permitStatuses, type PermitStatus } from './national.js';
import { planFor } from './plan.js';
import { reachedOn } from './reached-on.js';
import { evaluateRoute } from './route-evaluation.js';
import type { EvaluationResult, RouteResult } from './result.js';
import type { CityRules, NationalRules } from './types.js';

/**
 * Evaluates every route of `city` for validated `facts` (see validateFacts) as of `today` (YYYY-MM-DD).
 * @example evaluate({ age: 32, education: 'bachelor_degree', socialInsuranceYears: 5 }, rules.byId('shanghai')!, '2025-06-01', rules.national)
 */
export function evaluate(facts: Facts, city: CityRules, today: string, national: NationalRules): EvaluationResult {
  return evaluateWith(facts, city, today, national, new Map());
}

/** evaluate() with a sit-date cache that the caller may share between cities (sit dates do not depend on the city). */
export function evaluateWith(
  facts: Facts,
  city: CityRules,
  today: string,
  national: NationalRules,
  sitDates: SitDateCache,
): EvaluationResult {
  const plan = planFor(city);
  const routes = evaluateRoutes(facts, city, national);
  addReachedOn(routes, facts, city, national, today, false);
  return result(
    city,
    today,
    routes,
    nextCertificates(facts, city, national, today, routes, plan, candidateRoutes(facts, city, national, routes, plan), sitDates),
    permitStatuses(facts, today, national),
  );
}

/**
 * The straightforward evaluation, without the shortcuts (every route re-evaluated in full for each candidate and
 * each reachedOn step, no shared caches). Not for production: the property test checks evaluate() against it.
 */
export function evaluateReference(facts: Facts, city: CityRules, today: string, national: NationalRules): EvaluationResult {
  const plan = planFor(city);
  const routes = evaluateRoutes(facts, city, national);
  addReachedOn(routes, facts, city, national, today, true);
  return result(
    city,
    today,
    routes,
    nextCertificates(facts, city, national, today, routes, plan, referenceCandidateRoutes(city, national), new Map()),
    permitStatuses(facts, today, national),
  );
}

/** The routes alone: no reachedOn, no recommendations. */
export function evaluateRoutes(facts: Facts, city: CityRules, national: NationalRules): RouteResult[] {
  const out: RouteResult[] = new Array(city.routes.length);
  for (let i = 0; i < city.routes.length; i++) out[i] = evaluateRoute(city.routes[i]!, city.meta[i]!, facts, city, national);
  return out;
}

function addReachedOn(
  routes: RouteResult[],
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  today: string,
  reference: boolean,
): void {
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    if (r.status === 'not_yet' && !r.vetoed) {
      const projection = reachedOn(city.routes[i]!, city.meta[i]!, facts, city, national, today, r, reference);
      r.reachedOn = projection.date;
      if (projection.notByWaiting) r.notByWaiting = projection.notByWaiting;
    }
  }
}

function result(
  city: CityRules,
  today: string,
  routes: RouteResult[],
  next: EvaluationResult['next'],
  permits: PermitStatus[],
): EvaluationResult {
  const out: EvaluationResult = {
    city: { id: city.id, name: city.name },
    today,
    routes,
    next,
    hasEstimates: routes.some((r) => r.certainty === 'estimated' || r.items?.some((item) => item.certainty === 'estimated')),
  };
  if (permits.length > 0) out.permits = permits;
  return out;
}
