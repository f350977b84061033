/**
 * What all cities share: the national skill standards (who may sit for which level, and when) and the
 * 特种作业操作证 validity and review rules (安监总局令第30号).
 */
import { addDays, addMonths, addYears, monthsUntil } from './dates.js';
import type { Certificate, Facts } from './facts.js';
import type { ExplanationsFile, SkillStandardsFile, SpecialOperationFile } from './rules-schema.js';
import type { PermitSchedule, PermitState, PermitStatus } from './result.js';
import type { NationalRules, SkillStandard } from './types.js';

export type { PermitSchedule, PermitState, PermitStatus } from './result.js';

export function buildNational(file: SkillStandardsFile, special: SpecialOperationFile, explanations: ExplanationsFile): NationalRules {
  const canonical = new Map<string, string>();
  const standards: SkillStandard[] = file.standards.map((s) => {
    canonical.set(s.occupation, s.occupation);
    for (const alias of s.aliases) canonical.set(alias, s.occupation);
    return {
      occupation: s.occupation,
      code: s.code,
      aliases: s.aliases,
      source: sourceOf(file, s.source),
      certainty: s.certainty,
      levels: s.levels,
      relatedMajors: s.relatedMajors,
    };
  });
  const byOccupation = new Map(standards.map((s) => [s.occupation, s]));
  const canonicalOccupation = (name: string) => {
    const trimmed = name.trim();
    return canonical.get(trimmed) ?? trimmed;
  };
  const specialSource = special.sources[special.source];
  return {
    standards,
    canonicalOccupation,
    standardFor: (occupation) => byOccupation.get(canonicalOccupation(occupation)),
    permitOccupation: (permit) => file.permitOccupations.find((p) => permit.includes(p.contains))?.occupation,
    relatedOccupations: file.relatedOccupations,
    workingLife: {
      retirementAge: file.workingLife.retirementAge,
      retirementAgeFemale: file.workingLife.retirementAgeFemale ?? file.workingLife.retirementAge,
      note: file.workingLife.note,
      source: sourceOf(file, file.workingLife.source),
    },
    specialOperation: {
      ...special,
      sourceRef: {
        id: special.source,
        title: specialSource?.title ?? special.source,
        ...(specialSource?.url ? { url: specialSource.url } : {}),
      },
    },
    explanations,
  };
}

function sourceOf(file: SkillStandardsFile, id: string) {
  const src = file.sources[id];
  return src ? { id, title: src.title, ...(src.url ? { url: src.url } : {}) } : { id, title: id };
}

export interface SitDate {
  /** Earliest date by the paths that can be computed from the facts; null when none can. */
  earliestDate: string | null;
  /** true: may sit today; false: not before earliestDate; null: unknown (a path lacks facts). */
  canSitNow: boolean | null;
  /** zh-CN text of the path that gives earliestDate. */
  basis?: string;
  /** Fact paths that would let more paths be computed. */
  missing: string[];
  /** The earlier date a diploma in a related major would give (relatedMajor unknown), and that path's text. */
  ifRelatedMajor?: string;
  ifRelatedMajorBasis?: string;
}

/**
 * When the applicant may sit for `level` in `occupation` under the national standard.
 * "After obtaining level P, N years in the occupation" is counted from the certificate's issuedOn (assuming work
 * continues); "N years in the occupation" from today plus the years still lacking. A path that needs a diploma in a
 * related major (relatedMajor) counts when the fact is true; while it is unknown the path is computed as if true,
 * and only when that would give an earlier date is `relatedMajor` reported missing (the chat asks it) and the date
 * given as `ifRelatedMajor`. Apprenticeships and other unmodelled paths are data only.
 */
export function sitDate(occupation: string, level: number, facts: Facts, today: string, national: NationalRules): SitDate {
  const standard = national.standardFor(occupation);
  const paths = standard?.levels[String(level) as '1'];
  if (!standard || !paths) return { earliestDate: null, canSitNow: null, missing: [] };
  let best: { date: string; basis: string } | undefined;
  let ifMajor: { date: string; basis: string } | undefined;
  let unknown = false;
  const missing: string[] = [];
  for (const path of paths) {
    if (path.unmodelled) continue;
    const majorUnknown = path.relatedMajor === true && facts.relatedMajor === undefined;
    if (path.relatedMajor && facts.relatedMajor === false) continue;
    const pathMissing: string[] = [];
    const date = pathDate(path, standard.occupation, facts, today, national, pathMissing);
    if (date === undefined) continue; // the path does not apply to this applicant
    if (date === null) {
      unknown = true;
      for (const m of pathMissing) if (!missing.includes(m)) missing.push(m);
      continue;
    }
    if (majorUnknown) {
      if (!ifMajor || date < ifMajor.date) ifMajor = { date, basis: path.text };
      continue;
    }
    if (!best || date < best.date) best = { date, basis: path.text };
  }
  const out: SitDate = { earliestDate: null, canSitNow: unknown ? null : false, missing };
  if (best) {
    const now = best.date <= today;
    out.earliestDate = now ? today : best.date;
    out.canSitNow = now ? true : unknown ? null : false;
    out.basis = best.basis;
    // Nothing can be earlier than today: the facts other paths lack no longer matter.
    if (now) out.missing = [];
  }
  // The major decides the date only if its path is earlier than every known one.
  if (ifMajor && (!best || ifMajor.date < best.date) && out.canSitNow !== true) {
    if (!missing.includes('relatedMajor')) missing.push('relatedMajor');
    out.ifRelatedMajor = ifMajor.date <= today ? today : ifMajor.date;
    out.ifRelatedMajorBasis = ifMajor.basis;
    out.canSitNow = null;
  }
  return out;
}

/** A date; null when the path could apply but facts are missing; undefined when it cannot apply. */
function pathDate(
  path: NonNullable<SkillStandard['levels']['1']>[number],
  occupation: string,
  facts: Facts,
  today: string,
  national: NationalRules,
  missing: string[],
): string | null | undefined {
  let date = today;
  if (path.education) {
    if (facts.education === undefined) {
      missing.push('education');
      return null;
    }
    if (!path.education.includes(facts.education)) return undefined;
  }
  if (path.afterLevel !== undefined) {
    const held = heldAtOrAbove(facts.certificates ?? [], occupation, path.afterLevel, national);
    if (held.length === 0) return undefined;
    let earliest: string | null = null;
    for (const { cert, index } of held) {
      if (cert.issuedOn === undefined) {
        missing.push(`certificates[${index}].issuedOn`);
        continue;
      }
      const d = addYears(cert.issuedOn, path.years ?? 0);
      if (earliest === null || d < earliest) earliest = d;
    }
    if (earliest === null) return null;
    if (earliest > date) date = earliest;
  }
  if (path.occupationYears !== undefined) {
    if (facts.occupationYears === undefined) {
      missing.push('occupationYears');
      return null;
    }
    const d = addMonths(today, monthsUntil(facts.occupationYears, path.occupationYears));
    if (d > date) date = d;
  }
  return date;
}

function heldAtOrAbove(certs: Certificate[], occupation: string, level: number, national: NationalRules) {
  const out: Array<{ cert: Certificate; index: number }> = [];
  certs.forEach((cert, index) => {
    if (
      cert.kind === 'skill' &&
      cert.level !== undefined &&
      cert.level <= level &&
      national.canonicalOccupation(cert.occupation) === occupation
    ) {
      out.push({ cert, index });
    }
  });
  return out;
}

/**
 * Review and expiry dates of a 特种作业操作证 (令第30号 Art. 19–22): every 3 years from the issue or the last review,
 * valid 6 years, apply within 60 days before. The 6-year interval after 10 continuous years is given apart
 * (`extendedReviewDueOn`): it needs the issuer's consent, so it is never assumed.
 */
export function permitSchedule(cert: Certificate, national: NationalRules, occupationYears?: number): PermitSchedule | undefined {
  if (cert.kind !== 'special_operation' || cert.issuedOn === undefined) return undefined;
  const rules = national.specialOperation;
  const before = -rules.applyWithinDaysBefore;
  const last = cert.lastReviewOn ?? cert.issuedOn;
  // A review within the 60 days before expiry is the renewal: the permit then runs for another validity period.
  let expiresOn = addYears(cert.issuedOn, rules.validityYears);
  for (let k = 2; addDays(expiresOn, before) <= last && k < 20; k++) expiresOn = addYears(cert.issuedOn, rules.validityYears * k);
  const reviewDueOn = addYears(last, rules.reviewEveryYears);
  const out: PermitSchedule = { expiresOn, reviewDueOn, applyFrom: addDays(reviewDueOn, before), renewFrom: addDays(expiresOn, before) };
  if (occupationYears !== undefined && occupationYears >= rules.extendedAfterContinuousYears)
    out.extendedReviewDueOn = addYears(last, rules.extendedReviewEveryYears);
  return out;
}

/** Every permit among the facts, with where it stands on `today`. */
export function permitStatuses(facts: Facts, today: string, national: NationalRules): PermitStatus[] {
  const certs = facts.certificates;
  if (!certs) return NO_PERMITS;
  let out: PermitStatus[] | undefined;
  for (let index = 0; index < certs.length; index++) {
    const cert = certs[index]!;
    if (cert.kind !== 'special_operation' || cert.issuedOn === undefined) continue;
    (out ??= []).push(permitStatus(cert, index, facts.occupationYears, today, national));
  }
  return out ?? NO_PERMITS;
}

/** Statuses by permit and day: a user's result is computed on most turns with the same permit (bounded; frozen). */
const statusMemo = new WeakMap<NationalRules, Map<string, PermitStatus>>();
const STATUS_MEMO_LIMIT = 2048;

function permitStatus(
  cert: Certificate,
  index: number,
  occupationYears: number | undefined,
  today: string,
  national: NationalRules,
): PermitStatus {
  const extended = occupationYears !== undefined && occupationYears >= national.specialOperation.extendedAfterContinuousYears;
  const key = `${index}|${cert.occupation}|${cert.issuedOn}|${cert.lastReviewOn ?? ''}|${extended ? 1 : 0}|${today}`;
  let memo = statusMemo.get(national);
  if (!memo) {
    memo = new Map();
    statusMemo.set(national, memo);
  }
  let status = memo.get(key);
  if (!status) {
    const schedule = permitSchedule(cert, national, occupationYears)!;
    const state: PermitState =
      today >= schedule.expiresOn
        ? 'expired'
        : today > schedule.reviewDueOn
          ? 'review_overdue'
          : today >= schedule.applyFrom
            ? 'apply_now'
            : 'ok';
    status = Object.freeze({ ...schedule, index, occupation: cert.occupation, state, lastReviewKnown: cert.lastReviewOn !== undefined });
    if (memo.size >= STATUS_MEMO_LIMIT) memo.clear();
    memo.set(key, status);
  }
  return status;
}

const NO_PERMITS: PermitStatus[] = Object.freeze([]) as unknown as PermitStatus[];
