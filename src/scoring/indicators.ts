/**
 * Scoring of one indicator of a points route. Absent facts score nothing and are reported as missing;
 * figures that are ranges in the sources stay ranges.
 *
 * Each indicator is compiled once (memoised per rule object) into a scorer closure with its figures turned into
 * shared, frozen Range objects: scoring is the engine's hot loop (base evaluation, candidates, reachedOn steps).
 */
import { compileCondition, evalCondition } from './conditions.js';
import type { Certificate, Facts } from './facts.js';
import type { CertificateIndicator, Indicator, PointsRouteRule, PointsValue, SimpleIndicator } from './rules-schema.js';
import type { Range } from './result.js';
import type { CityRules, NationalRules } from './types.js';
import { memoPerObject, memoTablePerObject } from '../cache/memo-per-object.js';

export interface ScoreContext {
  city: CityRules;
  national: NationalRules;
  /** Missing fact paths, appended to by the scorers. */
  missing: string[];
}

export interface Scored {
  points: Range;
  /** For best_of: the child indicator that counted. */
  chosen?: SimpleIndicator;
  /** For best_of: the children that did not count, with their points. */
  others?: Array<{ indicator: SimpleIndicator; points: Range }>;
}

export const ZERO: Range = Object.freeze({ min: 0, max: 0 }) as Range;

/** A figure as a Range. Exact figures are frozen and shared (results never mutate their ranges). */
export function toRange(p: PointsValue): Range {
  return typeof p === 'number' ? exact(p) : p;
}

/** Whole figures from −SHARED_LIMIT to SHARED_LIMIT, by figure + SHARED_LIMIT (an array index is cheaper than a Map). */
const SHARED_LIMIT = 1000;
const sharedExact: Array<Range | undefined> = new Array(2 * SHARED_LIMIT + 1).fill(undefined);
const otherExact = new Map<number, Range>();

function exact(p: number): Range {
  if (p === 0) return ZERO;
  if (Number.isInteger(p) && p >= -SHARED_LIMIT && p <= SHARED_LIMIT) {
    const i = p + SHARED_LIMIT;
    let r = sharedExact[i];
    if (r === undefined) {
      r = Object.freeze({ min: p, max: p }) as Range;
      sharedExact[i] = r;
    }
    return r;
  }
  let r = otherExact.get(p);
  if (!r) {
    r = Object.freeze({ min: p, max: p }) as Range;
    if (otherExact.size < 10_000) otherExact.set(p, r);
  }
  return r;
}

export type Scorer = (facts: Facts, ctx: ScoreContext) => Range;

/** The points of one indicator (veto indicators score nothing here: the route handles them). */
export function indicatorPoints(ind: Indicator, facts: Facts, ctx: ScoreContext): Range {
  return scorerOf(ind)(facts, ctx);
}

/** The compiled scorer of an indicator, for loops that call it many times (reachedOn steps). */
export const scorerOf: (ind: Indicator) => Scorer = memoPerObject((ind: Indicator) => compileIndicator(ind));

/** The scorers of a points route's indicators, by index: one look-up per route evaluation, not one per indicator. */
export const routeScorers: (route: PointsRouteRule) => Scorer[] = memoPerObject((route: PointsRouteRule) => route.indicators.map(scorerOf));

/** Points of one indicator (`score` is its scorer), and for best_of which child counted (for the breakdown). */
export function scoreIndicator(ind: Indicator, score: Scorer, facts: Facts, ctx: ScoreContext): Scored {
  if (ind.type !== 'best_of') return { points: score(facts, ctx) };
  // A best_of whose own condition does not hold scores nothing (the compiled scorer reports its missing facts).
  if (ind.when && evalCondition(ind.when, facts, null) !== true) return { points: score(facts, ctx) };
  return scoreBestOf(ind.of, facts, ctx);
}

function get(facts: Facts, fact: string): unknown {
  return (facts as Record<string, unknown>)[fact];
}

function missingFact(ctx: ScoreContext, fact: string): Range {
  if (!ctx.missing.includes(fact)) ctx.missing.push(fact);
  return ZERO;
}

function compileIndicator(ind: Indicator): Scorer {
  const scorer = compileFigures(ind);
  if (!ind.when || ind.type === 'veto') return scorer;
  const when = compileCondition(ind.when);
  return (facts, ctx) => {
    const local: string[] = [];
    const holds = when(facts, local);
    if (holds === true) return scorer(facts, ctx);
    if (holds === null) for (const path of local) if (!ctx.missing.includes(path)) ctx.missing.push(path);
    return ZERO;
  };
}

function compileFigures(ind: Indicator): Scorer {
  switch (ind.type) {
    case 'bands': {
      const { fact } = ind;
      const bands = ind.bands.map((b) => ({ min: b.min ?? -Infinity, max: b.max ?? Infinity, points: toRange(b.points) }));
      return (facts, ctx) => {
        const v = get(facts, fact) as number | undefined;
        if (v === undefined) return missingFact(ctx, fact);
        for (let i = 0; i < bands.length; i++) {
          const band = bands[i]!;
          if (v >= band.min && v <= band.max) return band.points;
        }
        return ZERO;
      };
    }
    case 'table': {
      const { fact } = ind;
      const table = new Map(Object.entries(ind.points).map(([k, p]) => [k, toRange(p)]));
      return (facts, ctx) => {
        const v = get(facts, fact) as string | undefined;
        if (v === undefined) return missingFact(ctx, fact);
        return table.get(v) ?? ZERO;
      };
    }
    case 'per_unit': {
      const { fact, unit, countFrom, countAbove, cap } = ind;
      const per = toRange(ind.pointsPerUnit);
      return (facts, ctx) => {
        const v = get(facts, fact) as number | undefined;
        if (v === undefined) return missingFact(ctx, fact);
        let units = Math.floor(v / unit + 1e-9);
        if (countFrom !== undefined && units < countFrom) return ZERO;
        if (countAbove !== undefined) units = Math.max(0, units - countAbove);
        let min = units * per.min;
        let max = units * per.max;
        if (cap !== undefined) {
          if (min > cap) min = cap;
          if (max > cap) max = cap;
        }
        return min === max ? exact(min) : { min, max };
      };
    }
    case 'flag': {
      const { fact } = ind;
      const points = toRange(ind.points);
      return (facts, ctx) => {
        const v = get(facts, fact);
        if (v === undefined) return missingFact(ctx, fact);
        return v === true ? points : ZERO;
      };
    }
    case 'deduction': {
      const { fact, pointsPer } = ind;
      return (facts, ctx) => {
        const v = get(facts, fact) as number | undefined;
        if (v === undefined) return missingFact(ctx, fact);
        return exact(v * pointsPer);
      };
    }
    case 'veto':
      return () => ZERO;
    case 'certificate':
      return (facts, ctx) => scoreCertificates(ind, facts, ctx);
    case 'best_of': {
      const children = ind.of.map(scorerOf);
      return (facts, ctx) => {
        // Every child is scored (each reports its missing facts); the highest counts.
        let best = children[0]!(facts, ctx);
        for (let i = 1; i < children.length; i++) {
          const p = children[i]!(facts, ctx);
          if (beats(p, best)) best = p;
        }
        return best;
      };
    }
  }
}

/** Compared by max, then min, so an exact 90 beats a 40–80 range. */
function beats(p: Range, best: Range): boolean {
  return p.max > best.max || (p.max === best.max && p.min > best.min);
}

/** The higher of several indicators counts, never their sum (Shanghai: education or skill/title). */
function scoreBestOf(children: SimpleIndicator[], facts: Facts, ctx: ScoreContext): Scored {
  let best: { indicator: SimpleIndicator; points: Range } | undefined;
  const all: Array<{ indicator: SimpleIndicator; points: Range }> = [];
  for (const child of children) {
    const entry = { indicator: child, points: indicatorPoints(child, facts, ctx) };
    all.push(entry);
    if (!best || beats(entry.points, best.points)) best = entry;
  }
  const chosen = best!;
  return { points: chosen.points, chosen: chosen.indicator, others: all.filter((e) => e !== chosen) };
}

/**
 * The best qualifying certificate. A certificate whose conditions are unknown does not count (absent facts score
 * nothing), but its unknown conditions are reported as missing when it would beat the one that counts.
 */
function scoreCertificates(ind: CertificateIndicator, facts: Facts, ctx: ScoreContext): Range {
  const certs = facts.certificates;
  if (certs === undefined) return missingFact(ctx, 'certificates');
  let best: Range = ZERO;
  let pending: Array<{ points: Range; missing: string[] }> | undefined;
  for (let i = 0; i < certs.length; i++) {
    const cert = certs[i]!;
    const p = certificatePoints(ind, cert, cert.level);
    if (p === undefined) continue;
    const unknown = certificateConditions(ind, cert, i, facts, ctx.city, ctx.national);
    if (unknown === true) {
      if (beats(p, best)) best = p;
      continue;
    }
    // A level-specific condition that fails (or is unknown) may leave the certificate counting as a lower level.
    const fallback = fallbackLevel(ind, cert);
    if (fallback !== undefined && certificateConditions(ind, cert, i, facts, ctx.city, ctx.national, fallback) === true) {
      const q = certificatePoints(ind, cert, fallback);
      if (q && beats(q, best)) best = q;
    }
    if (unknown !== false) (pending ??= []).push({ points: p, missing: unknown });
  }
  if (pending) {
    for (const entry of pending) {
      if (entry.points.max > best.max) for (const path of entry.missing) if (!ctx.missing.includes(path)) ctx.missing.push(path);
    }
  }
  if (ind.cap !== undefined && best.max > ind.cap) best = { min: Math.min(best.min, ind.cap), max: ind.cap };
  return best;
}

function fallbackLevel(ind: CertificateIndicator, cert: Certificate): number | undefined {
  if (cert.kind !== 'skill' || cert.level === undefined) return undefined;
  const level = cert.level;
  return ind.requires.forLevels?.find((rule) => rule.skillLevels.includes(level))?.otherwiseAsSkillLevel;
}

/** Points of `cert` counted at skill `level` (its own level, or a fallback). */
function certificatePoints(ind: CertificateIndicator, cert: Certificate, level: number | undefined): Range | undefined {
  if (cert.kind === 'skill' && level !== undefined && ind.skillPoints) {
    const p = ind.skillPoints[String(level) as '1'];
    if (p !== undefined) return toRange(p);
    if (!ind.higherLevelsScoreAtLeast) return undefined;
    for (let lower = level + 1; lower <= 5; lower++) {
      const q = ind.skillPoints[String(lower) as '1'];
      if (q !== undefined) return toRange(q);
    }
    return undefined;
  }
  if (cert.kind === 'title' && cert.titleLevel !== undefined && ind.titlePoints) {
    const p = ind.titlePoints[cert.titleLevel];
    return p === undefined ? undefined : toRange(p);
  }
  return undefined;
}

/**
 * true: the certificate qualifies; false: it does not; string[]: unknown, these facts are missing.
 * `level` counts a skill certificate at another level (the fallback of a failed level-specific condition).
 */
export function certificateConditions(
  ind: CertificateIndicator,
  cert: Certificate,
  index: number,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  level: number | undefined = cert.level,
): boolean | string[] {
  const req = ind.requires;
  let missing: string[] | undefined;
  if (req.issuedWhileWorkingInCity) {
    if (cert.issuedWhileWorkingInCity === false) return false;
    if (cert.issuedWhileWorkingInCity === undefined) (missing ??= []).push(`certificates[${index}].issuedWhileWorkingInCity`);
  }
  if (req.matchesJob) {
    if (cert.matchesJob === false) return false;
    if (cert.matchesJob === undefined) (missing ??= []).push(`certificates[${index}].matchesJob`);
  }
  if (req.catalog && cert.kind === 'skill' && !onCatalog(city, req.catalog, cert.occupation, national)) return false;
  if (req.forLevels) {
    for (const rule of req.forLevels) {
      const applies =
        (cert.kind === 'skill' && level !== undefined && rule.skillLevels.includes(level)) ||
        (cert.kind === 'title' && cert.titleLevel !== undefined && rule.titleLevels.includes(cert.titleLevel));
      if (!applies) continue;
      const local: string[] = [];
      const r = evalCondition(rule.when, facts, local);
      if (r === false) return false;
      if (r === null) (missing ??= []).push(...local);
    }
  }
  return missing ?? true;
}

/** Whether an occupation (as written, or its canonical name) is on a catalog; memoised per national rules and catalog. */
const catalogLookups = memoPerObject((_national: NationalRules) => memoTablePerObject<object, boolean>(1000));

export function onCatalog(city: CityRules, catalogId: string, occupation: string, national: NationalRules): boolean {
  const catalog = city.catalogs[catalogId];
  if (!catalog) return false;
  return catalogLookups(national)(catalog).get(
    occupation,
    (name) => catalog.names.has(name) || catalog.names.has(national.canonicalOccupation(name)),
  );
}
