/**
 * validateFacts(): untrusted input (CLI JSON, the chat's collected answers) → Facts, or one error per bad field.
 * The zod schema of facts.ts, made strict (unknown fields are refused), plus the checks that need several fields
 * or today's date. `code` is stable so the chat can phrase each error in Chinese; `message` is English for the CLI.
 */
import { z } from 'zod';
import { isCalendarDate } from './dates.js';
import { certificateSchema, factsSchema, type Facts } from './facts.js';
import { formatPath } from '../text/data-path.js';

export interface FactError {
  /** e.g. "age", "certificates[0].issuedOn" */
  path: string;
  /** too_big, too_small, invalid_type, invalid_value, invalid_format, unknown_field, invalid_date, future_date,
   *  before_issue, before_working_age, exceeds_working_life, required, not_applicable */
  code: string;
  message: string;
}

export type FactsValidation = { ok: true; facts: Facts } | { ok: false; errors: FactError[] };

// Compiled (zod's generated fast path, falling back to the ordinary parser for input it rejects): the chat validates
// the facts after every answer, and the interpreted strict parse was a tenth of a turn's CPU.
const strictFactsSchema = z.compile(
  z.strictObject({
    ...factsSchema.shape,
    certificates: z.array(z.strictObject(certificateSchema.shape)).max(10, 'at most 10 certificates').optional(),
  }),
);

/** Validates facts as of `today` (YYYY-MM-DD). */
export function validateFacts(input: unknown, today: string): FactsValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '(facts)', code: 'invalid_type', message: 'must be a JSON object of facts' }] };
  }
  const parsed = strictFactsSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    // Report every problem at once: the cross-field checks run on the fields that are valid on their own.
    const errors = parsed.error.issues.flatMap(toFactErrors);
    const seen = new Set(errors.map((e) => e.path));
    for (const e of crossFieldErrors(validParts(input as Record<string, unknown>), today)) if (!seen.has(e.path)) errors.push(e);
    return { ok: false, errors };
  }
  const facts = parsed.data as Facts;
  const errors = crossFieldErrors(facts, today);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, facts };
}

/** The fields (and certificates, at their own index) that pass the schema alone; invalid certificates become holes. */
function validParts(input: Record<string, unknown>): Facts {
  const out: Record<string, unknown> = {};
  const shape = factsSchema.shape as Record<string, z.ZodType>;
  for (const [key, value] of Object.entries(input)) {
    if (key === 'certificates' && Array.isArray(value)) {
      out.certificates = value.map((c) => {
        const r = certificateSchema.safeParse(c);
        return r.success ? r.data : undefined;
      });
    } else if (shape[key]?.safeParse(value).success) out[key] = value;
  }
  return out as Facts;
}

function got(input: unknown): string {
  if (input === undefined) return '';
  const text = JSON.stringify(input);
  return ` (got ${text.length > 40 ? `${text.slice(0, 37)}...` : text})`;
}

function toFactErrors(issue: z.core.$ZodIssue): FactError[] {
  const path = formatPath(issue.path) || '(facts)';
  const input = (issue as { input?: unknown }).input;
  const custom = !issue.message.startsWith('Invalid') && !issue.message.startsWith('Too ');
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: path === '(facts)' ? key : `${path}.${key}`,
        code: 'unknown_field',
        message: 'is not a known fact (see docs/scoring.md)',
      }));
    case 'invalid_type':
      if (input === undefined) return [{ path, code: 'required', message: 'is required' }];
      return [{ path, code: 'invalid_type', message: `${custom ? issue.message : `must be ${article(issue.expected)}`}${got(input)}` }];
    case 'invalid_value':
      return [{ path, code: 'invalid_value', message: `must be one of: ${issue.values.map(String).join(', ')}${got(input)}` }];
    case 'too_big':
      return [{ path, code: 'too_big', message: `${custom ? issue.message : `must be at most ${String(issue.maximum)}`}${got(input)}` }];
    case 'too_small':
      return [{ path, code: 'too_small', message: `${custom ? issue.message : `must be at least ${String(issue.minimum)}`}${got(input)}` }];
    default:
      return [{ path, code: issue.code, message: `${issue.message}${got(input)}` }];
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

// Plain loops and module functions, no closures made per call: this runs after every answer in the chat (and tsx,
// which runs the bot, wraps each closure it creates in a naming helper).
function crossFieldErrors(facts: Facts, today: string): FactError[] {
  const errors: FactError[] = [];
  const age = facts.age;
  if (age !== undefined) {
    workingLifeError(errors, facts, age, 'socialInsuranceYears', 16);
    workingLifeError(errors, facts, age, 'publicServiceYears', 16);
    workingLifeError(errors, facts, age, 'remoteSuburbYears', 16);
    workingLifeError(errors, facts, age, 'sameEmployerYears', 16);
    workingLifeError(errors, facts, age, 'housingFundYears', 16);
    const months = facts.continuousInsuranceMonths;
    if (months !== undefined && months > (age - 16) * 12)
      errors.push({
        path: 'continuousInsuranceMonths',
        code: 'exceeds_working_life',
        message: `cannot exceed (age − 16) × 12 = ${(age - 16) * 12} months${got(months)}`,
      });
    if (facts.occupationYears !== undefined && facts.occupationYears > age - 14) {
      errors.push({
        path: 'occupationYears',
        code: 'exceeds_working_life',
        message: `cannot exceed age − 14 = ${age - 14} years${got(facts.occupationYears)}`,
      });
    }
  }
  const certificates = facts.certificates ?? [];
  for (let i = 0; i < certificates.length; i++) {
    // Holes (certificates invalid on their own, see validParts) are checked no further.
    if (!(i in certificates)) continue;
    const cert = certificates[i];
    if (cert) certificateErrors(errors, cert, `certificates[${i}]`, age, today);
  }
  return errors;
}

function workingLifeError(
  errors: FactError[],
  facts: Facts,
  age: number,
  fact: 'socialInsuranceYears' | 'publicServiceYears' | 'remoteSuburbYears' | 'sameEmployerYears' | 'housingFundYears',
  from: number,
): void {
  const v = facts[fact];
  if (v !== undefined && v > age - from)
    errors.push({ path: fact, code: 'exceeds_working_life', message: `cannot exceed age − ${from} = ${age - from} years${got(v)}` });
}

const CERTIFICATE_DATES = ['issuedOn', 'lastReviewOn'] as const;

function certificateErrors(
  errors: FactError[],
  cert: NonNullable<Facts['certificates']>[number],
  at: string,
  age: number | undefined,
  today: string,
): void {
  if (cert.kind === 'skill' && cert.level === undefined)
    addError(errors, `${at}.level`, 'required', 'is required for a skill certificate (5 = 五级 … 1 = 一级)');
  if (cert.kind !== 'skill' && cert.level !== undefined)
    addError(errors, `${at}.level`, 'not_applicable', 'only a skill certificate has a level');
  if (cert.kind === 'title' && cert.titleLevel === undefined)
    addError(errors, `${at}.titleLevel`, 'required', 'is required for a title (junior, intermediate, senior)');
  if (cert.kind !== 'title' && cert.titleLevel !== undefined)
    addError(errors, `${at}.titleLevel`, 'not_applicable', 'only a title has a titleLevel');
  if (cert.kind !== 'special_operation' && cert.lastReviewOn !== undefined) {
    addError(errors, `${at}.lastReviewOn`, 'not_applicable', 'only a special-operation permit is reviewed');
  }
  for (const field of CERTIFICATE_DATES) {
    const date = cert[field];
    if (date === undefined) continue;
    if (!isCalendarDate(date)) addError(errors, `${at}.${field}`, 'invalid_date', `is not a calendar date${got(date)}`);
    else if (date > today) addError(errors, `${at}.${field}`, 'future_date', `must not be after today (${today})${got(date)}`);
  }
  if (cert.issuedOn && cert.lastReviewOn && cert.lastReviewOn < cert.issuedOn) {
    addError(errors, `${at}.lastReviewOn`, 'before_issue', `must not be before issuedOn (${cert.issuedOn})${got(cert.lastReviewOn)}`);
  }
  if (age !== undefined && cert.issuedOn && isCalendarDate(cert.issuedOn)) {
    const yearsAgo = Number(today.slice(0, 4)) - Number(cert.issuedOn.slice(0, 4));
    if (yearsAgo > age - 14)
      addError(errors, `${at}.issuedOn`, 'before_working_age', `would have been issued before age 14${got(cert.issuedOn)}`);
  }
}

function addError(errors: FactError[], path: string, code: string, message: string): void {
  errors.push({ path, code, message });
}
