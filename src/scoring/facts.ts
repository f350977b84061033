/**
 * The applicant's facts: everything a city's rules may score, and nothing else (no names, no ID numbers).
 * A fact that is absent scores nothing and is reported as missing by the routes that use it.
 */
import { z } from 'zod';

export const EDUCATION_LEVELS = [
  'none',
  'middle_school',
  'high_school',
  'technical_school',
  'junior_college',
  'bachelor', // 本科, no degree
  'bachelor_degree', // 本科 with 学士学位
  'master',
  'doctor',
] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

export const CERTIFICATE_KINDS = ['skill', 'special_operation', 'title'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export const TITLE_LEVELS = ['junior', 'intermediate', 'senior'] as const;
export type TitleLevel = (typeof TITLE_LEVELS)[number];

/** 社保缴费基数 relative to the previous year's average wage (Shanghai's base bonus item). */
export const INSURANCE_BASE_TIERS = ['below_80', '80_100', '100_200', '200_300', 'at_300'] as const;
export type InsuranceBaseTier = (typeof INSURANCE_BASE_TIERS)[number];

export const AWARD_LEVELS = ['none', 'city_special', 'city_comprehensive', 'provincial_or_national'] as const;
export type AwardLevel = (typeof AWARD_LEVELS)[number];

/** Groups eligible for Chongqing's 职业技能鉴定补贴 (渝人社发〔2014〕108号). */
export const SUBSIDY_TARGET_GROUPS = [
  'none',
  'registered_unemployed',
  'rural_migrant_worker',
  'unemployed_graduate',
  'school_leaver',
  'military_family',
] as const;
export type SubsidyTargetGroup = (typeof SUBSIDY_TARGET_GROUPS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const years = (max: number) => z.number().min(0, 'cannot be negative').max(max, `cannot exceed ${max}`);
const count = z.number().int('must be a whole number').min(0, 'cannot be negative').max(20, 'cannot exceed 20');

export const certificateSchema = z.object({
  kind: z.enum(CERTIFICATE_KINDS),
  /** Occupation (工种) of a skill certificate, e.g. 电工; operation of a permit, e.g. 低压电工作业; field of a title. */
  occupation: z.string().min(1, 'must not be empty').max(40, 'is too long'),
  /** Skill level: 5 = 五级/初级工 … 1 = 一级/高级技师. Only for kind "skill". */
  level: z.number().int('must be a whole number').min(1, 'must be 1 (一级) to 5 (五级)').max(5, 'must be 1 (一级) to 5 (五级)').optional(),
  /** Title level (职称): 初级 / 中级 / 高级. Only for kind "title". */
  titleLevel: z.enum(TITLE_LEVELS).optional(),
  issuedOn: isoDate.optional(),
  /** The certificate was obtained while working in the chosen city (Shanghai's condition). */
  issuedWhileWorkingInCity: z.boolean().optional(),
  /** The certificate's occupation matches the job currently held. */
  matchesJob: z.boolean().optional(),
  /** Special-operation permits: date of the last 复审, if any. */
  lastReviewOn: isoDate.optional(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const factsSchema = z.object({
  age: z.number().int('must be a whole number of years').min(16, 'must be at least 16').max(80, 'must be at most 80').optional(),
  education: z.enum(EDUCATION_LEVELS).optional(),
  certificates: z.array(certificateSchema).max(10, 'at most 10 certificates').optional(),
  /** Years worked in the certificate's occupation (累计从事本职业), all cities. */
  occupationYears: years(60).optional(),
  /**
   * The diploma (技工学校, 大专 or higher) is in 本专业 or a 相关专业 of the certificate's occupation (电工: 机电一体化,
   * 电气自动化设备安装与维修 … as listed under `relatedMajors` in rules/national/skill-standards.yaml). Opens the
   * national standard's diploma paths (四级 for 技工学校 graduates; 三级 with 大专+ after 四级 + 2 years).
   */
  relatedMajor: z.boolean().optional(),
  /** The job held now, in the user's words (e.g. 保安), when it is not the certificate's occupation: shown, not scored. */
  currentJob: z.string().min(1, 'must not be empty').max(20, 'is too long').optional(),
  /** Years of employee social insurance paid in the chosen city (excluding back-payments). */
  socialInsuranceYears: years(50).optional(),
  /** 最近1年内累计6个月社保缴费基数 ≥ 上年度社平工资 (Shanghai, for 二级/一级 and 中/高级职称). */
  insuranceBaseAboveAverage: z.boolean().optional(),
  insuranceBaseTier: z.enum(INSURANCE_BASE_TIERS).optional(),
  /** A labour contract with an employer in the city, or a business licence there. */
  stableEmployment: z.boolean().optional(),
  /** A legal stable residence in the city (owned or rented). */
  stableResidence: z.boolean().optional(),
  /** Owns housing in the city (≥ 51% share). */
  ownsHome: z.boolean().optional(),
  /** Paying unemployment insurance as an in-post employee of a firm registered in the city. */
  insuredEmployee: z.boolean().optional(),
  /** The occupation is on the city's list of shortage occupations (紧缺/急需). */
  shortageOccupation: z.boolean().optional(),
  /** The occupation is on Chongqing's 非常紧缺 list (higher 技能提升补贴 rate). Added for the Fuling subsidy table. */
  acuteShortageOccupation: z.boolean().optional(),
  subsidyTargetGroup: z.enum(SUBSIDY_TARGET_GROUPS).optional(),
  // Shanghai bonus items
  shortageMajor: z.boolean().optional(),
  freshGraduate: z.boolean().optional(),
  award: z.enum(AWARD_LEVELS).optional(),
  spouseLocalHukouYears: years(60).optional(),
  publicServiceYears: years(50).optional(),
  remoteSuburbYears: years(50).optional(),
  /** 3-year average personal tax from investment, in units of RMB 100,000. */
  investmentTax100k: z.number().min(0).max(1000).optional(),
  entrepreneurTalent: z.boolean().optional(),
  // Deductions (counts within the rule's look-back window) and vetoes
  falseMaterialRecords: count.optional(),
  detentionRecords: count.optional(),
  criminalRecords: count.optional(),
  familyPlanningViolation: z.boolean().optional(),
  seriousCrime: z.boolean().optional(),
});
export type Facts = z.infer<typeof factsSchema>;
/**
 * Facts about one city, not about the person: true in the city they were given for and unknown in every other.
 * A session keeps them per city and a comparison never carries them from one city to another.
 */
export const CITY_SCOPED_FACTS = [
  'socialInsuranceYears',
  'insuranceBaseAboveAverage',
  'insuranceBaseTier',
  'stableEmployment',
  'stableResidence',
  'ownsHome',
  'insuredEmployee',
  'shortageOccupation',
  'acuteShortageOccupation',
  'award',
  'spouseLocalHukouYears',
  'publicServiceYears',
  'remoteSuburbYears',
] as const satisfies readonly (keyof z.infer<typeof factsSchema>)[];
export type CityScopedFact = (typeof CITY_SCOPED_FACTS)[number];
/** Certificate fields about one city (obtained while working there). */
export const CITY_SCOPED_CERTIFICATE_FIELDS = ['issuedWhileWorkingInCity'] as const;

/** The top-level fact names, for rules that declare which facts they use. */
export type FactName = keyof Facts;
export const FACT_NAMES = Object.keys(factsSchema.shape) as FactName[];
