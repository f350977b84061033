/**
 * The user's own figures in one city, for a question about the user's own case ("我这个证能加多少分", "我年龄能得几分",
 * "还差几分"): the scoring engine's breakdown of the facts known so far, never a figure of the FAQ's own.
 *
 * A certificate condition the user has not stated yet (obtained while working in the city, matching the job) is an
 * unknown, not a no: the figures are computed as if it held, and the items that depend on it say so (`assumed`), so
 * "你的三级证60分" comes with "if it was obtained there and matches your job" instead of a flat 0.
 */
import type { Certificate, Facts } from '../scoring/facts.js';
import { type CityRules, evaluate, type NationalRules } from '../scoring/index.js';
import type { Range, RouteResult } from '../scoring/result.js';

export const ASSUMABLE_CONDITIONS = ['issuedWhileWorkingInCity', 'matchesJob'] as const;
export type AssumableCondition = (typeof ASSUMABLE_CONDITIONS)[number];

export interface OwnFigures {
  /** Template variables: `points:<indicator id>`, `total`, `threshold`, `gap`, and the facts `age` … as said. */
  values: Map<string, string>;
  /** Variables whose value holds only if the conditions in `assumed` hold. */
  dependsOnAssumption: Set<string>;
  /** The conditions assumed, in a stable order. */
  assumed: AssumableCondition[];
}

const FACT_VARIABLES = ['age', 'socialInsuranceYears', 'occupationYears'] as const;

/** "27", or "20–30" for a range from the sources. */
function shown(range: Range): string {
  return range.min === range.max ? String(range.min) : `${range.min}–${range.max}`;
}

function mainPointsRoute(facts: Facts, city: CityRules, national: NationalRules, today: string): RouteResult | undefined {
  const routes = evaluate(facts, city, today, national).routes.filter((r) => r.kind === 'points');
  return routes.find((r) => !r.supplementary) ?? routes[0];
}

function figuresOf(route: RouteResult | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!route) return out;
  for (const item of route.items ?? []) out.set(`points:${item.id}`, shown(item.points));
  if (route.total) out.set('total', shown(route.total));
  if (route.threshold !== undefined) out.set('threshold', String(route.threshold));
  if (route.gap && route.threshold !== undefined) out.set('gap', shown(route.gap));
  return out;
}

/** Each skill certificate or title with its unstated conditions taken as holding; which ones were taken. */
function withConditionsAssumed(facts: Facts): { facts: Facts; assumed: AssumableCondition[] } {
  const assumed = new Set<AssumableCondition>();
  const certificates = (facts.certificates ?? []).map((c): Certificate => {
    if (c.kind === 'special_operation') return c;
    const patch: Partial<Certificate> = {};
    for (const condition of ASSUMABLE_CONDITIONS) {
      if (c[condition] === undefined) {
        patch[condition] = true;
        assumed.add(condition);
      }
    }
    return { ...c, ...patch };
  });
  return { facts: { ...facts, certificates }, assumed: ASSUMABLE_CONDITIONS.filter((c) => assumed.has(c)) };
}

/** The user's figures in `city` from `facts` (the facts of that city only: the caller never passes another city's). */
export function ownFigures(facts: Facts, city: CityRules, national: NationalRules, today: string): OwnFigures {
  const stated = figuresOf(mainPointsRoute(facts, city, national, today));
  const values = new Map(stated);
  const dependsOnAssumption = new Set<string>();
  const { facts: assuming, assumed } = withConditionsAssumed(facts);
  if (assumed.length > 0) {
    for (const [name, value] of figuresOf(mainPointsRoute(assuming, city, national, today))) {
      if (stated.get(name) === value) continue;
      values.set(name, value);
      dependsOnAssumption.add(name);
    }
  }
  for (const fact of FACT_VARIABLES) {
    const value = facts[fact];
    if (value !== undefined) values.set(fact, String(value));
  }
  return { values, dependsOnAssumption, assumed: dependsOnAssumption.size > 0 ? assumed : [] };
}
