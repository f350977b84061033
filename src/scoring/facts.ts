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

/** Sex, asked only where a route's age limit differs for men and women (成都, 深圳, 武汉). */
export const SEXES = ['male', 'female'] as const;

/**
 * A diploma of a vocational school: `secondary` = 中等职业学校 (中专, 职高, 技工学校), `higher` = 高等职业院校 (高职).
 * Tianjin's 海河英才 skilled route is for such graduates only.
 */
export const VOCATIONAL_DIPLOMAS = ['none', 'secondary', 'higher'] as const;
export type VocationalDiploma = (typeof VOCATIONAL_DIPLOMAS)[number];

/** Tianjin's 职业(工种)导向 tiers: 非常紧缺, 紧缺, 一般紧缺, or not on the list. */
export const OCCUPATION_DEMAND_TIERS = ['very_short', 'short', 'somewhat_short', 'none'] as const;

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
  /** Only where an age limit differs for men and women. */
  sex: z.enum(SEXES).optional(),
  education: z.enum(EDUCATION_LEVELS).optional(),
  vocationalDiploma: z.enum(VOCATIONAL_DIPLOMAS).optional(),
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
  /**
   * Months of unbroken employee social insurance in the chosen city up to now, still being paid: the short
   * "3 / 6 / 12 months of continuous insurance" conditions (苏州, 南京, 广州, 佛山, 郑州 2019, 北京's 7 years).
   */
  continuousInsuranceMonths: z
    .number()
    .int('must be a whole number of months')
    .min(0, 'cannot be negative')
    .max(600, 'cannot exceed 600')
    .optional(),
  /** 最近1年内累计6个月社保缴费基数 ≥ 上年度社平工资 (Shanghai, for 二级/一级 and 中/高级职称). */
  insuranceBaseAboveAverage: z.boolean().optional(),
  insuranceBaseTier: z.enum(INSURANCE_BASE_TIERS).optional(),
  /** A labour contract with an employer in the city, or a business licence there. */
  stableEmployment: z.boolean().optional(),
  /** Years with the current employer in the city, without a break (杭州 3 years, 成都 2 years). */
  sameEmployerYears: years(50).optional(),
  /** A legal stable residence in the city (owned or rented). */
  stableResidence: z.boolean().optional(),
  /** Owns housing in the city (≥ 51% share). */
  ownsHome: z.boolean().optional(),
  /**
   * Years living in the city in the present kind of home: owned when ownsHome, otherwise registered rented housing or
   * an employer's dormitory (the cities score owning and renting per year at different rates).
   */
  housingYears: years(60).optional(),
  /** Floor area of the owned home in m² (佛山 scores 1 point per m²). */
  ownedHomeArea: z.number().min(0, 'cannot be negative').max(2000, 'cannot exceed 2000').optional(),
  /** Years holding the chosen city's residence permit (居住证). */
  residencePermitYears: years(50).optional(),
  /** Years of housing-fund (住房公积金) contributions in the city. */
  housingFundYears: years(50).optional(),
  /** Paying unemployment insurance as an in-post employee of a firm registered in the city. */
  insuredEmployee: z.boolean().optional(),
  /** The occupation is on the city's list of shortage occupations (紧缺/急需). */
  shortageOccupation: z.boolean().optional(),
  /**
   * The certificate's occupation is on the city's catalog for bringing in skilled workers (广州 引进技术技能人才职业目录,
   * 深圳 紧缺工种目录, 苏州 引进技能人才紧缺目录): the talent routes require it; it is a different list from the shortage list.
   */
  talentCatalogOccupation: z.boolean().optional(),
  /** Tianjin: the occupation's tier on 天津市年度职业市场需求程度及培训成本目录 (职业导向分). */
  occupationDemandTier: z.enum(OCCUPATION_DEMAND_TIERS).optional(),
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
  'continuousInsuranceMonths',
  'insuranceBaseAboveAverage',
  'insuranceBaseTier',
  'stableEmployment',
  'sameEmployerYears',
  'stableResidence',
  'ownsHome',
  'housingYears',
  'ownedHomeArea',
  'residencePermitYears',
  'housingFundYears',
  'insuredEmployee',
  'shortageOccupation',
  'talentCatalogOccupation',
  'occupationDemandTier',
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
