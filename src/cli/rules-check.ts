/** npm run rules:check [-- <rules dir>]: validates every rule file; one line per city, or the errors and exit 1. */
import { loadRules, RulesError } from '../scoring/index.js';

try {
  const rules = loadRules(process.argv[2]);
  for (const city of rules.cities) {
    const routes = city.routes.map((r) => `${r.id}(${r.kind}, ${r.certainty})`).join(' ');
    process.stdout.write(
      `${city.id}\t${city.name}\t${city.routes.length} routes: ${routes}\t${Object.keys(city.sources).length} sources\n`,
    );
  }
  process.stdout.write(
    `national: ${rules.national.standards.map((s) => `${s.occupation} ${s.code}`).join(', ')}; special-operation permit valid ${rules.national.specialOperation.validityYears} years\n`,
  );
  process.stdout.write(`ok: ${rules.cities.length} cities\n`);
} catch (e) {
  process.stderr.write(`${e instanceof RulesError ? e.problems.join('\n') : (e as Error).message}\n`);
  process.exit(1);
}
