/**
 * npm run bench:score — prints one JSON object: full Shanghai evaluations per second (facts in, breakdown,
 * reachedOn and recommendations out) and the time of a six-city comparison. Targets: ≥ 100,000/s; < 100 µs.
 */
import { compareCities, evaluate, loadRules, validateFacts, type Facts } from '../src/scoring/index.js';

const today = '2025-06-01';
const rules = loadRules();
const shanghai = rules.byId('shanghai')!;

const inputs: unknown[] = [
  // Not yet: 四级 electrician, 4 years insured → reachedOn is simulated, two candidates assessed.
  { age: 35, education: 'high_school', socialInsuranceYears: 4, occupationYears: 9,
    certificates: [{ kind: 'skill', occupation: '电工', level: 4, issuedOn: '2021-03-01', issuedWhileWorkingInCity: true, matchesJob: true }] },
  // Eligible: bachelor with degree.
  { age: 32, education: 'bachelor_degree', socialInsuranceYears: 5, occupationYears: 8, insuranceBaseAboveAverage: true,
    certificates: [{ kind: 'skill', occupation: '电工', level: 3, issuedOn: '2020-05-01', issuedWhileWorkingInCity: true, matchesJob: true }] },
  // Only a permit, little insurance.
  { age: 26, education: 'technical_school', socialInsuranceYears: 1.5, occupationYears: 3,
    certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2023-04-01' }] },
  // Many facts unknown.
  { age: 45, certificates: [{ kind: 'skill', occupation: '电工', level: 2 }] },
];
const facts: Facts[] = inputs.map((input) => {
  const v = validateFacts(input, today);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.facts;
});

function measure(fn: (i: number) => unknown, minMillis = 1500): { perSec: number; micros: number } {
  for (let i = 0; i < 2000; i++) fn(i); // warm up
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMillis) {
    for (let i = 0; i < 1000; i++) fn(n++);
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { perSec: Math.round((n / elapsed) * 1000), micros: Math.round(((elapsed * 1000) / n) * 100) / 100 };
}

let sink = 0;
const sh = measure((i) => {
  sink += evaluate(facts[i % facts.length]!, shanghai, today, rules.national).routes.length;
});
const all = measure((i) => {
  sink += compareCities(facts[i % facts.length]!, rules, today).cities.length;
});
const validate = measure((i) => {
  sink += validateFacts(inputs[i % inputs.length], today).ok ? 1 : 0;
});

process.stdout.write(
  `${JSON.stringify({
    shanghaiEvalsPerSec: sh.perSec,
    shanghaiEvalMicros: sh.micros,
    compareAllPerSec: all.perSec,
    compareAllMicros: all.micros,
    validateFactsPerSec: validate.perSec,
    cities: rules.cities.length,
    targets: { shanghaiEvalsPerSec: 100_000, compareAllMicros: 100 },
    met: sh.perSec >= 100_000 && all.micros < 100,
    node: process.version,
    sink: sink > 0,
  })}\n`,
);
