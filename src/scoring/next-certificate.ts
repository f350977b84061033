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
import { explain } from './advice-text.js';
import { fill } from './templates.js';
import { routeScorers, ZERO, type ScoreContext } from './indicators.js';
import type { CertificateIndicator, Condition, Indicator, RouteRule } from './rules-schema.js';
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

/**
 * Sit dates by occupation, then by level: they depend on the facts and today, not on the city, so compareCities
 * shares them.
 */
export type SitDateCache = Map<string, Array<SitDate | undefined>>;

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
  for (const c of candidates) out.push(assess(c, facts, city, national, today, base, plan, routesWith, sitDates));
  out.sort(compareCandidates);
  const ranked = out.map((x) => x.next);
  const top = out[0]!;
  const alternative = sitNowAlternative(ranked, today);
  if (alternative) top.next.sitNowAlternative = alternative.id;
  top.next.explanation = explain(top.next, top.makesEligible, alternative, city, national, plan, base, today);
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
    // No skill certificate yet (none at all, only a permit, only a title): the first skill certificate. A permit says
    // which occupation; without one, every occupation the national rules know (电工: the bot is for electricians).
    const occupations: string[] = [];
    for (const cert of certs) {
      if (cert.kind !== 'special_operation') continue;
      const occupation = national.permitOccupation(cert.occupation);
      if (occupation !== undefined && !occupations.includes(occupation)) occupations.push(occupation);
    }
    if (occupations.length === 0) for (const s of national.standards) occupations.push(s.occupation);
    for (const occupation of occupations) {
      const standard = national.standardFor(occupation);
      if (!standard) continue;
      // The levels someone without any skill certificate may sit for: a path that needs no lower level.
      for (let level = 5; level >= 1; level--) {
        const paths = standard.levels[String(level) as '1'] ?? [];
        if (paths.some((p) => p.afterLevel === undefined && !p.unmodelled))
          addCandidate(out, held, standard.occupation, level, 'first_skill_certificate');
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
  let byLevel = cache.get(c.occupation);
  if (byLevel === undefined) {
    byLevel = [];
    cache.set(c.occupation, byLevel);
  }
  let sit = byLevel[c.level];
  if (sit === undefined) {
    sit = sitDate(c.occupation, c.level, facts, today, national);
    byLevel[c.level] = sit;
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
  plan: CityPlan,
  routesWith: CandidateRoutes,
  sitDates: SitDateCache,
): Assessed {
  const primary = plan.primary;
  const sit = cachedSitDate(c, facts, today, national, sitDates);
  // Someone whose certificate of this occupation does not match the job held now: a new one would not match either.
  const offJob = worksOutside(facts, c.occupation, national);
  const cert: Certificate = {
    kind: 'skill',
    occupation: c.occupation,
    level: c.level,
    issuedOn: sit.earliestDate ?? sit.ifRelatedMajor ?? today,
    issuedWhileWorkingInCity: true,
    matchesJob: !offJob,
  };
  const afterRoutes = routesWith(withCertificate(facts, cert));
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
  if (sit.ifRelatedMajor) result.ifRelatedMajor = sit.ifRelatedMajor;
  if (offJob) result.offJob = true;
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
    const conditions = itemConditions(route, city, national);
    if (conditions.length > 0) result.itemConditions = conditions;
    const level = levelRule(route, c.level, facts);
    if (level?.holds === false) result.levelCondition = level.rule.text;
    // Unknown is never no: the gain if the condition holds (and, off the job, if the post matched).
    const assumed = level?.holds === null ? assumeTrue(level.rule.when) : undefined;
    if (assumed || offJob) {
      const conditional = conditionalPoints(route, plan.routes[primary]!.certificateIndicators, facts, assumed, cert, city, national);
      if (conditional.max > result.gain.max) {
        result.conditionalGain = conditional;
        const afterIf = base[primary]!.total!.min - result.gain.min + conditional.min;
        if (route.kind === 'points' && route.threshold && !result.reachesThreshold && afterIf >= route.threshold.value)
          result.reachesThresholdIf = true;
        if (level?.holds === null) result.levelCondition = level.rule.premise ?? level.rule.text;
      }
    }
  }
  if (plan.background >= 0) {
    const estimate = diff(afterRoutes[plan.background]!.total, base[plan.background]!.total);
    if (estimate && estimate.max > 0) result.estimatedGain = estimate;
  }
  if (amount) result.amount = amount;
  if (estimatedAmount && estimatedAmount.max > 0) {
    result.estimatedAmount = estimatedAmount;
    result.estimatedAmountRoute = estimatedAmountRoute!;
  }
  if (missing.length > 0) result.missing = missing;
  return { next: result, makesEligible };
}

/**
 * What the certificate items add when the unknown level condition holds (`assumed`) and the new certificate matches
 * the job: its certificate indicators with and without it (the route's other indicators are the same either way:
 * a level condition only qualifies the certificate item).
 */
function conditionalPoints(
  route: RouteRule,
  indicators: number[],
  facts: Facts,
  assumed: Partial<Facts> | undefined,
  cert: Certificate,
  city: CityRules,
  national: NationalRules,
): Range {
  if (route.kind !== 'points') return ZERO;
  const before = assumed ? Object.assign({}, facts, assumed) : facts;
  const after = withCertificate(before, cert.matchesJob === true ? cert : { ...cert, matchesJob: true });
  const ctx: ScoreContext = { city, national, missing: [] };
  let min = 0;
  let max = 0;
  const scorers = routeScorers(route);
  for (const j of indicators) {
    const a = scorers[j]!(after, ctx);
    const b = scorers[j]!(before, ctx);
    min += a.min - b.min;
    max += a.max - b.max;
  }
  return min <= max ? { min, max } : { min: max, max: min };
}

/**
 * The facts with one more certificate (the held ones first, as the applicant listed them). Object.assign rather than
 * a spread: the facts come in many shapes, and a spread that has seen many is the slower copy.
 */
function withCertificate(facts: Facts, cert: Certificate): Facts {
  const held = facts.certificates;
  const certificates: Certificate[] = held === undefined ? [] : held.slice();
  certificates.push(cert);
  const out = Object.assign({}, facts);
  out.certificates = certificates;
  return out;
}

/** A held certificate of this occupation is known not to match the job, and none is known to match. */
function worksOutside(facts: Facts, occupation: string, national: NationalRules): boolean {
  let outside = false;
  for (const cert of facts.certificates ?? []) {
    if (cert.kind !== 'skill' || national.canonicalOccupation(cert.occupation) !== occupation) continue;
    if (cert.matchesJob === true) return false;
    if (cert.matchesJob === false) outside = true;
  }
  return outside;
}

const conditionTexts = new WeakMap<RouteRule, readonly string[]>();

/** What the points route asks of a certificate, in words (the hypothetical one is assumed to meet it); per route, shared. */
function itemConditions(route: RouteRule, city: CityRules, national: NationalRules): string[] {
  let texts = conditionTexts.get(route);
  if (!texts) {
    texts = Object.freeze(conditionsOf(route, city, national));
    conditionTexts.set(route, texts);
  }
  return texts as string[];
}

function conditionsOf(route: RouteRule, city: CityRules, national: NationalRules): string[] {
  const t = national.explanations.templates;
  const out: string[] = [];
  for (const ind of certificateIndicators(route)) {
    if (ind.requires.issuedWhileWorkingInCity) out.push(fill(t.item_condition_in_city, { city: city.name }));
    if (ind.requires.matchesJob) out.push(t.item_condition_matches_job);
  }
  return [...new Set(out)];
}

const certificateIndicatorsOf = new WeakMap<RouteRule, CertificateIndicator[]>();

function certificateIndicators(route: RouteRule): CertificateIndicator[] {
  let list = certificateIndicatorsOf.get(route);
  if (!list) {
    const of = (ind: Indicator): CertificateIndicator[] =>
      ind.type === 'certificate' ? [ind] : ind.type === 'best_of' ? ind.of.flatMap(of) : [];
    list = route.kind === 'points' ? route.indicators.flatMap(of) : [];
    certificateIndicatorsOf.set(route, list);
  }
  return list;
}

type LevelRule = NonNullable<CertificateIndicator['requires']['forLevels']>[number];

/** The level-specific condition of the route's certificate indicators for `level`, and whether it holds. */
function levelRule(route: RouteRule, level: number, facts: Facts): { rule: LevelRule; holds: boolean | null } | undefined {
  for (const ind of certificateIndicators(route)) {
    const rule = ind.requires.forLevels?.find((r) => r.skillLevels.includes(level));
    if (rule) return { rule, holds: evalCondition(rule.when, facts, null) };
  }
  return undefined;
}

/** Facts that make a condition of plain `{fact, is}` tests (or all of them) true; undefined for anything else. */
function assumeTrue(c: Condition): Partial<Facts> | undefined {
  if ('is' in c) return { [c.fact]: c.is } as Partial<Facts>;
  if ('all' in c) {
    const out: Partial<Facts> = {};
    for (const child of c.all) {
      const part = assumeTrue(child);
      if (!part) return undefined;
      Object.assign(out, part);
    }
    return out;
  }
  return undefined;
}

function addRange(a: Range | undefined, b: Range): Range {
  return a ? { min: a.min + b.min, max: a.max + b.max } : b;
}

function compareCandidates(x: Assessed, y: Assessed): number {
  const a = x.next;
  const b = y.next;
  return (
    Number(y.makesEligible) - Number(x.makesEligible) ||
    (b.gain?.max ?? 0) - (a.gain?.max ?? 0) ||
    (b.gain?.min ?? 0) - (a.gain?.min ?? 0) ||
    (b.conditionalGain?.max ?? 0) - (a.conditionalGain?.max ?? 0) ||
    (b.amount?.max ?? 0) - (a.amount?.max ?? 0) ||
    (b.estimatedAmount?.max ?? 0) - (a.estimatedAmount?.max ?? 0) ||
    (b.estimatedGain?.max ?? 0) - (a.estimatedGain?.max ?? 0) ||
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
