/** evaluate(): one city's routes for one set of facts, with "when you get there" and the next certificate. Pure. */
import type { Facts } from './facts.js';
import { nextCertificates } from './next-certificate.js';
import { reachedOn } from './reached-on.js';
import { evaluateRoute } from './route-evaluation.js';
import type { EvaluationResult, RouteResult } from './result.js';
import type { CityRules, NationalRules } from './types.js';

/**
 * Evaluates every route of `city` for validated `facts` (see validateFacts) as of `today` (YYYY-MM-DD).
 * @example evaluate({ age: 32, education: 'bachelor_degree', socialInsuranceYears: 5 }, rules.byId('shanghai')!, '2025-06-01', rules.national)
 */
export function evaluate(facts: Facts, city: CityRules, today: string, national: NationalRules): EvaluationResult {
  const routes = evaluateRoutes(facts, city, national);
  routes.forEach((r, i) => {
    if (r.status === 'not_yet' && !r.vetoed) r.reachedOn = reachedOn(city.routes[i]!, city.meta[i]!, facts, city, national, today, r);
  });
  return {
    city: { id: city.id, name: city.name },
    today,
    routes,
    next: nextCertificates(facts, city, national, today, routes),
    hasEstimates: routes.some((r) => r.certainty === 'estimated' || r.items?.some((item) => item.certainty === 'estimated')),
  };
}

/** The routes alone: no reachedOn, no recommendations. */
export function evaluateRoutes(facts: Facts, city: CityRules, national: NationalRules): RouteResult[] {
  return city.routes.map((route, i) => evaluateRoute(route, city.meta[i]!, facts, city, national));
}
