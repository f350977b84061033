/**
 * What all cities share: the national skill standards (who may sit for which level, and when) and the
 * 特种作业操作证 validity and review rules (安监总局令第30号).
 */
import { addDays, addMonths, addYears, monthsUntil } from './dates.js';
import type { Certificate, Facts } from './facts.js';
import type { ExplanationsFile, SkillStandardsFile, SpecialOperationFile } from './rules-schema.js';
import type { NationalRules, SkillStandard } from './types.js';

export function buildNational(file: SkillStandardsFile, special: SpecialOperationFile, explanations: ExplanationsFile): NationalRules {
  const canonical = new Map<string, string>();
  const standards: SkillStandard[] = file.standards.map((s) => {
    canonical.set(s.occupation, s.occupation);
    for (const alias of s.aliases) canonical.set(alias, s.occupation);
    const src = file.sources[s.source];
    return {
      occupation: s.occupation,
      code: s.code,
      aliases: s.aliases,
      source: src ? { id: s.source, title: src.title, ...(src.url ? { url: src.url } : {}) } : { id: s.source, title: s.source },
      certainty: s.certainty,
      levels: s.levels,
    };
  });
  const byOccupation = new Map(standards.map((s) => [s.occupation, s]));
  const canonicalOccupation = (name: string) => canonical.get(name.trim()) ?? name.trim();
  const specialSource = special.sources[special.source];
  return {
    standards,
    canonicalOccupation,
    standardFor: (occupation) => byOccupation.get(canonicalOccupation(occupation)),
    permitOccupation: (permit) => file.permitOccupations.find((p) => permit.includes(p.contains))?.occupation,
    relatedOccupations: file.relatedOccupations,
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

export interface SitDate {
  /** Earliest date by the paths that can be computed from the facts; null when none can. */
  earliestDate: string | null;
  /** true: may sit today; false: not before earliestDate; null: unknown (a path lacks facts). */
  canSitNow: boolean | null;
  /** zh-CN text of the path that gives earliestDate. */
  basis?: string;
  /** Fact paths that would let more paths be computed. */
  missing: string[];
}

/**
 * When the applicant may sit for `level` in `occupation` under the national standard.
 * "After obtaining level P, N years in the occupation" is counted from the certificate's issuedOn (assuming work
 * continues); "N years in the occupation" from today plus the years still lacking. Paths that need a diploma in a
 * related major are not used: the facts do not record the major.
 */
export function sitDate(occupation: string, level: number, facts: Facts, today: string, national: NationalRules): SitDate {
  const standard = national.standardFor(occupation);
  const paths = standard?.levels[String(level) as '1'];
  if (!standard || !paths) return { earliestDate: null, canSitNow: null, missing: [] };
  let best: { date: string; basis: string } | undefined;
  let unknown = false;
  const missing: string[] = [];
  for (const path of paths) {
    if (path.unmodelled) continue;
    const date = pathDate(path, standard.occupation, facts, today, national, missing);
    if (date === undefined) continue; // the path does not apply to this applicant
    if (date === null) {
      unknown = true;
      continue;
    }
    if (!best || date < best.date) best = { date, basis: path.text };
  }
  if (!best) return { earliestDate: null, canSitNow: unknown ? null : false, missing };
  const now = best.date <= today;
  return { earliestDate: now ? today : best.date, canSitNow: now ? true : unknown ? null : false, basis: best.basis, missing };
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

export interface PermitSchedule {
  /** The permit expires (6 years after issue) unless renewed. */
  expiresOn: string;
  /** Next 复审 due date: every 3 years from issue or the last review. */
  reviewDueOn: string;
  /** The review may be applied for from this date (60 days before it is due). */
  applyFrom: string;
  /** Renewal at expiry follows the same procedure (Art. 22): it may be applied for from this date. */
  renewFrom: string;
}

/**
 * Review and expiry dates of a 特种作业操作证. The 6-year interval for 10+ continuous years needs the issuer's
 * consent, so it is not assumed here.
 */
export function permitSchedule(cert: Certificate, national: NationalRules): PermitSchedule | undefined {
  if (cert.kind !== 'special_operation' || cert.issuedOn === undefined) return undefined;
  const rules = national.specialOperation;
  const expiresOn = addYears(cert.issuedOn, rules.validityYears);
  const reviewDueOn = addYears(cert.lastReviewOn ?? cert.issuedOn, rules.reviewEveryYears);
  const before = -rules.applyWithinDaysBefore;
  return { expiresOn, reviewDueOn, applyFrom: addDays(reviewDueOn, before), renewFrom: addDays(expiresOn, before) };
}
