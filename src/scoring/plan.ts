/**
 * What the engine derives once per city from its rules, memoised per CityRules object: which routes and indicators
 * a new certificate can change, which catalogs the points routes use, and the primary points route. The hot paths
 * (next-certificate candidates, compareCities) read this instead of walking the rules on every call.
 */
import type { Indicator } from './rules-schema.js';
import type { CityRules } from './types.js';

export interface RoutePlan {
  /** The route reads certificates: only such a route can change when a certificate is added. */
  readsCertificates: boolean;
  /** Points routes: indices of the indicators that read certificates (certificate, or best_of with one). */
  certificateIndicators: number[];
  /** Points routes: the other indicators (vetoes included): the same before and after a new certificate. */
  staticIndicators: number[];
  /** Points routes: the core facts the unconditional static indicators read (missing ⇒ a core fact is missing). */
  staticCoreFacts: string[];
  /** Points routes: static indicators with a `when` (theirs facts are read only when it holds): scored to find out. */
  conditionalStatic: number[];
}

export interface CityPlan {
  /** Index of the points route whose gain and threshold a candidate is judged by; -1 if none. Never a background
   *  (supplementary) estimate: that one is never the main answer (Xuchang, Quanzhou). */
  primary: number;
  /** Index of the first background points estimate, whose gain is named apart as an estimate; -1 if none. */
  background: number;
  /** Catalog ids the points routes' certificate indicators require. */
  catalogsUsed: string[];
  routes: RoutePlan[];
}

const plans = new WeakMap<CityRules, CityPlan>();

export function planFor(city: CityRules): CityPlan {
  let plan = plans.get(city);
  if (!plan) {
    plan = buildPlan(city);
    plans.set(city, plan);
  }
  return plan;
}

function readsCertificate(ind: Indicator): boolean {
  return ind.type === 'certificate' || (ind.type === 'best_of' && ind.of.some(readsCertificate));
}

/** The facts an indicator that reads no certificate reads (each is missing exactly when its value is absent). */
function hasWhen(ind: Indicator): boolean {
  return ind.when !== undefined || (ind.type === 'best_of' && ind.of.some(hasWhen));
}

function simpleFacts(ind: Indicator): string[] {
  if (ind.type === 'best_of') return ind.of.flatMap(simpleFacts);
  return ind.type === 'certificate' ? [] : [ind.fact];
}

function buildPlan(city: CityRules): CityPlan {
  const catalogs = new Set<string>();
  const visit = (ind: Indicator) => {
    if (ind.type === 'certificate' && ind.requires.catalog) catalogs.add(ind.requires.catalog);
    if (ind.type === 'best_of') ind.of.forEach(visit);
  };
  const routes = city.routes.map((route, i): RoutePlan => {
    const certificateIndicators: number[] = [];
    const staticIndicators: number[] = [];
    const staticFacts = new Set<string>();
    const conditionalStatic: number[] = [];
    if (route.kind === 'points') {
      route.indicators.forEach((ind, j) => {
        visit(ind);
        if (readsCertificate(ind)) certificateIndicators.push(j);
        else if (hasWhen(ind)) {
          staticIndicators.push(j);
          conditionalStatic.push(j);
        } else {
          staticIndicators.push(j);
          for (const f of simpleFacts(ind)) staticFacts.add(f);
        }
      });
    }
    const importance = city.meta[i]!.importance;
    return {
      readsCertificates: 'certificates' in importance,
      certificateIndicators,
      staticIndicators,
      staticCoreFacts: [...staticFacts].filter((f) => importance[f] === 'core'),
      conditionalStatic,
    };
  });
  const background = city.routes.findIndex((r) => r.kind === 'points' && r.supplementary === true);
  return { primary: primaryPointsRoute(city), background, catalogsUsed: [...catalogs], routes };
}

/** The points route whose gain and threshold a candidate is judged by: a main route with a threshold first. */
function primaryPointsRoute(city: CityRules): number {
  const points = city.routes.map((r, i) => ({ r, i })).filter(({ r }) => r.kind === 'points');
  const pick = points.find(({ r }) => !r.supplementary && r.kind === 'points' && r.threshold) ?? points.find(({ r }) => !r.supplementary);
  return pick ? pick.i : -1;
}
