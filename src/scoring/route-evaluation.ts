/**
 * One route of a city for one set of facts: status, and for a points route the breakdown; for a benefit the amount.
 * Status rules (docs/scoring.md): vetoed or a failed prerequisite → not_yet; total.min ≥ threshold → eligible;
 * no threshold, core facts missing or a range straddling the threshold → unknown; else not_yet.
 */
import { evalCondition, failedTexts } from './conditions.js';
import type { Facts } from './facts.js';
import { routeScorers, scoreIndicator, toRange, ZERO, type ScoreContext } from './indicators.js';
import type { BenefitRouteRule, Indicator, PointsRouteRule, RouteRule } from './rules-schema.js';
import type { BreakdownItem, Certainty, Range, Reason, RouteResult, RouteStatus, SourceRef } from './result.js';
import { factKey } from './paths.js';
import { fill, formatRange } from './templates.js';
import type { CityRules, NationalRules, RouteMeta } from './types.js';
import { memoTablePerObject } from '../cache/memo-per-object.js';

/**
 * @param detail false skips what only people read (breakdown items, reason texts): for the re-evaluations of the
 *   next-certificate candidates, which need only totals, statuses, amounts and missing facts.
 */
export function evaluateRoute(
  route: RouteRule,
  meta: RouteMeta,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  detail = true,
): RouteResult {
  switch (route.kind) {
    case 'points':
      return evaluatePointsRoute(route, meta, facts, city, national, detail);
    case 'eligibility':
      return evaluateEligibilityRoute(route, meta, facts, national, detail);
    case 'benefit':
      return evaluateBenefitRoute(route, meta, facts, national, detail);
  }
}

export function baseResult(route: RouteRule, meta: RouteMeta): RouteResult {
  const r: RouteResult = {
    id: route.id,
    kind: route.kind,
    name: route.name,
    status: 'unknown',
    eligible: false,
    certainty: route.certainty,
    sources: meta.sources,
  };
  if (route.supplementary) r.supplementary = true;
  if (route.notes) r.notes = route.notes;
  // Open settlement and the like: no certificate is needed on this route (the chat says so plainly).
  if (route.kind === 'eligibility' && !('certificates' in meta.importance)) r.noCertificateNeeded = true;
  return r;
}

function finish(
  r: RouteResult,
  status: RouteStatus,
  missing: string[],
  meta: RouteMeta,
  reasons: Reason[],
  capText?: string,
  order: MissingOrder = missingOrder(missing, meta),
): RouteResult {
  // Conditions met, but the sources leave the route open (rule field atMostUnknown): never state eligibility.
  if (status === 'eligible' && capText !== undefined) {
    status = 'unknown';
    const amount = r.amount ? formatRange(r.amount) : undefined;
    reasons.push(
      amount === undefined
        ? { code: 'unconfirmed', text: fill(capText, {}) }
        : { code: 'unconfirmed', text: fill(capText, { amount }), params: { amount } },
    );
  }
  r.status = status;
  r.eligible = status === 'eligible';
  if (missing.length > 0) r.missing = order === 'core_after_optional' ? coreFirst(missing, meta) : missing;
  if (reasons.length > 0) r.reasons = reasons;
  return r;
}

/** Where the core facts stand among the missing ones: a route is unknown with a core fact missing, and lists those first. */
type MissingOrder = 'no_core' | 'core_first' | 'core_after_optional';

function missingOrder(missing: string[], meta: RouteMeta): MissingOrder {
  if (missing.length === 0) return 'no_core';
  let sawCore = false;
  let sawOptional = false;
  for (let i = 0; i < missing.length; i++) {
    if (!isCore(missing[i]!, meta)) sawOptional = true;
    else if (sawOptional) return 'core_after_optional';
    else sawCore = true;
  }
  return sawCore ? 'core_first' : 'no_core';
}

/** Core facts first, each group in the order found. */
function coreFirst(missing: string[], meta: RouteMeta): string[] {
  const out: string[] = [];
  const optional: string[] = [];
  for (const path of missing) (isCore(path, meta) ? out : optional).push(path);
  for (const path of optional) out.push(path);
  return out;
}

/** Whether a fact path is core for the route; a certificate's field by its key (certificates[2].matchesJob → certificates.matchesJob). */
function isCore(path: string, meta: RouteMeta): boolean {
  const importance = meta.importance[path];
  if (importance !== undefined) return importance === 'core';
  return path.includes('[') && meta.importance[factKey(path)] === 'core';
}

function reason(
  national: NationalRules,
  code: keyof NationalRules['explanations']['reasons'],
  params?: Record<string, string | number>,
): Reason {
  const text = fill(national.explanations.reasons[code], params ?? {});
  return params ? { code, text, params } : { code, text };
}

function evaluatePointsRoute(
  route: PointsRouteRule,
  meta: RouteMeta,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  detail: boolean,
): RouteResult {
  const r = baseResult(route, meta);
  const ctx: ScoreContext = { city, national, missing: [] };
  const reasons: Reason[] = [];
  const items: BreakdownItem[] = [];
  let min = 0;
  let max = 0;
  let vetoed = false;
  const scorers = routeScorers(route);
  for (let i = 0; i < route.indicators.length; i++) {
    const ind = route.indicators[i]!;
    if (ind.type === 'veto') {
      const v = (facts as Record<string, unknown>)[ind.fact];
      if (v === undefined) ctx.missing.push(ind.fact);
      else if (v === true) {
        vetoed = true;
        if (detail) reasons.push({ code: 'vetoed', text: ind.text });
      }
      continue;
    }
    if (!detail) {
      const p = scorers[i]!(facts, ctx);
      min += p.min;
      max += p.max;
      continue;
    }
    // Only a best_of has a chosen child and others to report; the rest need no Scored object.
    const scored = ind.type === 'best_of' ? scoreIndicator(ind, scorers[i]!, facts, ctx) : undefined;
    const p = scored ? scored.points : scorers[i]!(facts, ctx);
    if (p.min === 0 && p.max === 0) continue;
    min += p.min;
    max += p.max;
    items.push(breakdownItem(ind, scored?.chosen ?? ind, p, scored?.others, route, city, national));
  }
  return finishPoints(
    r,
    route,
    meta,
    { min, max, vetoed, coreMissing: false },
    facts,
    ctx.missing,
    reasons,
    national,
    detail,
    detail ? items : undefined,
  );
}

/** A points route's sums so far: the indicators scored, vetoes seen, and whether a core fact was already missing. */
export interface PointsSoFar {
  min: number;
  max: number;
  vetoed: boolean;
  /** A core fact missing that is not in `missing` (indicators scored elsewhere, see candidate-routes.ts). */
  coreMissing: boolean;
}

/**
 * Total, prerequisites and status of a points route from its summed indicators. `missing` holds the missing
 * facts found so far; prerequisites append theirs. Reasons only with `detail` (people read them; candidates do not).
 */
export function finishPoints(
  r: RouteResult,
  route: PointsRouteRule,
  meta: RouteMeta,
  sums: PointsSoFar,
  facts: Facts,
  missing: string[],
  reasons: Reason[],
  national: NationalRules,
  detail: boolean,
  items?: BreakdownItem[],
): RouteResult {
  const { min, max } = sums;
  r.total = { min, max };
  if (items) r.items = items;
  if (route.threshold) r.threshold = route.threshold.value;

  let prereq: boolean | null = true;
  for (const pre of route.prerequisites ?? []) {
    const t = evalCondition(pre.when, facts, missing);
    if (t === false) {
      prereq = false;
      if (detail) reasons.push({ code: 'prerequisite_failed', text: pre.text });
    } else if (t === null && prereq === true) prereq = null;
  }
  const order = missingOrder(missing, meta);
  const coreMissing = sums.coreMissing || order !== 'no_core';
  let status: RouteStatus;
  if (sums.vetoed) {
    r.vetoed = true;
    status = 'not_yet';
  } else if (prereq === false) status = 'not_yet';
  else if (route.ranking) status = rankedStatus(r, route.ranking, prereq, coreMissing, reasons, national, detail);
  else if (!route.threshold) {
    status = 'unknown';
    if (detail) reasons.push(reason(national, 'no_threshold'));
  } else {
    const threshold = route.threshold.value;
    r.gap = { min: Math.max(0, threshold - max), max: Math.max(0, threshold - min) };
    if (min >= threshold && prereq === true) status = 'eligible';
    else if (prereq === null || coreMissing) {
      status = 'unknown';
      if (detail) reasons.push(reason(national, 'facts_missing'));
    } else if (route.incomplete) {
      // Basic items of the table were not found: the total is a lower bound, so falling short of it proves nothing.
      status = 'unknown';
      if (detail) reasons.push({ code: 'incomplete_table', text: route.incomplete });
    } else if (max >= threshold) {
      status = 'unknown';
      if (detail) reasons.push(reason(national, 'range_straddles_threshold', { threshold }));
    } else {
      status = 'not_yet';
      if (detail) reasons.push(reason(national, 'below_threshold', { threshold, gap: formatRange(r.gap) }));
    }
  }
  return finish(r, status, missing, meta, reasons, undefined, order);
}

/**
 * A ranked route (yearly quota, no pass mark) is never eligible: below the score needed to apply it is not yet;
 * otherwise it is unknown, and the rule file's text says how the city ranks.
 */
function rankedStatus(
  r: RouteResult,
  ranking: NonNullable<PointsRouteRule['ranking']>,
  prereq: boolean | null,
  coreMissing: boolean,
  reasons: Reason[],
  national: NationalRules,
  detail: boolean,
): RouteStatus {
  r.ranked = true;
  const total = r.total!;
  const minimum = ranking.minimumToApply?.value;
  if (minimum !== undefined) {
    r.minimumToApply = minimum;
    r.gap = { min: Math.max(0, minimum - total.max), max: Math.max(0, minimum - total.min) };
  }
  if (prereq === null || coreMissing) {
    if (detail) reasons.push(reason(national, 'facts_missing'), { code: 'ranked', text: ranking.text });
    return 'unknown';
  }
  if (minimum !== undefined && total.max < minimum) {
    if (detail) reasons.push(reason(national, 'below_minimum', { minimum, gap: formatRange(r.gap!) }));
    return 'not_yet';
  }
  if (detail) reasons.push({ code: 'ranked', text: ranking.text });
  return 'unknown';
}

export function anyCore(missing: string[], meta: RouteMeta): boolean {
  for (let i = 0; i < missing.length; i++) if (isCore(missing[i]!, meta)) return true;
  return false;
}

function breakdownItem(
  ind: Indicator,
  counted: Indicator,
  points: Range,
  others: Array<{ indicator: Indicator; points: Range }> | undefined,
  route: RouteRule,
  city: CityRules,
  national: NationalRules,
): BreakdownItem {
  const sourceId = counted.source ?? ind.source ?? route.source;
  let certainty: Certainty = points.min !== points.max ? 'estimated' : (counted.certainty ?? ind.certainty ?? route.certainty);
  // A certificate that counts only because it is on an estimated catalog is itself an estimate.
  if (counted.type === 'certificate' && counted.requires.catalog && city.catalogs[counted.requires.catalog]?.certainty === 'estimated') {
    certainty = 'estimated';
  }
  const item: BreakdownItem = {
    id: counted.id,
    label: counted.label,
    group: ind.group ?? defaultGroup(ind),
    points,
    certainty,
    source: sourceRef(city, sourceId),
  };
  if (others && others.length > 0) {
    const t = national.explanations.templates;
    const otherText = others.map((o) => fill(t.best_of_other, { label: o.indicator.label, points: formatRange(o.points) })).join('、');
    item.note = fill(t.best_of_note, {
      chosen: fill(t.best_of_other, { label: counted.label, points: formatRange(points) }),
      others: otherText,
    });
    if (counted.note) item.note += `；${counted.note}`;
  } else if (counted.note) item.note = counted.note;
  return item;
}

export function defaultGroup(ind: Indicator): 'basic' | 'bonus' | 'deduction' {
  if (ind.type === 'deduction') return 'deduction';
  if (ind.type === 'flag') return 'bonus';
  return 'basic';
}

/** Source references are built once per city and shared by every result (as route `sources` already are). */
const sourceRefs = memoTablePerObject<CityRules, SourceRef>(Number.POSITIVE_INFINITY);

export function sourceRef(city: CityRules, id: string): SourceRef {
  return sourceRefs(city).get(id, (key) => {
    const s = city.sources[key]!;
    return s.url ? { id: s.id, title: s.title, url: s.url } : { id: s.id, title: s.title };
  });
}

function evaluateEligibilityRoute(
  route: RouteRule & { kind: 'eligibility' },
  meta: RouteMeta,
  facts: Facts,
  national: NationalRules,
  detail: boolean,
): RouteResult {
  const r = baseResult(route, meta);
  const missing: string[] = [];
  const t = evalCondition(route.requires, facts, missing);
  const reasons: Reason[] = [];
  if (detail && t === false) reasons.push(...conditionReasons(route.requires, facts, national));
  else if (detail && t === null) reasons.push(reason(national, 'facts_missing'));
  return finish(r, t === true ? 'eligible' : t === false ? 'not_yet' : 'unknown', missing, meta, reasons, route.atMostUnknown);
}

function conditionReasons(c: NonNullable<BenefitRouteRule['requires']>, facts: Facts, national: NationalRules): Reason[] {
  const texts = failedTexts(c, facts);
  if (texts.length === 0) return [reason(national, 'condition_failed')];
  return texts.map((text) => ({ code: 'condition_failed', text }));
}

function evaluateBenefitRoute(
  route: BenefitRouteRule,
  meta: RouteMeta,
  facts: Facts,
  national: NationalRules,
  detail: boolean,
): RouteResult {
  const r = baseResult(route, meta);
  const missing: string[] = [];
  const reasons: Reason[] = [];
  let t: boolean | null = true;
  if (route.requires) {
    t = evalCondition(route.requires, facts, missing);
    if (detail && t === false) reasons.push(...conditionReasons(route.requires, facts, national));
  }
  let status: RouteStatus = t === true ? 'eligible' : t === false ? 'not_yet' : 'unknown';
  if (route.amount) {
    const amount = benefitAmount(route.amount, facts, national, missing);
    r.amount = amount;
    if (amount.max === 0 && status !== 'not_yet') {
      const unknownCerts = missing.some((m) => m.startsWith('certificates'));
      if (!unknownCerts) {
        status = 'not_yet';
        // The rule file's own words for what certificate is needed, else the generic reason.
        if (detail)
          reasons.push(
            route.amount.text
              ? { code: 'no_qualifying_certificate', text: route.amount.text }
              : reason(national, 'no_qualifying_certificate'),
          );
      } else status = 'unknown';
    }
  }
  if (detail && status === 'unknown' && reasons.length === 0) reasons.push(reason(national, 'facts_missing'));
  return finish(r, status, missing, meta, reasons, route.atMostUnknown);
}

/**
 * Yuan for the held skill certificates: each occupation and level once (Chongqing pays once per occupation and level).
 * When the condition choosing the alternative table is unknown, the amount spans both tables.
 */
export function benefitAmount(
  amount: NonNullable<BenefitRouteRule['amount']>,
  facts: Facts,
  national: NationalRules,
  missing: string[],
): Range {
  const certs = facts.certificates;
  if (certs === undefined) {
    missing.push('certificates');
    return ZERO;
  }
  let useInstead: boolean | null = false;
  if (amount.instead) {
    const local: string[] = [];
    useInstead = evalCondition(amount.instead.when, facts, local);
    if (useInstead === null) missing.push(...local);
  }
  let min = 0;
  let max = 0;
  const seen = new Set<string>();
  for (let i = 0; i < certs.length; i++) {
    const cert = certs[i]!;
    if (cert.kind !== 'skill' || cert.level === undefined) continue;
    const key = String(cert.level) as '1';
    const base = amount.perSkillLevel[key];
    if (base === undefined) continue;
    if (amount.certificatesIssuedOnOrAfter) {
      if (cert.issuedOn === undefined) {
        missing.push(`certificates[${i}].issuedOn`);
        continue;
      }
      if (cert.issuedOn < amount.certificatesIssuedOnOrAfter) continue;
    }
    const dedupe = `${national.canonicalOccupation(cert.occupation)}|${key}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const a = toRange(base);
    const altValue = amount.instead?.perSkillLevel[key];
    const b = altValue === undefined ? a : toRange(altValue);
    if (useInstead === true) {
      min += b.min;
      max += b.max;
    } else if (useInstead === false) {
      min += a.min;
      max += a.max;
    } else {
      min += Math.min(a.min, b.min);
      max += Math.max(a.max, b.max);
    }
  }
  return { min, max };
}
