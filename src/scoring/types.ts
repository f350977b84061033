/** Compiled rules: the validated rule files plus what the engine precomputes once at load. */
import type { Certificate, FactName } from './facts.js';
import type { CityFile, ExplanationsFile, RouteRule, RuleSource, SkillStandardsFile, SpecialOperationFile } from './rules-schema.js';
import type { Certainty, SourceRef } from './result.js';

/** A fact the chat may ask for: a top-level fact, or a field asked for each certificate. */
export type FactPath = FactName | `certificates.${Exclude<keyof Certificate, 'kind' | 'occupation'>}`;

export interface FactRequest {
  fact: FactPath;
  importance: 'core' | 'optional';
}

export interface CompiledCatalog {
  id: string;
  name: string;
  entries: string[];
  /** Entries split on "/" (e.g. 金属热处理工/热处理工), for lookups. */
  names: ReadonlySet<string>;
  certainty: Certainty;
  source: SourceRef;
}

/** Per route, precomputed at load. */
export interface RouteMeta {
  /** Facts that grow with time (socialInsuranceYears, occupationYears, age) and that this route reads. */
  growingFacts: string[];
  /** Points routes: indices of the indicators that read a growing fact (the rest do not change with time). */
  growingIndicators: number[];
  /** atLeast values set on growing facts by the route's conditions, by fact. */
  growthThresholds: Record<string, number[]>;
  facts: FactRequest[];
  /** Importance by fact key ('age', 'certificates.matchesJob'). */
  importance: Record<string, 'core' | 'optional'>;
  /** Every source the route cites (route, threshold, prerequisites, indicators), in order. */
  sources: SourceRef[];
}

export interface CityRules {
  id: string;
  name: string;
  aliases: string[];
  region?: string;
  notes?: string[];
  /** The rule file, relative to the rules directory, for messages. */
  file: string;
  sources: Record<string, SourceRef & { confidence: RuleSource['confidence'] }>;
  catalogs: Record<string, CompiledCatalog>;
  routes: RouteRule[];
  meta: RouteMeta[];
  neededFacts: FactRequest[];
  raw: CityFile;
}

export interface SkillStandard {
  occupation: string;
  code: string;
  aliases: string[];
  source: SourceRef;
  certainty: Certainty;
  levels: SkillStandardsFile['standards'][number]['levels'];
  /** 本专业/相关专业 named by the standard (not complete). */
  relatedMajors: string[];
}

export interface NationalRules {
  standards: SkillStandard[];
  /** Canonical occupation for a certificate's occupation text (aliases like 维修电工 → 电工). */
  canonicalOccupation(name: string): string;
  standardFor(occupation: string): SkillStandard | undefined;
  /** The skill occupation a special-operation permit belongs to (低压电工作业 → 电工), if any. */
  permitOccupation(permit: string): string | undefined;
  relatedOccupations: Record<string, string[]>;
  /** Projections stop at the retirement age (note: why that age). */
  workingLife: { retirementAge: number; retirementAgeFemale: number; note: string; source: SourceRef };
  specialOperation: SpecialOperationFile & { sourceRef: SourceRef };
  explanations: ExplanationsFile;
}

export interface RulesRegistry {
  cities: CityRules[];
  byId(id: string): CityRules | undefined;
  national: NationalRules;
}
