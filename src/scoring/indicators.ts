/**
 * Scoring of one indicator of a points route. Absent facts score nothing and are reported as missing;
 * figures that are ranges in the sources stay ranges.
 */
import { evalCondition } from './conditions.js';
import type { Certificate, Facts } from './facts.js';
import type { CertificateIndicator, Indicator, PointsValue, SimpleIndicator } from './rules-schema.js';
import type { Range } from './result.js';
import type { CityRules, NationalRules } from './types.js';

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

export function toRange(p: PointsValue): Range {
  return typeof p === 'number' ? { min: p, max: p } : p;
}

function get(facts: Facts, fact: string): unknown {
  return (facts as Record<string, unknown>)[fact];
}

/** Points of one indicator for `facts` (veto indicators score nothing here: the route handles them). */
export function scoreIndicator(ind: Indicator, facts: Facts, ctx: ScoreContext): Scored {
  switch (ind.type) {
    case 'bands': {
      const v = get(facts, ind.fact) as number | undefined;
      if (v === undefined) return missingFact(ctx, ind.fact);
      for (const band of ind.bands) {
        if ((band.min === undefined || v >= band.min) && (band.max === undefined || v <= band.max)) {
          return { points: toRange(band.points) };
        }
      }
      return { points: ZERO };
    }
    case 'table': {
      const v = get(facts, ind.fact) as string | undefined;
      if (v === undefined) return missingFact(ctx, ind.fact);
      const p = ind.points[v];
      return { points: p === undefined ? ZERO : toRange(p) };
    }
    case 'per_unit': {
      const v = get(facts, ind.fact) as number | undefined;
      if (v === undefined) return missingFact(ctx, ind.fact);
      const units = Math.floor(v / ind.unit + 1e-9);
      if (ind.countFrom !== undefined && units < ind.countFrom) return { points: ZERO };
      let p = units * ind.pointsPerUnit;
      if (ind.cap !== undefined && p > ind.cap) p = ind.cap;
      return { points: p === 0 ? ZERO : { min: p, max: p } };
    }
    case 'flag': {
      const v = get(facts, ind.fact);
      if (v === undefined) return missingFact(ctx, ind.fact);
      return { points: v === true ? toRange(ind.points) : ZERO };
    }
    case 'deduction': {
      const v = get(facts, ind.fact) as number | undefined;
      if (v === undefined) return missingFact(ctx, ind.fact);
      const p = v * ind.pointsPer;
      return { points: p === 0 ? ZERO : { min: p, max: p } };
    }
    case 'veto':
      return { points: ZERO };
    case 'certificate':
      return { points: scoreCertificates(ind, facts, ctx) };
    case 'best_of':
      return scoreBestOf(ind.of, facts, ctx);
  }
}

function missingFact(ctx: ScoreContext, fact: string): Scored {
  if (!ctx.missing.includes(fact)) ctx.missing.push(fact);
  return { points: ZERO };
}

/**
 * The higher of several indicators counts, never their sum (Shanghai: education or skill/title).
 * Compared by max, then min, so an exact 90 beats a 40–80 range.
 */
function scoreBestOf(children: SimpleIndicator[], facts: Facts, ctx: ScoreContext): Scored {
  let best: { indicator: SimpleIndicator; points: Range } | undefined;
  const all: Array<{ indicator: SimpleIndicator; points: Range }> = [];
  for (const child of children) {
    const { points } = scoreIndicator(child, facts, ctx);
    const entry = { indicator: child, points };
    all.push(entry);
    if (!best || points.max > best.points.max || (points.max === best.points.max && points.min > best.points.min)) best = entry;
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
  if (certs === undefined) {
    missingFact(ctx, 'certificates');
    return ZERO;
  }
  let best: Range = ZERO;
  let pending: Array<{ points: Range; missing: string[] }> | undefined;
  const consider = (p: Range) => {
    if (p.max > best.max || (p.max === best.max && p.min > best.min)) best = p;
  };
  for (let i = 0; i < certs.length; i++) {
    const cert = certs[i]!;
    const p = certificatePoints(ind, cert);
    if (p === undefined) continue;
    const unknown = certificateConditions(ind, cert, i, facts, ctx.city, ctx.national);
    if (unknown === true) consider(p);
    else {
      // A level-specific condition that fails (or is unknown) may leave the certificate counting as a lower level.
      const fallback = fallbackLevel(ind, cert);
      if (fallback !== undefined && certificateConditions(ind, { ...cert, level: fallback }, i, facts, ctx.city, ctx.national) === true) {
        const q = certificatePoints(ind, { ...cert, level: fallback });
        if (q) consider(q);
      }
      if (unknown !== false) (pending ??= []).push({ points: p, missing: unknown });
    }
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
  return ind.requires.forLevels?.find((rule) => rule.skillLevels.includes(cert.level!))?.otherwiseAsSkillLevel;
}

function certificatePoints(ind: CertificateIndicator, cert: Certificate): Range | undefined {
  if (cert.kind === 'skill' && cert.level !== undefined && ind.skillPoints) {
    const p = ind.skillPoints[String(cert.level) as '1'];
    if (p !== undefined) return toRange(p);
    if (!ind.higherLevelsScoreAtLeast) return undefined;
    for (let lower = cert.level + 1; lower <= 5; lower++) {
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

/** true: the certificate qualifies; false: it does not; string[]: unknown, these facts are missing. */
export function certificateConditions(
  ind: CertificateIndicator,
  cert: Certificate,
  index: number,
  facts: Facts,
  city: CityRules,
  national: NationalRules,
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
        (cert.kind === 'skill' && cert.level !== undefined && rule.skillLevels.includes(cert.level)) ||
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

export function onCatalog(city: CityRules, catalogId: string, occupation: string, national: NationalRules): boolean {
  const catalog = city.catalogs[catalogId];
  if (!catalog) return false;
  return catalog.names.has(occupation) || catalog.names.has(national.canonicalOccupation(occupation));
}
