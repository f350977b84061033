/**
 * The three-valued condition language of the rule files: true, false, or null (unknown, because a fact is absent).
 * An unknown result reports the fact paths whose absence made it unknown, so the chat can ask for exactly those.
 */
import type { Facts } from './facts.js';
import type { Condition, SkillLevelBound } from './rules-schema.js';
import { memoPerObject } from '../cache/memo-per-object.js';

export type Truth = boolean | null;

/** A condition compiled into a closure: same contract as evalCondition. */
export type CompiledCondition = (facts: Facts, missing: string[] | null) => Truth;

/** Evaluates `c`; when the result is null, the missing fact paths are appended to `missing`. */
export function evalCondition(c: Condition, facts: Facts, missing: string[] | null): Truth {
  return compileCondition(c)(facts, missing);
}

/** The closure for `c`, compiled on first use and memoised per rule object (rules are immutable after load). */
export const compileCondition: (c: Condition) => CompiledCondition = memoPerObject((c: Condition) => buildCondition(c));

function buildCondition(c: Condition): CompiledCondition {
  if ('all' in c) return allOf(c.all.map(compileCondition));
  if ('any' in c) return anyOf(c.any.map(compileCondition));
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (facts, missing) => {
      const r = inner(facts, missing);
      return r === null ? null : !r;
    };
  }
  if ('skillLevel' in c) {
    const bound = c.skillLevel;
    return (facts, missing) => evalSkillLevel(bound, facts, missing);
  }
  if ('certificateIssuedOnOrAfter' in c) {
    const date = c.certificateIssuedOnOrAfter;
    return (facts, missing) => evalIssuedOnOrAfter(date, facts, missing);
  }
  const fact = c.fact;
  let test: (value: unknown) => boolean;
  if ('is' in c) {
    const is = c.is;
    test = (value) => value === is;
  } else if ('in' in c) {
    const values: readonly unknown[] = c.in;
    test = (value) => values.includes(value);
  } else {
    const atLeast = c.atLeast;
    const atMost = c.atMost;
    test = (value) =>
      !(atLeast !== undefined && !((value as number) >= atLeast)) && !(atMost !== undefined && !((value as number) <= atMost));
  }
  return (facts, missing) => {
    const value = (facts as Record<string, unknown>)[fact];
    if (value === undefined) {
      // A fact an indicator already listed (the insurance years both score and decide a prerequisite) is listed once.
      if (missing && !missing.includes(fact)) missing.push(fact);
      return null;
    }
    return test(value);
  };
}

/** false as soon as one child is false; unknown children report their missing facts only if none is false. */
function allOf(children: CompiledCondition[]): CompiledCondition {
  return (facts, missing) => {
    let unknown = false;
    const local: string[] | null = missing ? [] : null;
    for (const child of children) {
      const r = child(facts, local);
      if (r === false) return false;
      if (r === null) unknown = true;
    }
    if (unknown && missing && local) pushAll(missing, local);
    return unknown ? null : true;
  };
}

/** true as soon as one child is true; unknown children report their missing facts only if none is true. */
function anyOf(children: CompiledCondition[]): CompiledCondition {
  return (facts, missing) => {
    let unknown = false;
    const local: string[] | null = missing ? [] : null;
    for (const child of children) {
      const r = child(facts, local);
      if (r === true) return true;
      if (r === null) unknown = true;
    }
    if (unknown && missing && local) pushAll(missing, local);
    return unknown ? null : false;
  };
}

/** Best (numerically lowest) skill level held: 1 = 一级 is the highest. */
export function bestSkillLevel(facts: Facts): number | undefined {
  let best: number | undefined;
  for (const cert of facts.certificates ?? []) {
    if (cert.kind === 'skill' && cert.level !== undefined && (best === undefined || cert.level < best)) best = cert.level;
  }
  return best;
}

function evalSkillLevel(bound: SkillLevelBound, facts: Facts, missing: string[] | null): Truth {
  if (facts.certificates === undefined) {
    missing?.push('certificates');
    return null;
  }
  if (bound.matchesJob || bound.issuedWhileWorkingInCity) return someSkillCertificate(bound, facts.certificates, missing);
  const best = bestSkillLevel(facts);
  if (best === undefined) return false;
  if (bound.atMost !== undefined && best > bound.atMost) return false;
  if (bound.atLeast !== undefined && best < bound.atLeast) return false;
  return true;
}

/** Some skill certificate within the bounds has the required fields true; unknown when only unknown ones could. */
function someSkillCertificate(bound: SkillLevelBound, certs: NonNullable<Facts['certificates']>, missing: string[] | null): Truth {
  let unknown = false;
  for (let i = 0; i < certs.length; i++) {
    const cert = certs[i]!;
    if (cert.kind !== 'skill' || cert.level === undefined) continue;
    if (bound.atMost !== undefined && cert.level > bound.atMost) continue;
    if (bound.atLeast !== undefined && cert.level < bound.atLeast) continue;
    const job = bound.matchesJob ? cert.matchesJob : true;
    const city = bound.issuedWhileWorkingInCity ? cert.issuedWhileWorkingInCity : true;
    if (job === false || city === false) continue;
    if (job === true && city === true) return true;
    unknown = true;
    if (job === undefined) missing?.push(`certificates[${i}].matchesJob`);
    if (city === undefined) missing?.push(`certificates[${i}].issuedWhileWorkingInCity`);
  }
  return unknown ? null : false;
}

function evalIssuedOnOrAfter(date: string, facts: Facts, missing: string[] | null): Truth {
  const certs = facts.certificates;
  if (certs === undefined) {
    missing?.push('certificates');
    return null;
  }
  let unknown = false;
  for (let i = 0; i < certs.length; i++) {
    const issued = certs[i]!.issuedOn;
    if (issued === undefined) {
      unknown = true;
      missing?.push(`certificates[${i}].issuedOn`);
    } else if (issued >= date) return true;
  }
  return unknown ? null : false;
}

/** The rule-file texts of the failed parts of a false condition, outermost first (for reasons). */
export function failedTexts(c: Condition, facts: Facts, out: string[] = []): string[] {
  if (evalCondition(c, facts, null) !== false) return out;
  if (c.text) {
    out.push(c.text);
    return out;
  }
  if ('all' in c) for (const child of c.all) failedTexts(child, facts, out);
  else if ('any' in c) for (const child of c.any) failedTexts(child, facts, out);
  return out;
}

/** Every top-level fact name a condition reads ('certificates' for the certificate conditions). */
export function conditionFacts(c: Condition, out: Set<string> = new Set()): Set<string> {
  if ('all' in c) c.all.forEach((x) => conditionFacts(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionFacts(x, out));
  else if ('not' in c) conditionFacts(c.not, out);
  else if ('skillLevel' in c) {
    out.add('certificates');
    if (c.skillLevel.matchesJob) out.add('certificates.matchesJob');
    if (c.skillLevel.issuedWhileWorkingInCity) out.add('certificates.issuedWhileWorkingInCity');
  } else if ('certificateIssuedOnOrAfter' in c) {
    out.add('certificates');
    out.add('certificates.issuedOn');
  } else out.add(c.fact);
  return out;
}

/** Numeric thresholds a condition sets on `fact` (atLeast values), for finding the dates time crosses them. */
export function conditionThresholds(c: Condition, fact: string, out: number[] = []): number[] {
  if ('all' in c) c.all.forEach((x) => conditionThresholds(x, fact, out));
  else if ('any' in c) c.any.forEach((x) => conditionThresholds(x, fact, out));
  else if ('not' in c) conditionThresholds(c.not, fact, out);
  else if ('fact' in c && c.fact === fact && 'atLeast' in c && c.atLeast !== undefined) out.push(c.atLeast);
  return out;
}

function pushAll(target: string[], items: string[]): void {
  for (const item of items) if (!target.includes(item)) target.push(item);
}
