/**
 * npm run --silent score -- --city <id> [--today YYYY-MM-DD] < facts.json   → EvaluationResult as JSON
 * npm run --silent score -- --all [--today YYYY-MM-DD] < facts.json         → CityComparison as JSON
 * Exit 2 with one line per problem on bad facts, bad arguments or an unknown city; exit 1 if the rules are broken.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compareCities, evaluate, loadRules, RulesError, validateFacts } from '../scoring/index.js';
import { isCalendarDate } from '../scoring/dates.js';
import { DEFAULT_TIME_ZONE, localDate } from '../time/zoned-time.js';

function fail(code: number, lines: string[]): never {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(code);
}

function main(): void {
  let args;
  try {
    args = parseArgs({
      options: { city: { type: 'string' }, today: { type: 'string' }, all: { type: 'boolean', default: false } },
      strict: true,
    }).values;
  } catch (e) {
    fail(2, [(e as Error).message, 'usage: score --city <id> | --all [--today YYYY-MM-DD] < facts.json']);
  }
  const today = args.today ?? localDate(Date.now(), DEFAULT_TIME_ZONE);
  if (!isCalendarDate(today)) fail(2, [`--today: must be a date YYYY-MM-DD (got "${today}")`]);
  if (!args.all && !args.city) fail(2, ['usage: score --city <id> | --all [--today YYYY-MM-DD] < facts.json']);

  let rules;
  try {
    rules = loadRules();
  } catch (e) {
    fail(1, e instanceof RulesError ? e.problems : [(e as Error).message]);
  }
  const city = args.city ? rules.byId(args.city) : undefined;
  if (args.city && !city) fail(2, [`--city: unknown city "${args.city}"; known: ${rules.cities.map((c) => c.id).join(', ')}`]);

  let input: unknown;
  const text = readFileSync(0, 'utf8');
  try {
    input = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (e) {
    fail(2, [`facts: not valid JSON (${(e as Error).message})`]);
  }
  const checked = validateFacts(input, today);
  if (!checked.ok)
    fail(
      2,
      checked.errors.map((err) => `${err.path}: ${err.message}`),
    );

  const output = args.all ? compareCities(checked.facts, rules, today) : evaluate(checked.facts, city!, today, rules.national);
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

main();
