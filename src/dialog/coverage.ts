/**
 * Every fact a city's rules need must have a question in dialogs/intake.yaml, or the bot could never learn it.
 * Checked when the bot loads (and by test/dialog/intake-coverage.test.ts), not discovered mid-conversation.
 */
import type { DialogRules } from './ports.js';
import { groupOf } from './questions.js';
import { DialogSpecError, type DialogSpec } from './spec.js';

/** "city: fact" for each needed fact without a question. */
export function uncoveredFacts(spec: DialogSpec, rules: DialogRules): string[] {
  const problems: string[] = [];
  for (const city of rules.cities) {
    for (const { fact } of rules.neededFacts(city.id)) {
      const covered = fact.includes('.')
        ? spec.byId.get(fact)?.field !== undefined
        : spec.byFact.has(fact) || groupOf(spec, fact) !== undefined;
      if (!covered) problems.push(`${city.id}: "${fact}" has no question in dialogs/intake.yaml`);
    }
  }
  return problems;
}

export function assertIntakeCovers(spec: DialogSpec, rules: DialogRules): void {
  const problems = uncoveredFacts(spec, rules);
  if (problems.length) throw new DialogSpecError(problems);
}
