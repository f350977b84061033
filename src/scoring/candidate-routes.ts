/**
 * The routes of a city re-evaluated with one hypothetical certificate added, for the next-certificate candidates.
 * Adding a certificate changes only what reads certificates, so:
 * - a route that reads no certificate keeps its base result;
 * - a points route re-scores only its certificate indicators, on top of the other indicators' sums, which are
 *   computed once per evaluation (StaticPart) and shared by every candidate.
 * `referenceCandidateRoutes` is the straightforward version (every route re-evaluated in full); the property test
 * checks that both give the same recommendations.
 */
import type { Facts } from './facts.js';
import { routeScorers, type ScoreContext } from './indicators.js';
import type { CityPlan } from './plan.js';
import type { RouteResult } from './result.js';
import { anyCore, baseResult, evaluateRoute, finishPoints, type PointsSoFar } from './route-evaluation.js';
import type { PointsRouteRule } from './rules-schema.js';
import type { CityRules, NationalRules } from './types.js';

/** Evaluates the city's routes for facts that differ from the base facts only by an added certificate. */
export type CandidateRoutes = (hypothetical: Facts) => RouteResult[];

export function candidateRoutes(
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  base: RouteResult[],
  plan: CityPlan,
): CandidateRoutes {
  const statics: Array<PointsSoFar | undefined> = [];
  return (hypothetical) => {
    const out: RouteResult[] = new Array(city.routes.length);
    for (let i = 0; i < city.routes.length; i++) {
      const route = city.routes[i]!;
      const routePlan = plan.routes[i]!;
      if (!routePlan.readsCertificates) out[i] = base[i]!;
      else if (route.kind === 'points') {
        const part = (statics[i] ??= staticPart(route, i, facts, city, national, plan, base[i]!));
        out[i] = pointsWithCertificate(route, i, part, hypothetical, city, national, plan);
      } else out[i] = evaluateRoute(route, city.meta[i]!, hypothetical, city, national, false);
    }
    return out;
  };
}

export function referenceCandidateRoutes(city: CityRules, national: NationalRules): CandidateRoutes {
  return (hypothetical) => city.routes.map((route, i) => evaluateRoute(route, city.meta[i]!, hypothetical, city, national, false));
}

/**
 * Sums of the indicators that do not read certificates, taken from the base result: its total less what its
 * certificate indicators score (one scorer each instead of re-scoring every other indicator). A static indicator
 * reports its fact missing exactly when the fact is absent, so "a core fact is missing" is a look-up.
 */
function staticPart(
  route: PointsRouteRule,
  index: number,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  plan: CityPlan,
  base: RouteResult,
): PointsSoFar {
  const ctx: ScoreContext = { city, national, missing: [] };
  let min = base.total!.min;
  let max = base.total!.max;
  const routePlan = plan.routes[index]!;
  const scorers = routeScorers(route);
  for (const j of routePlan.certificateIndicators) {
    const p = scorers[j]!(facts, ctx);
    min -= p.min;
    max -= p.max;
  }
  let coreMissing = false;
  for (const f of routePlan.staticCoreFacts) if ((facts as Record<string, unknown>)[f] === undefined) coreMissing = true;
  if (!coreMissing && routePlan.conditionalStatic.length > 0) {
    // What these report missing depends on their condition: score them to find out.
    const local: ScoreContext = { city, national, missing: [] };
    for (const j of routePlan.conditionalStatic) scorers[j]!(facts, local);
    coreMissing = anyCore(local.missing, city.meta[index]!);
  }
  return { min, max, vetoed: base.vetoed === true, coreMissing };
}

/**
 * The points route with the hypothetical certificates: `missing` lists only what the certificate indicators and
 * prerequisites find (the static indicators' missing facts are already in the base result's `missing`).
 */
function pointsWithCertificate(
  route: PointsRouteRule,
  index: number,
  part: PointsSoFar,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  plan: CityPlan,
): RouteResult {
  const meta = city.meta[index]!;
  const ctx: ScoreContext = { city, national, missing: [] };
  let min = part.min;
  let max = part.max;
  const scorers = routeScorers(route);
  for (const j of plan.routes[index]!.certificateIndicators) {
    const p = scorers[j]!(facts, ctx);
    min += p.min;
    max += p.max;
  }
  return finishPoints(
    baseResult(route, meta),
    route,
    meta,
    { min, max, vetoed: part.vetoed, coreMissing: part.coreMissing },
    facts,
    ctx.missing,
    [],
    national,
    false,
  );
}
