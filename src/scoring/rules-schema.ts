/**
 * The shape of the rule files (rules/<city>.yaml and rules/national/*.yaml), checked with zod at load.
 * docs/scoring.md documents every field; the loader (rules-parse.ts) adds the cross-reference checks zod cannot do
 * (sources and catalogs that exist, facts that exist and have the right type).
 */
import { z } from 'zod';
import { EDUCATION_LEVELS } from './facts.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_"');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = z.string().min(1, 'must not be empty');

export const rangeSchema = z
  .object({ min: z.number(), max: z.number() })
  .strict()
  .refine((r) => r.min <= r.max, 'min must not exceed max');
/** A figure: exact, or a range from the sources that stays a range. */
export const pointsSchema = z.union([z.number(), rangeSchema], { error: 'expected a number or {min, max}' });
export type PointsValue = z.infer<typeof pointsSchema>;

export const certaintySchema = z.enum(['official', 'estimated']);
export const importanceSchema = z.enum(['core', 'optional']);

export const sourceSchema = z
  .object({
    title: text,
    url: z.string().url().optional(),
    confidence: z.enum(['official', 'secondary-good', 'secondary-weak', 'seed']),
  })
  .strict();
export type RuleSource = z.infer<typeof sourceSchema>;

// ---- the three-valued condition language ----
export type Condition =
  | { all: Condition[]; text?: string }
  | { any: Condition[]; text?: string }
  | { not: Condition; text?: string }
  | { fact: string; is: boolean | string; text?: string }
  | { fact: string; in: string[]; text?: string }
  | { fact: string; atLeast?: number; atMost?: number; text?: string }
  | { skillLevel: SkillLevelBound; text?: string }
  | { certificateIssuedOnOrAfter: string; text?: string };

/**
 * The best skill level held, within bounds. With `matchesJob` / `issuedWhileWorkingInCity`, only the skill
 * certificates with that field true count (Dongguan: a certificate that matches the current post; one issued in
 * the city), and an unknown field makes the condition unknown, naming that certificate's field.
 */
export interface SkillLevelBound {
  atMost?: number;
  atLeast?: number;
  matchesJob?: true;
  issuedWhileWorkingInCity?: true;
}

const levelBound = z.number().int().min(1).max(5);
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.object({ all: z.array(conditionSchema).min(1), text: text.optional() }).strict(),
      z.object({ any: z.array(conditionSchema).min(1), text: text.optional() }).strict(),
      z.object({ not: conditionSchema, text: text.optional() }).strict(),
      z.object({ fact: text, is: z.union([z.boolean(), z.string()]), text: text.optional() }).strict(),
      z.object({ fact: text, in: z.array(z.string()).min(1), text: text.optional() }).strict(),
      z
        .object({ fact: text, atLeast: z.number().optional(), atMost: z.number().optional(), text: text.optional() })
        .strict()
        .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, 'needs atLeast or atMost'),
      z
        .object({
          skillLevel: z
            .object({
              atMost: levelBound.optional(),
              atLeast: levelBound.optional(),
              matchesJob: z.literal(true).optional(),
              issuedWhileWorkingInCity: z.literal(true).optional(),
            })
            .strict(),
          text: text.optional(),
        })
        .strict(),
      z.object({ certificateIssuedOnOrAfter: isoDate, text: text.optional() }).strict(),
    ],
    { error: 'not a valid condition: use all/any/not, {fact, is|in|atLeast|atMost}, {skillLevel}, {certificateIssuedOnOrAfter}' },
  ),
);

// ---- indicators of a points route ----
const group = z.enum(['basic', 'bonus', 'deduction']);
const indicatorBase = {
  id,
  label: text,
  group: group.optional(),
  /** Inherited from the route when absent. */
  source: id.optional(),
  certainty: certaintySchema.optional(),
  importance: importanceSchema.optional(),
  note: text.optional(),
  /**
   * The indicator counts only when this holds (Beijing: 1 point a year of an owned home, 0.5 of a rented one);
   * false scores nothing, unknown scores nothing and reports the condition's missing facts.
   */
  when: conditionSchema.optional(),
};
const skillLevelKey = z.enum(['1', '2', '3', '4', '5']);
const titleLevelKey = z.enum(['junior', 'intermediate', 'senior']);

const bandsIndicator = z
  .object({
    ...indicatorBase,
    type: z.literal('bands'),
    fact: text,
    bands: z.array(z.object({ min: z.number().optional(), max: z.number().optional(), points: pointsSchema }).strict()).min(1),
  })
  .strict();
const tableIndicator = z
  .object({ ...indicatorBase, type: z.literal('table'), fact: text, points: z.record(z.string(), pointsSchema) })
  .strict();
const perUnitIndicator = z
  .object({
    ...indicatorBase,
    type: z.literal('per_unit'),
    fact: text,
    /** Points per full unit of the fact (e.g. per full year); a range where the sources give one (Tianjin: 10–15 a
     *  year of an owned home, by district). */
    pointsPerUnit: pointsSchema,
    unit: z.number().positive().default(1),
    /** Nothing counts below this many full units; from there on every full unit counts. */
    countFrom: z.number().min(0).optional(),
    /** Only the full units beyond this many count (Tianjin: 28 a year after the first 3 years of insurance). */
    countAbove: z.number().min(0).optional(),
    cap: z.number().optional(),
  })
  .strict();
const certificateIndicator = z
  .object({
    ...indicatorBase,
    type: z.literal('certificate'),
    skillPoints: z.partialRecord(skillLevelKey, pointsSchema).optional(),
    titlePoints: z.partialRecord(titleLevelKey, pointsSchema).optional(),
    cap: z.number().optional(),
    /** A skill level above the listed ones, with no figure of its own, scores what the nearest listed lower level
     *  scores (Xuchang: the seed gives only 中级工; a 高级工 scores at least that). */
    higherLevelsScoreAtLeast: z.boolean().optional(),
    requires: z
      .object({
        issuedWhileWorkingInCity: z.literal(true).optional(),
        matchesJob: z.literal(true).optional(),
        /** Skill certificates only: the occupation must be on this catalog. */
        catalog: id.optional(),
        /** A fact condition that applies only to some levels (Shanghai: 二级/一级 and 中/高级职称 need the insurance base). */
        forLevels: z
          .array(
            z
              .object({
                skillLevels: z.array(levelBound).default([]),
                titleLevels: z.array(titleLevelKey).default([]),
                when: conditionSchema,
                text,
                /** The condition in a few words, for "+40分，前提是{premise}" while it is not known to hold. */
                premise: text.optional(),
                /** When `when` is false (or unknown), a skill certificate of these levels still counts as this level. */
                otherwiseAsSkillLevel: levelBound.optional(),
              })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
const flagIndicator = z.object({ ...indicatorBase, type: z.literal('flag'), fact: text, points: pointsSchema }).strict();
const deductionIndicator = z
  .object({ ...indicatorBase, type: z.literal('deduction'), fact: text, pointsPer: z.number().max(0, 'must be negative or 0') })
  .strict();
const vetoIndicator = z.object({ ...indicatorBase, type: z.literal('veto'), fact: text, text }).strict();

const simpleIndicator = z.discriminatedUnion('type', [
  bandsIndicator,
  tableIndicator,
  perUnitIndicator,
  certificateIndicator,
  flagIndicator,
]);
const bestOfIndicator = z.object({ ...indicatorBase, type: z.literal('best_of'), of: z.array(simpleIndicator).min(2) }).strict();
export const indicatorSchema = z.discriminatedUnion('type', [
  bandsIndicator,
  tableIndicator,
  perUnitIndicator,
  certificateIndicator,
  flagIndicator,
  deductionIndicator,
  vetoIndicator,
  bestOfIndicator,
]);
export type Indicator = z.infer<typeof indicatorSchema>;
export type SimpleIndicator = z.infer<typeof simpleIndicator>;
export type CertificateIndicator = z.infer<typeof certificateIndicator>;

// ---- routes ----
const routeBase = {
  id,
  name: text,
  certainty: certaintySchema,
  supplementary: z.boolean().optional(),
  source: id,
  /** Further sources shown with the route. */
  alsoSources: z.array(id).optional(),
  importance: importanceSchema.optional(),
  notes: z.array(text).optional(),
  /**
   * A route whose conditions or current validity the sources leave open (a 2019–2021 scheme, an unstated number of
   * years): when its conditions hold it is `unknown`, never `eligible`, and this zh-CN text (may use {amount}) says why.
   */
  atMostUnknown: text.optional(),
  /**
   * The oldest age at which the route can be used (e.g. a talent route "≤45"). Projections ("when you get there")
   * stop there; a route that also requires it as a condition says so in `requires`.
   */
  ageLimit: z
    .object({ atMost: z.number().int().min(16).max(80), source: id.optional(), text })
    .strict()
    .optional(),
};
const sourcedValue = z.object({ value: z.number().positive(), source: id, certainty: certaintySchema }).strict();
const pointsRoute = z
  .object({
    ...routeBase,
    kind: z.literal('points'),
    threshold: sourcedValue.optional(),
    /**
     * The city ranks applicants against a yearly quota (or the sources leave open whether a score is enough): there
     * is no pass mark. `text` (zh) is what the result says instead; `minimumToApply` the score needed to apply, where
     * sourced. Such a route is never `eligible`.
     */
    ranking: z.object({ text, minimumToApply: sourcedValue.optional() }).strict().optional(),
    /**
     * zh: which basic items of the table were not found. The total is then a lower bound: below the threshold the
     * route is `unknown` (with this text), not `not_yet`.
     */
    incomplete: text.optional(),
    prerequisites: z.array(z.object({ id, text, when: conditionSchema, source: id.optional() }).strict()).optional(),
    indicators: z.array(indicatorSchema).min(1),
  })
  .strict()
  .refine((r) => !(r.threshold && r.ranking), 'a route has either a threshold or a ranking, not both');
const eligibilityRoute = z.object({ ...routeBase, kind: z.literal('eligibility'), requires: conditionSchema }).strict();
const amountTable = z.partialRecord(skillLevelKey, pointsSchema);
const benefitRoute = z
  .object({
    ...routeBase,
    kind: z.literal('benefit'),
    requires: conditionSchema.optional(),
    /** Yuan per held skill certificate (each occupation and level once). Absent: the amount is not known. */
    amount: z
      .object({
        perSkillLevel: amountTable,
        instead: z.object({ when: conditionSchema, perSkillLevel: amountTable }).strict().optional(),
        certificatesIssuedOnOrAfter: isoDate.optional(),
        /** zh reason shown when no held certificate qualifies (which levels, from when). */
        text: text.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export const routeSchema = z.discriminatedUnion('kind', [pointsRoute, eligibilityRoute, benefitRoute]);
export type RouteRule = z.infer<typeof routeSchema>;
export type PointsRouteRule = z.infer<typeof pointsRoute>;
export type BenefitRouteRule = z.infer<typeof benefitRoute>;

export type EligibilityRouteRule = z.infer<typeof eligibilityRoute>;

export const catalogSchema = z
  .object({ name: text, source: id, certainty: certaintySchema, entries: z.array(text).min(1), notes: z.array(text).optional() })
  .strict();

export const cityFileSchema = z
  .object({
    id,
    name: text,
    aliases: z.array(text).min(1),
    /** Administrative context shown to the user, e.g. 重庆市涪陵区. */
    region: text.optional(),
    sources: z.record(id, sourceSchema),
    catalogs: z.record(id, catalogSchema).optional(),
    routes: z.array(routeSchema).min(1),
    notes: z.array(text).optional(),
  })
  .strict();
export type CityFile = z.infer<typeof cityFileSchema>;

// ---- national files, told apart by `kind` ----
const sitPath = z
  .object({
    id,
    /** zh-CN description of the path, shown as sitBasis. */
    text,
    /** Holding this level, then `years` in the occupation after obtaining it. */
    afterLevel: levelBound.optional(),
    years: z.number().min(0).optional(),
    /** Total years in the occupation. */
    occupationYears: z.number().min(0).optional(),
    /** Education that qualifies (with the other conditions of the path). */
    education: z.array(z.enum(EDUCATION_LEVELS)).optional(),
    /** The diploma must be in 本专业 or a 相关专业 (fact relatedMajor; asked only when it would give an earlier date). */
    relatedMajor: z.literal(true).optional(),
    /** The path needs something the facts do not record (a diploma in a related major, an apprenticeship): kept as
     *  data, not used for dates. */
    unmodelled: z.boolean().optional(),
  })
  .strict();
export type SitPath = z.infer<typeof sitPath>;

export const skillStandardsFileSchema = z
  .object({
    kind: z.literal('skill-standards'),
    sources: z.record(id, sourceSchema),
    /** Projections stop at this age (no route is reached by waiting past retirement). */
    workingLife: z
      .object({
        retirementAge: z.number().int().min(40).max(80),
        /** When the applicant's sex is known to be female. */
        retirementAgeFemale: z.number().int().min(40).max(80).optional(),
        source: id,
        note: text,
      })
      .strict(),
    standards: z.array(
      z
        .object({
          occupation: text,
          code: text,
          aliases: z.array(text).default([]),
          source: id,
          certainty: certaintySchema,
          levels: z.partialRecord(skillLevelKey, z.array(sitPath).min(1)),
          /** 本专业/相关专业 named by the standard (not complete: an unlisted major is asked, never refused). */
          relatedMajors: z.array(text).default([]),
          notes: z.array(text).optional(),
        })
        .strict(),
    ),
    /** A special-operation permit whose name contains `contains` belongs to this skill occupation. */
    permitOccupations: z.array(z.object({ contains: text, occupation: text }).strict()).default([]),
    /** Catalog occupations close to an occupation, tried in order when it is not on a city's catalog. */
    relatedOccupations: z.record(z.string(), z.array(text)).default({}),
  })
  .strict();
export type SkillStandardsFile = z.infer<typeof skillStandardsFileSchema>;

export const specialOperationFileSchema = z
  .object({
    kind: z.literal('special-operation-permit'),
    sources: z.record(id, sourceSchema),
    validityYears: z.number().positive(),
    reviewEveryYears: z.number().positive(),
    extendedReviewEveryYears: z.number().positive(),
    extendedAfterContinuousYears: z.number().positive(),
    applyWithinDaysBefore: z.number().int().positive(),
    source: id,
    certainty: certaintySchema,
    notes: z.array(text).optional(),
  })
  .strict();
export type SpecialOperationFile = z.infer<typeof specialOperationFileSchema>;

export const explanationsFileSchema = z
  .object({
    kind: z.literal('explanations'),
    /** Template strings with {placeholders}; see docs/scoring.md for the placeholders each receives. */
    templates: z
      .object({
        reaches_threshold: text,
        makes_eligible: text,
        points_gain: text,
        amount_gain: text,
        no_gain: text,
        sit_now_alternative: text,
        alternative_points: text,
        alternative_amount: text,
        sit_now: text,
        sit_on: text,
        sit_unknown: text,
        best_of_note: text,
        best_of_other: text,
        no_gain_estimated: text,
        estimated_amount: text,
        level_condition: text,
        conditional_gain: text,
        off_job: text,
        estimated_points_gain: text,
        estimated_amount_gain: text,
        estimated_points: text,
        item_conditions: text,
        item_condition_in_city: text,
        item_condition_matches_job: text,
        condition_join: text,
        sit_if_related_major: text,
      })
      .strict(),
    skillLevelNames: z.record(skillLevelKey, text),
    /** Reasons the engine states when the rule file gives no text of its own. */
    reasons: z
      .object({
        prerequisite_failed: text,
        condition_failed: text,
        vetoed: text,
        no_threshold: text,
        no_qualifying_certificate: text,
        facts_missing: text,
        range_straddles_threshold: text,
        below_threshold: text,
        below_minimum: text,
      })
      .strict(),
  })
  .strict();
export type ExplanationsFile = z.infer<typeof explanationsFileSchema>;
