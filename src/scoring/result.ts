/**
 * What the scoring engine returns. Channel-neutral data: the dialog renders it with texts from dialogs/,
 * the CLI prints it as JSON (the CLI contract in README.md documents every field).
 */

/** Every figure is a range; an exact figure has min === max. Ranges from the sources stay ranges. */
export interface Range {
  min: number;
  max: number;
}

/** official = government text or a faithful quotation of it; estimated = anything weaker, or a range. */
export type Certainty = 'official' | 'estimated';

export interface SourceRef {
  id: string;
  title: string;
  url?: string;
}

export type RouteKind = 'points' | 'eligibility' | 'benefit';
export type RouteStatus = 'eligible' | 'not_yet' | 'unknown';

/** A reason is a code the dialog can phrase, plus the rule file's own short zh-CN text for it. */
export interface Reason {
  code: string;
  text: string;
  params?: Record<string, string | number>;
}

export interface BreakdownItem {
  id: string;
  label: string;
  group: 'basic' | 'bonus' | 'deduction';
  points: Range;
  certainty: Certainty;
  source: SourceRef;
  /** e.g. "学历90 与 技能30 取高者". */
  note?: string;
}

export interface RouteResult {
  id: string;
  kind: RouteKind;
  name: string;
  status: RouteStatus;
  eligible: boolean;
  certainty: Certainty;
  /** An eligibility route whose conditions read no certificate (open settlement): no certificate is needed on it. */
  noCertificateNeeded?: boolean;
  /** A route shown only as background (e.g. an estimated points scheme where open settlement is the real answer). */
  supplementary?: boolean;
  /** points routes */
  total?: Range;
  threshold?: number;
  /** threshold − total (for a ranked route: minimumToApply − total), never below 0 */
  gap?: Range;
  /** The city ranks applicants against a yearly quota: no pass mark, never eligible (the reason `ranked` says so). */
  ranked?: boolean;
  /** Ranked routes: the score needed to apply, where sourced. */
  minimumToApply?: number;
  items?: BreakdownItem[];
  /** benefit routes: the amount in yuan */
  amount?: Range;
  /** Fact paths still unknown that could change this route's outcome, e.g. "age", "certificates[0].matchesJob". */
  missing?: string[];
  reasons?: Reason[];
  vetoed?: boolean;
  /** The date this route is reached if nothing but time changes (insurance and work years grow); null if never. */
  reachedOn?: string | null;
  /**
   * With reachedOn null: why waiting does not get there. `age` is the age the projection stopped at (the route's age
   * limit or the retirement age); `losing` when points lost to age outpace the points time adds; `note` why that age
   * (the route's limit text, or the retirement-age note of the national rules).
   */
  notByWaiting?: { age?: number; limit?: 'route_age_limit' | 'retirement_age'; losing?: boolean; note?: string };
  notes?: string[];
  sources: SourceRef[];
}

export interface RouteChange {
  routeId: string;
  from: RouteStatus;
  to: RouteStatus;
  points?: Range;
  amount?: Range;
}

export interface NextCertificate {
  id: string;
  certificate: { kind: 'skill'; occupation: string; level: number };
  /** e.g. "电工三级（高级工）" */
  label: string;
  /** Why this candidate exists: next level, first skill certificate, catalog occupation. */
  reason: 'next_level' | 'first_skill_certificate' | 'catalog_occupation';
  /** Points added on the city's points route (if it has one). */
  gain?: Range;
  /**
   * What it would add if the level condition that is not yet known to hold (levelCondition) does hold: Shanghai
   * 二级 100 vs 三级 60 = +40 "前提是…社保基数…". Present only when larger than `gain`; unknown is never counted as no.
   */
  conditionalGain?: Range;
  /** With conditionalGain: the threshold is reached if the condition holds (reachesThreshold is false). */
  reachesThresholdIf?: boolean;
  /** Points an estimated background scheme would add (Xuchang's seed figure): named apart, never the headline. */
  estimatedGain?: Range;
  /** The conditions under which the points route counts the new certificate, in words (在本市工作期间取得, 与岗位相符). */
  itemConditions?: string[];
  /** The applicant does not work in this occupation now (a held certificate of it does not match the job). */
  offJob?: boolean;
  /** Subsidy in yuan it would bring: official, non-supplementary benefit routes only (the headline amount). */
  amount?: Range;
  /** Further yuan from estimated or supplementary benefit routes (e.g. a 2019–2021 table that may have changed). */
  estimatedAmount?: Range;
  /** The route whose estimate estimatedAmount is (the first such route with a change). */
  estimatedAmountRoute?: string;
  /**
   * The primary points route counts this level only under a condition the facts do not meet (yet), e.g. Shanghai
   * 二级/一级 and the insurance base: that condition's text, for the advice to name.
   */
  levelCondition?: string;
  changes: RouteChange[];
  canSitNow: boolean | null;
  /** Earliest date the applicant may sit for it under the national standard; null if unknown. */
  earliestDate: string | null;
  /** Which prerequisite path of the national standard gives that date. */
  sitBasis?: string;
  /** The earlier date a diploma in a related major would give, while that is unknown (relatedMajor missing). */
  ifRelatedMajor?: string;
  reachesThreshold: boolean;
  /** threshold − total after obtaining it, for the points route. */
  remainingGap?: Range;
  /** Facts still unknown that could change what this certificate brings (e.g. insuranceBaseAboveAverage for 二级). */
  missing?: string[];
  /** One sentence, only on the top-ranked candidate. */
  explanation?: string;
  /**
   * Top-ranked candidate only: the id of a candidate that can be sat now and brings points or money, when this one
   * cannot be sat for more than a year (the explanation names it too).
   */
  sitNowAlternative?: string;
}

export interface EvaluationResult {
  city: { id: string; name: string };
  today: string;
  routes: RouteResult[];
  next: NextCertificate[];
  /** True when any figure shown is an estimate. */
  hasEstimates: boolean;
  /** 特种作业操作证 review and expiry, per permit held with an issue date (absent when none). */
  permits?: PermitStatus[];
}

export interface CityComparison {
  today: string;
  cities: Array<{ city: { id: string; name: string }; rank: number; closeness: number; result: EvaluationResult }>;
}

/** A 特种作业操作证's dates (令第30号 Art. 19–22), computed by national.ts permitSchedule. */
export interface PermitSchedule {
  /** The permit expires 6 years after issue (after a renewal, 6 years after that issue) unless renewed. */
  expiresOn: string;
  /** Next 复审 due date: 3 years after issue or the last review. */
  reviewDueOn: string;
  /** The review may be applied for from this date (60 days before it is due). */
  applyFrom: string;
  /** Renewal at expiry follows the same procedure (Art. 22): it may be applied for from this date. */
  renewFrom: string;
  /**
   * With 10+ continuous years in the same work the issuer may allow one review every 6 years (Art. 21): the due date
   * then. Only when occupationYears says so; it needs the issuer's consent, so reviewDueOn stays the date to plan by.
   */
  extendedReviewDueOn?: string;
}

/** Where a permit stands today. */
export type PermitState = 'ok' | 'apply_now' | 'review_overdue' | 'expired';

export interface PermitStatus extends PermitSchedule {
  /** Index of the permit in facts.certificates. */
  index: number;
  occupation: string;
  /** ok: the review is ahead (remind on applyFrom); apply_now: within the 60 days; review_overdue: past its date. */
  state: PermitState;
  /** The last review date was given; without it the review is counted from the issue date. */
  lastReviewKnown: boolean;
}
