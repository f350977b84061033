/**
 * The road to a points route's threshold: the total year by year if nothing but time changes (age, insurance and
 * work years grow), and the same with the recommended next certificate from the date it can first be obtained.
 * It ends the year the threshold is reached on both roads, the year the route's own conditions shut the applicant out
 * (an age limit: time only makes that worse), or after ROAD_YEARS. Pure: "today" is a parameter.
 */
import { addYears } from './dates.js';
import { evaluateRoutes } from './evaluate.js';
import type { Certificate, Facts } from './facts.js';
import type { NextCertificate, Range, RouteResult } from './result.js';
import type { CityRules, NationalRules } from './types.js';

/** A picture of more than a decade says nothing a worker can plan with. */
export const ROAD_YEARS = 10;

export interface RoadYear {
  /** Calendar year of the point on the road (today's date moved by whole years). */
  year: number;
  without: Range;
  /** With the next certificate, once it can have been obtained; absent before that or without a recommendation. */
  with?: Range;
}

export interface Road {
  routeId: string;
  threshold: number;
  years: RoadYear[];
  /** First year the total reaches the threshold without / with the certificate; null: not on this road. */
  reachedWithout: number | null;
  reachedWith: number | null;
  /** Why the road ends where it does. */
  end: 'reached' | 'shut_out' | 'horizon';
}

/**
 * The road on the city's main points route (the first points route with a threshold that is not background only).
 * Undefined when the city has no such route or a core fact is missing (the total would be a guess).
 */
export function roadToThreshold(
  facts: Facts,
  city: CityRules,
  national: NationalRules,
  today: string,
  next?: NextCertificate,
): Road | undefined {
  const routeIndex = city.routes.findIndex((r) => r.kind === 'points' && r.threshold && !r.supplementary);
  if (routeIndex < 0) return undefined;
  const route = city.routes[routeIndex]!;
  const threshold = route.kind === 'points' ? route.threshold?.value : undefined;
  if (threshold === undefined) return undefined;
  const first = evaluateRoutes(facts, city, national)[routeIndex]!;
  if (!first.total || first.vetoed) return undefined;

  const certificate = next?.earliestDate ? hypothetical(next) : undefined;
  const years: RoadYear[] = [];
  let reachedWithout: number | null = null;
  let reachedWith: number | null = null;
  let end: Road['end'] = 'horizon';
  const startYear = Number(today.slice(0, 4));
  for (let n = 0; n <= ROAD_YEARS; n++) {
    const date = addYears(today, n);
    const later = aged(facts, n);
    const without = evaluateRoutes(later, city, national)[routeIndex]!;
    if (n > 0 && shutOut(without)) {
      end = 'shut_out';
      break;
    }
    const point: RoadYear = { year: startYear + n, without: without.total ?? { min: 0, max: 0 } };
    if (certificate && next!.earliestDate! <= date) {
      const withCert = evaluateRoutes({ ...later, certificates: [...(later.certificates ?? []), certificate] }, city, national)[
        routeIndex
      ]!;
      if (withCert.total) point.with = withCert.total;
    }
    years.push(point);
    if (reachedWithout === null && point.without.min >= threshold) reachedWithout = point.year;
    if (reachedWith === null && point.with && point.with.min >= threshold) reachedWith = point.year;
    if (reachedWithout !== null && (reachedWith !== null || !certificate)) {
      end = 'reached';
      break;
    }
  }
  return { routeId: route.id, threshold, years, reachedWithout, reachedWith, end };
}

/** The certificate as the engine assumes it obtained: in the city, matching the job, on its earliest date. */
function hypothetical(next: NextCertificate): Certificate {
  return {
    kind: 'skill',
    occupation: next.certificate.occupation,
    level: next.certificate.level,
    issuedOn: next.earliestDate!,
    issuedWhileWorkingInCity: true,
    matchesJob: true,
  };
}

/** The facts `n` whole years later: only what time changes. */
function aged(facts: Facts, n: number): Facts {
  if (n === 0) return facts;
  const later: Facts = { ...facts };
  if (facts.age !== undefined) later.age = facts.age + n;
  if (facts.socialInsuranceYears !== undefined) later.socialInsuranceYears = facts.socialInsuranceYears + n;
  if (facts.occupationYears !== undefined) later.occupationYears = facts.occupationYears + n;
  return later;
}

/** A prerequisite of the route became false with time (an age limit): the road ends there. */
function shutOut(route: RouteResult): boolean {
  return route.status === 'not_yet' && (route.reasons ?? []).some((r) => r.code === 'prerequisite_failed');
}
