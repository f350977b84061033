/**
 * The recommended next certificate: enumerate what the applicant could get next, re-evaluate the city with each
 * (assumed obtained while working in the city, matching the job, on the earliest date the national standard allows),
 * and rank by what it changes: reaching the threshold or making a route eligible first, then the larger gain,
 * then the earlier date.
 */
import type { Certificate, Facts } from './facts.js';
import { sitDate } from './national.js';
import { evaluateRoute } from './route-evaluation.js';
import type { Indicator } from './rules-schema.js';
import type { NextCertificate, Range, RouteChange, RouteResult } from './result.js';
import { fill, formatRange } from './templates.js';
import type { CityRules, NationalRules } from './types.js';

interface Candidate {
  occupation: string;
  level: number;
  reason: NextCertificate['reason'];
}

export function nextCertificates(facts: Facts, city: CityRules, national: NationalRules, today: string, base: RouteResult[]): NextCertificate[] {
  const candidates = enumerateCandidates(facts, city, national);
  if (candidates.length === 0) return [];
  const primary = primaryPointsRoute(city);
  const out = candidates.map((c) => assess(c, facts, city, national, today, base, primary));
  out.sort(compareCandidates);
  const top = out[0]!;
  top.explanation = explain(top, city, national, primary, primary >= 0 && base[primary]!.status === 'eligible');
  return out.map(({ makesEligible: _internal, ...candidate }) => candidate);
}

function enumerateCandidates(facts: Facts, city: CityRules, national: NationalRules): Candidate[] {
  const certs = facts.certificates ?? [];
  const held = new Map<string, number>();
  for (const cert of certs) {
    if (cert.kind !== 'skill' || cert.level === undefined) continue;
    const occupation = national.canonicalOccupation(cert.occupation);
    const prev = held.get(occupation);
    if (prev === undefined || cert.level < prev) held.set(occupation, cert.level);
  }
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate) => {
    const key = `${c.occupation}|${c.level}`;
    if (seen.has(key) || (held.get(c.occupation) ?? 6) <= c.level) return;
    seen.add(key);
    out.push(c);
  };
  for (const [occupation, level] of held) if (level > 1) add({ occupation, level: level - 1, reason: 'next_level' });
  if (held.size === 0) {
    for (const cert of certs) {
      if (cert.kind !== 'special_operation') continue;
      const occupation = national.permitOccupation(cert.occupation);
      const standard = occupation === undefined ? undefined : national.standardFor(occupation);
      if (!standard || occupation === undefined) continue;
      // The levels someone without any skill certificate may sit for: a path that needs no lower level.
      for (const level of [5, 4, 3, 2, 1]) {
        const paths = standard.levels[String(level) as '1'] ?? [];
        if (paths.some((p) => p.afterLevel === undefined && !p.unmodelled)) add({ occupation, level, reason: 'first_skill_certificate' });
      }
    }
  }
  for (const catalogId of catalogsUsed(city)) {
    for (const [occupation, level] of held) {
      const catalog = city.catalogs[catalogId]!;
      if (catalog.names.has(occupation)) continue;
      const related = (national.relatedOccupations[occupation] ?? []).find((o) => catalog.names.has(o));
      if (related) add({ occupation: related, level, reason: 'catalog_occupation' });
    }
  }
  return out;
}

function catalogsUsed(city: CityRules): string[] {
  const ids = new Set<string>();
  const visit = (ind: Indicator) => {
    if (ind.type === 'certificate' && ind.requires.catalog) ids.add(ind.requires.catalog);
    if (ind.type === 'best_of') ind.of.forEach(visit);
  };
  for (const route of city.routes) if (route.kind === 'points') route.indicators.forEach(visit);
  return [...ids];
}

/** The points route whose gain and threshold a candidate is judged by. */
export function primaryPointsRoute(city: CityRules): number {
  const points = city.routes.map((r, i) => ({ r, i })).filter(({ r }) => r.kind === 'points');
  const pick =
    points.find(({ r }) => !r.supplementary && r.kind === 'points' && r.threshold) ??
    points.find(({ r }) => !r.supplementary) ??
    points[0];
  return pick ? pick.i : -1;
}

function diff(after: Range | undefined, before: Range | undefined): Range | undefined {
  if (!after && !before) return undefined;
  const a = after ?? { min: 0, max: 0 };
  const b = before ?? { min: 0, max: 0 };
  const x = a.min - b.min;
  const y = a.max - b.max;
  return x <= y ? { min: x, max: y } : { min: y, max: x };
}

function assess(
  c: Candidate,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  today: string,
  base: RouteResult[],
  primary: number,
): NextCertificate & { makesEligible: boolean } {
  const sit =
    c.reason === 'catalog_occupation' ? { earliestDate: null, canSitNow: null, missing: [] as string[] } : sitDate(c.occupation, c.level, facts, today, national);
  const cert: Certificate = {
    kind: 'skill',
    occupation: c.occupation,
    level: c.level,
    issuedOn: sit.earliestDate ?? today,
    issuedWhileWorkingInCity: true,
    matchesJob: true,
  };
  const hypothetical: Facts = { ...facts, certificates: [...(facts.certificates ?? []), cert] };
  const changes: RouteChange[] = [];
  let amount: Range | undefined;
  let makesEligible = false;
  const missing = [...sit.missing];
  let primaryAfter: RouteResult | undefined;
  city.routes.forEach((route, i) => {
    const before = base[i]!;
    const after = evaluateRoute(route, city.meta[i]!, hypothetical, city, national, false);
    if (i === primary) primaryAfter = after;
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
    if (moneyChanged && money) amount = amount ? { min: amount.min + money.min, max: amount.max + money.max } : money;
    if (after.status === 'eligible' && before.status !== 'eligible' && route.kind !== 'benefit' && !route.supplementary) makesEligible = true;
    if (i === primary || route.kind === 'benefit') {
      for (const m of after.missing ?? []) if (!before.missing?.includes(m) && !missing.includes(m)) missing.push(m);
    }
  });
  const label = `${c.occupation}${national.explanations.skillLevelNames[String(c.level) as '1'] ?? `${c.level}级`}`;
  const result: NextCertificate & { makesEligible: boolean } = {
    id: `${c.reason}:${c.occupation}:${c.level}`,
    certificate: { kind: 'skill', occupation: c.occupation, level: c.level },
    label,
    reason: c.reason,
    changes,
    canSitNow: sit.canSitNow,
    earliestDate: sit.earliestDate,
    reachesThreshold: false,
    makesEligible,
  };
  if (sit.basis) result.sitBasis = sit.basis;
  if (primaryAfter) {
    const route = city.routes[primary]!;
    const after = primaryAfter;
    result.gain = diff(after.total, base[primary]!.total)!;
    if (route.kind === 'points' && route.threshold) {
      result.reachesThreshold = after.total!.min >= route.threshold.value;
      result.remainingGap = after.gap!;
      // Reaching a threshold already reached is no reason to prefer a certificate.
      if (result.reachesThreshold && base[primary]!.status !== 'eligible') result.makesEligible = true;
    }
  }
  if (amount) result.amount = amount;
  if (missing.length > 0) result.missing = missing;
  return result;
}

function compareCandidates(a: NextCertificate & { makesEligible: boolean }, b: NextCertificate & { makesEligible: boolean }): number {
  const goal = (x: typeof a) => (x.makesEligible ? 1 : 0);
  return (
    goal(b) - goal(a) ||
    (b.gain?.max ?? 0) - (a.gain?.max ?? 0) ||
    (b.gain?.min ?? 0) - (a.gain?.min ?? 0) ||
    (b.amount?.max ?? 0) - (a.amount?.max ?? 0) ||
    dateRank(a) .localeCompare(dateRank(b))
  );
}

function dateRank(x: NextCertificate): string {
  return x.earliestDate ?? '9999-99-99';
}

function explain(
  top: NextCertificate & { makesEligible: boolean },
  city: CityRules,
  national: NationalRules,
  primary: number,
  primaryWasEligible: boolean,
): string {
  const t = national.explanations.templates;
  const when = top.canSitNow === true ? t.sit_now : top.earliestDate ? fill(t.sit_on, { date: top.earliestDate }) : t.sit_unknown;
  const params = { label: top.label, when };
  const primaryRoute = primary >= 0 ? city.routes[primary]! : undefined;
  if (top.reachesThreshold && !primaryWasEligible && primaryRoute?.kind === 'points' && primaryRoute.threshold) {
    return fill(t.reaches_threshold, { ...params, route: primaryRoute.name, threshold: primaryRoute.threshold.value });
  }
  if (top.makesEligible) {
    const change = top.changes.find((c) => c.to === 'eligible' && c.from !== 'eligible');
    const route = city.routes.find((r) => r.id === change?.routeId);
    return fill(t.makes_eligible, { ...params, route: route?.name ?? '' });
  }
  if (top.gain && top.gain.max > 0 && primaryRoute) return fill(t.points_gain, { ...params, route: primaryRoute.name, gain: formatRange(top.gain) });
  if (top.amount && top.amount.max > 0) {
    const change = top.changes.find((c) => c.amount);
    const route = city.routes.find((r) => r.id === change?.routeId);
    return fill(t.amount_gain, { ...params, route: route?.name ?? '', amount: formatRange(top.amount) });
  }
  return fill(t.no_gain, params);
}
