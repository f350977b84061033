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
import type { EvaluationResult, Range, RouteResult } from '../scoring/result.js';
import { formatZhDate } from '../text/template.js';

export const ASSUMABLE_CONDITIONS = ['issuedWhileWorkingInCity', 'matchesJob'] as const;
export type AssumableCondition = (typeof ASSUMABLE_CONDITIONS)[number];

export interface OwnFigures {
  /**
   * Template variables: `points:<indicator id>`, `total`, `threshold`, `gap` of the main points route; the next
   * certificate's `nextCertificate` and `nextSitDate`, and per skill level ranked next `sitDate:<level>` (the earliest
   * date to sit) or `sitNow:<level>` (it can be sat now); `certificatePoints`, what the certificates score there;
   * `breakdown`, the items as "年龄29分、…"; `amount`, the main subsidy in yuan; the city's name `city`; the facts
   * `age` … as said.
   */
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

function mainPointsRoute(result: EvaluationResult): RouteResult | undefined {
  const routes = result.routes.filter((r) => r.kind === 'points');
  return routes.find((r) => !r.supplementary) ?? routes[0];
}

/**
 * `gap` only while there is one, so an entry can say "已达到" in a second text; `nextSitDate` is today when the next
 * certificate can be sat now.
 */
function figuresOf(facts: Facts, city: CityRules, national: NationalRules, today: string): Map<string, string> {
  const result = evaluate(facts, city, today, national);
  const out = new Map<string, string>();
  const route = mainPointsRoute(result);
  for (const item of route?.items ?? []) out.set(`points:${item.id}`, shown(item.points));
  if (route?.total) out.set('total', shown(route.total));
  if (route?.threshold !== undefined) {
    out.set('threshold', String(route.threshold));
    if (route.gap && route.gap.max > 0) out.set('gap', shown(route.gap));
  }
  if (route?.items?.length) out.set('breakdown', route.items.map((i) => `${i.label}${shown(i.points)}分`).join('、'));
  const points = certificatePoints(route, city) ?? certificatePoints(withoutEducation(facts, city, national, today), city);
  if (points) out.set('certificatePoints', points);
  const benefit = result.routes.find((r) => r.kind === 'benefit' && !r.supplementary && r.amount);
  // 0 is an amount not known yet (no certificate date, no insurance said), not a subsidy of nothing.
  if (benefit?.amount && benefit.amount.min > 0) out.set('amount', shown(benefit.amount));
  const next = result.next[0];
  if (next) {
    out.set('nextCertificate', next.label);
    const sit = next.canSitNow ? today : next.earliestDate;
    if (sit) out.set('nextSitDate', formatZhDate(sit));
  }
  for (const candidate of result.next) {
    const level = candidate.certificate.level;
    if (candidate.canSitNow) out.set(`sitNow:${level}`, formatZhDate(today));
    else if (candidate.earliestDate) out.set(`sitDate:${level}`, formatZhDate(candidate.earliestDate));
  }
  return out;
}

/** What the certificates score on the route, when an item of them is in its breakdown. */
function certificatePoints(route: RouteResult | undefined, city: CityRules): string | undefined {
  const items = route?.items?.filter((item) => certificateIndicators(city).has(item.id)) ?? [];
  if (items.length === 0) return undefined;
  return shown(items.reduce((acc, i) => ({ min: acc.min + i.points.min, max: acc.max + i.points.max }), { min: 0, max: 0 }));
}

/**
 * Where education and certificates are alternatives (Shanghai: the higher one), a degree that wins hides what the
 * certificate is worth; the route without the degree shows it.
 */
function withoutEducation(facts: Facts, city: CityRules, national: NationalRules, today: string): RouteResult | undefined {
  if (facts.education === undefined) return undefined;
  const { education: _, ...rest } = facts;
  return mainPointsRoute(evaluate(rest, city, today, national));
}

const certificateIds = new WeakMap<CityRules, Set<string>>();
/** Ids of the city's indicators that score a certificate (type `certificate`, at any depth of its routes). */
function certificateIndicators(city: CityRules): Set<string> {
  let ids = certificateIds.get(city);
  if (!ids) {
    const found = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const { type, id } = node as { type?: unknown; id?: unknown };
        if (type === 'certificate' && typeof id === 'string') found.add(id);
        Object.values(node).forEach(walk);
      }
    };
    walk(city.routes);
    ids = found;
    certificateIds.set(city, ids);
  }
  return ids;
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
  const stated = figuresOf(facts, city, national, today);
  const values = new Map(stated);
  const dependsOnAssumption = new Set<string>();
  const { facts: assuming, assumed } = withConditionsAssumed(facts);
  if (assumed.length > 0) {
    for (const [name, value] of figuresOf(assuming, city, national, today)) {
      if (stated.get(name) === value) continue;
      values.set(name, value);
      dependsOnAssumption.add(name);
    }
  }
  values.set('city', city.name);
  for (const fact of FACT_VARIABLES) {
    const value = facts[fact];
    if (value !== undefined) values.set(fact, String(value));
  }
  return { values, dependsOnAssumption, assumed: dependsOnAssumption.size > 0 ? assumed : [] };
}
