/** Shared fixtures for the scoring tests: the real rule files, a fixed "today", and certificate builders. */
import { evaluate, loadRules, validateFacts, type Certificate, type EvaluationResult, type RouteResult } from '../../src/scoring/index.js';

export const TODAY = '2025-06-01';
export const rules = loadRules();

/** A skill certificate that meets every Shanghai condition unless overridden. */
export function skill(level: number, extra: Partial<Certificate> = {}): Certificate {
  return { kind: 'skill', occupation: '电工', level, issuedOn: '2020-01-01', issuedWhileWorkingInCity: true, matchesJob: true, ...extra };
}

export function evaluateCity(cityId: string, input: unknown, today = TODAY): EvaluationResult {
  const v = validateFacts(input, today);
  if (!v.ok) throw new Error(`invalid test facts: ${JSON.stringify(v.errors)}`);
  const city = rules.byId(cityId);
  if (!city) throw new Error(`no city ${cityId}`);
  return evaluate(v.facts, city, today, rules.national);
}

export function route(result: EvaluationResult, id: string): RouteResult {
  const r = result.routes.find((x) => x.id === id);
  if (!r) throw new Error(`no route ${id} in ${result.city.id}`);
  return r;
}

/** Points of one breakdown item, or 0 when the item is absent (absent items scored nothing). */
export function itemPoints(r: RouteResult, id: string): { min: number; max: number } {
  return r.items?.find((i) => i.id === id)?.points ?? { min: 0, max: 0 };
}
