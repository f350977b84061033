/**
 * The recommended next certificate: enumerate what the applicant could get next, re-evaluate the city with each
 * (assumed obtained while working in the city, matching the job, on the earliest date the national standard allows),
 * and rank by what it changes: reaching the threshold or making a route eligible first, then the larger gain,
 * then the earlier date. When the top one means years of waiting and another can be sat now for a gain, the top
 * one's explanation says so and names it (docs/scoring.md, "Ranking").
 */
import { evalCondition } from './conditions.js';
import { addYears } from './dates.js';
import type { Certificate, Facts } from './facts.js';
import { sitDate, type SitDate } from './national.js';
import type { CityPlan } from './plan.js';
import type { NextCertificate, Range, RouteChange, RouteResult } from './result.js';
import type { CandidateRoutes } from './candidate-routes.js';
import { fill, formatRange } from './templates.js';
import type { CertificateIndicator, Indicator } from './rules-schema.js';
import type { CityRules, NationalRules } from './types.js';

interface Candidate {
  occupation: string;
  level: number;
  reason: NextCertificate['reason'];
}

/** A candidate and what ranks it first; makesEligible stays internal (not in the output). */
interface Assessed {
  next: NextCertificate;
  makesEligible: boolean;
}

/** Sit dates by occupation|level: they depend on the facts and today, not on the city, so compareCities shares them. */
export type SitDateCache = Map<string, SitDate>;

const UNKNOWN_SIT: SitDate = Object.freeze({ earliestDate: null, canSitNow: null, missing: [] }) as unknown as SitDate;

export function nextCertificates(
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  today: string,
  base: RouteResult[],
  plan: CityPlan,
  routesWith: CandidateRoutes,
  sitDates: SitDateCache,
): NextCertificate[] {
  const candidates = enumerateCandidates(facts, national, city, plan);
  if (candidates.length === 0) return [];
  const out: Assessed[] = [];
  for (const c of candidates) out.push(assess(c, facts, city, national, today, base, plan.primary, routesWith, sitDates));
  out.sort(compareCandidates);
  const ranked = out.map((x) => x.next);
  const top = out[0]!;
  const alternative = sitNowAlternative(ranked, today);
  if (alternative) top.next.sitNowAlternative = alternative.id;
  top.next.explanation = explain(
    top,
    alternative,
    city,
    national,
    plan.primary,
    plan.primary >= 0 && base[plan.primary]!.status === 'eligible',
  );
  return ranked;
}

function enumerateCandidates(facts: Facts, national: NationalRules, city: CityRules, plan: CityPlan): Candidate[] {
  const certs = facts.certificates ?? [];
  const held = new Map<string, number>();
  for (const cert of certs) {
    if (cert.kind !== 'skill' || cert.level === undefined) continue;
    const occupation = national.canonicalOccupation(cert.occupation);
    const prev = held.get(occupation);
    if (prev === undefined || cert.level < prev) held.set(occupation, cert.level);
  }
  const out: Candidate[] = [];
  for (const [occupation, level] of held) if (level > 1) addCandidate(out, held, occupation, level - 1, 'next_level');
  if (held.size === 0) {
    for (const cert of certs) {
      if (cert.kind !== 'special_operation') continue;
      const occupation = national.permitOccupation(cert.occupation);
      const standard = occupation === undefined ? undefined : national.standardFor(occupation);
      if (!standard || occupation === undefined) continue;
      // The levels someone without any skill certificate may sit for: a path that needs no lower level.
      for (let level = 5; level >= 1; level--) {
        const paths = standard.levels[String(level) as '1'] ?? [];
        if (paths.some((p) => p.afterLevel === undefined && !p.unmodelled))
          addCandidate(out, held, occupation, level, 'first_skill_certificate');
      }
    }
  }
  for (const catalogId of plan.catalogsUsed) {
    const catalog = city.catalogs[catalogId]!;
    for (const [occupation, level] of held) {
      if (catalog.names.has(occupation)) continue;
      const related = (national.relatedOccupations[occupation] ?? []).find((o) => catalog.names.has(o));
      if (related) addCandidate(out, held, related, level, 'catalog_occupation');
    }
  }
  return out;
}

/** Adds a candidate unless it is already listed or a held certificate of that occupation is at that level or higher. */
function addCandidate(out: Candidate[], held: Map<string, number>, occupation: string, level: number, reason: Candidate['reason']): void {
  if ((held.get(occupation) ?? 6) <= level) return;
  for (const c of out) if (c.occupation === occupation && c.level === level) return;
  out.push({ occupation, level, reason });
}

function diff(after: Range | undefined, before: Range | undefined): Range | undefined {
  if (!after && !before) return undefined;
  const a = after ?? { min: 0, max: 0 };
  const b = before ?? { min: 0, max: 0 };
  const x = a.min - b.min;
  const y = a.max - b.max;
  return x <= y ? { min: x, max: y } : { min: y, max: x };
}

function cachedSitDate(c: Candidate, facts: Facts, today: string, national: NationalRules, cache: SitDateCache): SitDate {
  if (c.reason === 'catalog_occupation') return UNKNOWN_SIT;
  const key = `${c.occupation}|${c.level}`;
  let sit = cache.get(key);
  if (!sit) {
    sit = sitDate(c.occupation, c.level, facts, today, national);
    cache.set(key, sit);
  }
  return sit;
}

function assess(
  c: Candidate,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  today: string,
  base: RouteResult[],
  primary: number,
  routesWith: CandidateRoutes,
  sitDates: SitDateCache,
): Assessed {
  const sit = cachedSitDate(c, facts, today, national, sitDates);
  const cert: Certificate = {
    kind: 'skill',
    occupation: c.occupation,
    level: c.level,
    issuedOn: sit.earliestDate ?? today,
    issuedWhileWorkingInCity: true,
    matchesJob: true,
  };
  const afterRoutes = routesWith({ ...facts, certificates: [...(facts.certificates ?? []), cert] });
  const changes: RouteChange[] = [];
  let amount: Range | undefined;
  let estimatedAmount: Range | undefined;
  let estimatedAmountRoute: string | undefined;
  let makesEligible = false;
  const missing = sit.missing.slice();
  for (let i = 0; i < city.routes.length; i++) {
    const route = city.routes[i]!;
    const before = base[i]!;
    const after = afterRoutes[i]!;
    if (after === before) continue; // a route that reads no certificate: nothing changes
    const points = diff(after.total, before.total);
    const money = after.status === 'not_yet' ? undefined : diff(after.amount, before.amount);
    const pointsChanged = points !== undefined && (points.min !== 0 || points.max !== 0);
    const moneyChanged = money !== undefined && (money.min !== 0 || money.max !== 0);
    if (after.status !== before.status || pointsChanged || moneyChanged) {
      const change: RouteChange = { routeId: route.id, from: before.status, to: after.status };
      if (pointsChanged) change.points = points;
      if (moneyChanged) change.amount = money;
      changes.push(change);
    }
    // Finding 1 of the policy audit: the headline amount is what official, current schemes pay; an estimate (a
    // 2019–2021 table that may have changed) is kept apart so it is never added into it.
    if (moneyChanged && money) {
      if (route.supplementary || route.certainty === 'estimated') {
        estimatedAmount = addRange(estimatedAmount, money);
        estimatedAmountRoute ??= route.name;
      } else amount = addRange(amount, money);
    }
    if (after.status === 'eligible' && before.status !== 'eligible' && route.kind !== 'benefit' && !route.supplementary)
      makesEligible = true;
    if (after.missing && (i === primary || route.kind === 'benefit')) {
      for (const m of after.missing) if (!before.missing?.includes(m) && !missing.includes(m)) missing.push(m);
    }
  }
  const label = `${c.occupation}${national.explanations.skillLevelNames[String(c.level) as '1'] ?? `${c.level}级`}`;
  const result: NextCertificate = {
    id: `${c.reason}:${c.occupation}:${c.level}`,
    certificate: { kind: 'skill', occupation: c.occupation, level: c.level },
    label,
    reason: c.reason,
    changes,
    canSitNow: sit.canSitNow,
    earliestDate: sit.earliestDate,
    reachesThreshold: false,
  };
  if (sit.basis) result.sitBasis = sit.basis;
  if (primary >= 0) {
    const route = city.routes[primary]!;
    const after = afterRoutes[primary]!;
    result.gain = diff(after.total, base[primary]!.total)!;
    if (route.kind === 'points' && route.threshold) {
      result.reachesThreshold = after.total!.min >= route.threshold.value;
      result.remainingGap = after.gap!;
      // Reaching a threshold already reached is no reason to prefer a certificate.
      if (result.reachesThreshold && base[primary]!.status !== 'eligible') makesEligible = true;
    }
  }
  if (amount) result.amount = amount;
  if (estimatedAmount && estimatedAmount.max > 0) {
    result.estimatedAmount = estimatedAmount;
    result.estimatedAmountRoute = estimatedAmountRoute!;
  }
  if (primary >= 0) {
    const condition = unmetLevelCondition(city.routes[primary]!, c.level, facts);
    if (condition) result.levelCondition = condition;
  }
  if (missing.length > 0) result.missing = missing;
  return { next: result, makesEligible };
}

function addRange(a: Range | undefined, b: Range): Range {
  return a ? { min: a.min + b.min, max: a.max + b.max } : b;
}

/** The text of a level-specific condition of the route's certificate indicators that is not known to hold. */
function unmetLevelCondition(route: CityRules['routes'][number], level: number, facts: Facts): string | undefined {
  if (route.kind !== 'points') return undefined;
  const certificateIndicators = (ind: Indicator): CertificateIndicator[] =>
    ind.type === 'certificate' ? [ind] : ind.type === 'best_of' ? ind.of.flatMap(certificateIndicators) : [];
  for (const ind of route.indicators.flatMap(certificateIndicators)) {
    const rule = ind.requires.forLevels?.find((r) => r.skillLevels.includes(level));
    if (rule && evalCondition(rule.when, facts, null) !== true) return rule.text;
  }
  return undefined;
}

function compareCandidates(x: Assessed, y: Assessed): number {
  const a = x.next;
  const b = y.next;
  return (
    Number(y.makesEligible) - Number(x.makesEligible) ||
    (b.gain?.max ?? 0) - (a.gain?.max ?? 0) ||
    (b.gain?.min ?? 0) - (a.gain?.min ?? 0) ||
    (b.amount?.max ?? 0) - (a.amount?.max ?? 0) ||
    (b.estimatedAmount?.max ?? 0) - (a.estimatedAmount?.max ?? 0) ||
    dateRank(a).localeCompare(dateRank(b))
  );
}

function dateRank(x: NextCertificate): string {
  return x.earliestDate ?? '9999-99-99';
}

function bringsSomething(x: NextCertificate): boolean {
  return (x.gain?.max ?? 0) > 0 || (x.amount?.max ?? 0) > 0 || (x.estimatedAmount?.max ?? 0) > 0;
}

/**
 * Ranking policy for waiting: when the top candidate cannot be sat for more than a year and another can be sat now
 * and brings points or money, the order stays (the top one is still worth more) but that one is named next to it.
 */
function sitNowAlternative(ranked: NextCertificate[], today: string): NextCertificate | undefined {
  const top = ranked[0]!;
  if (top.canSitNow === true || top.earliestDate === null || top.earliestDate <= addYears(today, 1)) return undefined;
  return ranked.find((x) => x !== top && x.canSitNow === true && bringsSomething(x));
}

function explain(
  assessed: Assessed,
  alternative: NextCertificate | undefined,
  city: CityRules,
  national: NationalRules,
  primary: number,
  primaryWasEligible: boolean,
): string {
  const t = national.explanations.templates;
  const top = assessed.next;
  let text = headline(assessed, alternative, city, national, primary, primaryWasEligible);
  // The caveats go before the final "。": an estimate named apart, a level condition named in full.
  const extra: string[] = [];
  if (top.estimatedAmount)
    extra.push(fill(t.estimated_amount, { route: top.estimatedAmountRoute, amount: formatRange(top.estimatedAmount) }));
  if (top.levelCondition) extra.push(fill(t.level_condition, { condition: top.levelCondition }));
  if (extra.length > 0) text = `${text.replace(/。$/, '') + extra.join('')}。`;
  return text;
}

function headline(
  { next: top, makesEligible }: Assessed,
  alternative: NextCertificate | undefined,
  city: CityRules,
  national: NationalRules,
  primary: number,
  primaryWasEligible: boolean,
): string {
  const t = national.explanations.templates;
  // One params object for whichever template applies (a template ignores the names it does not use).
  const params: Record<string, string | number | undefined> = {
    label: top.label,
    when: top.canSitNow === true ? t.sit_now : top.earliestDate ? fill(t.sit_on, { date: top.earliestDate }) : t.sit_unknown,
    also: alternative ? fill(t.sit_now_alternative, { label: alternative.label, benefit: alternativeBenefit(alternative, t) }) : '',
  };
  const primaryRoute = primary >= 0 ? city.routes[primary]! : undefined;
  if (top.reachesThreshold && !primaryWasEligible && primaryRoute?.kind === 'points' && primaryRoute.threshold) {
    params.route = primaryRoute.name;
    params.threshold = primaryRoute.threshold.value;
    return fill(t.reaches_threshold, params);
  }
  if (makesEligible) {
    params.route = routeName(city, top.changes.find((c) => c.to === 'eligible' && c.from !== 'eligible')?.routeId);
    return fill(t.makes_eligible, params);
  }
  if (top.gain && top.gain.max > 0 && primaryRoute) {
    params.route = primaryRoute.name;
    params.gain = formatRange(top.gain);
    return fill(t.points_gain, params);
  }
  if (top.amount && top.amount.max > 0) {
    params.route = routeName(city, top.changes.find((c) => c.amount && isOfficialRoute(city, c.routeId))?.routeId);
    params.amount = formatRange(top.amount);
    return fill(t.amount_gain, params);
  }
  // "No points under the current rules" is wrong where the only points figures are estimates (Xuchang, Fuzhou).
  return fill(
    !primaryRoute || primaryRoute.supplementary || primaryRoute.certainty === 'estimated' ? t.no_gain_estimated : t.no_gain,
    params,
  );
}

function isOfficialRoute(city: CityRules, id: string): boolean {
  const route = city.routes.find((r) => r.id === id);
  return route !== undefined && !route.supplementary && route.certainty !== 'estimated';
}

function routeName(city: CityRules, id: string | undefined): string {
  return city.routes.find((r) => r.id === id)?.name ?? '';
}

function alternativeBenefit(x: NextCertificate, t: NationalRules['explanations']['templates']): string {
  if (x.gain && x.gain.max > 0) return fill(t.alternative_points, { gain: formatRange(x.gain) });
  return fill(t.alternative_amount, { amount: formatRange(x.amount && x.amount.max > 0 ? x.amount : x.estimatedAmount!) });
}
