/** The scoring engine: rules as data, facts in, routes, breakdowns and the next certificate out. */
export { loadRules, defaultRulesDir } from './load-rules.js';
export { parseRulesFiles, RulesError, type RuleFileText } from './rules-parse.js';
export { evaluate, evaluateRoutes } from './evaluate.js';
export { compareCities, closeness } from './compare.js';
export { cityPart, factsForCity, withCityPart, type CityFacts, type FactScope } from './city-scope.js';
export { roadToThreshold, ROAD_YEARS, type Road, type RoadYear } from './road.js';
export { validateFacts, type FactError, type FactsValidation } from './facts-validation.js';
export { neededFacts, missingFacts } from './needed-facts.js';
export {
  permitSchedule,
  permitStatuses,
  sitDate,
  type PermitSchedule,
  type PermitState,
  type PermitStatus,
  type SitDate,
} from './national.js';
export type { CityRules, FactPath, FactRequest, NationalRules, RulesRegistry } from './types.js';
export * from './facts.js';
export type * from './result.js';
