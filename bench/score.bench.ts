/**
 * npm run bench:score — prints one JSON object: full Shanghai evaluations per second (facts in, breakdown,
 * reachedOn and recommendations out) and the time of a comparison of every city in rules/ (twenty). Targets:
 * ≥ 100,000/s; < 300 µs.
 *
 * The machine may be shared, so each figure is given twice: wall clock (what a user waits) and CPU time of this
 * process (`process.cpuUsage()`, user + system: what the work costs on one core, independent of other load).
 * The CPU figure is the honest one for the targets; the load average is printed so a slow wall figure can be judged.
 * Each case is warmed up (so V8 has optimised it), then run in rounds for at least BENCH_MS (default 2000 ms);
 * the best round and the median round are both reported.
 */
import { cpus, loadavg } from 'node:os';
import { compareCities, evaluate, loadRules, validateFacts, type Facts } from '../src/scoring/index.js';

const today = '2025-06-01';
const rules = loadRules(process.env.RULES_DIR || undefined);
const shanghai = rules.byId('shanghai')!;
const minMillis = Number(process.env.BENCH_MS ?? 2000);

const inputs: unknown[] = [
  // Not yet: 四级 electrician, 4 years insured → reachedOn is simulated, two candidates assessed.
  {
    age: 35,
    education: 'high_school',
    socialInsuranceYears: 4,
    occupationYears: 9,
    certificates: [
      { kind: 'skill', occupation: '电工', level: 4, issuedOn: '2021-03-01', issuedWhileWorkingInCity: true, matchesJob: true },
    ],
  },
  // Eligible: bachelor with degree.
  {
    age: 32,
    education: 'bachelor_degree',
    socialInsuranceYears: 5,
    occupationYears: 8,
    insuranceBaseAboveAverage: true,
    certificates: [
      { kind: 'skill', occupation: '电工', level: 3, issuedOn: '2020-05-01', issuedWhileWorkingInCity: true, matchesJob: true },
    ],
  },
  // Only a permit, little insurance.
  {
    age: 26,
    education: 'technical_school',
    socialInsuranceYears: 1.5,
    occupationYears: 3,
    certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2023-04-01' }],
  },
  // Many facts unknown.
  { age: 45, certificates: [{ kind: 'skill', occupation: '电工', level: 2 }] },
];
const facts: Facts[] = inputs.map((input) => {
  const v = validateFacts(input, today);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.facts;
});

interface Measured {
  perSec: number;
  micros: number;
  cpuPerSec: number;
  cpuMicros: number;
  medianCpuMicros: number;
  iterations: number;
}

const ROUND = 2000;

function measure(fn: (i: number) => unknown): Measured {
  for (let i = 0; i < 20_000; i++) fn(i); // warm up: past V8's optimising tiers
  const rounds: Array<{ wall: number; cpu: number }> = [];
  let n = 0;
  let wallTotal = 0;
  let cpuTotal = 0;
  while (wallTotal < minMillis || rounds.length < 5) {
    const c0 = process.cpuUsage();
    const w0 = process.hrtime.bigint();
    for (let i = 0; i < ROUND; i++) fn(n++);
    const wall = Number(process.hrtime.bigint() - w0) / 1000; // µs
    const c = process.cpuUsage(c0);
    const cpu = c.user + c.system; // µs
    rounds.push({ wall, cpu });
    wallTotal += wall / 1000;
    cpuTotal += cpu;
  }
  const cpuSorted = rounds.map((r) => r.cpu).sort((a, b) => a - b);
  const wallSum = rounds.reduce((s, r) => s + r.wall, 0);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    perSec: Math.round((n / wallSum) * 1e6),
    micros: round2(wallSum / n),
    cpuPerSec: Math.round((n / cpuTotal) * 1e6),
    cpuMicros: round2(cpuTotal / n),
    medianCpuMicros: round2(cpuSorted[Math.floor(cpuSorted.length / 2)]! / ROUND),
    iterations: n,
  };
}

let sink = 0;
const loadBefore = loadavg()[0]!;
const sh = measure((i) => {
  sink += evaluate(facts[i % facts.length]!, shanghai, today, rules.national).routes.length;
});
const all = measure((i) => {
  sink += compareCities(facts[i % facts.length]!, rules, today).cities.length;
});
const validate = measure((i) => {
  sink += validateFacts(inputs[i % inputs.length], today).ok ? 1 : 0;
});
const round1 = (x: number) => Math.round(x * 10) / 10;

process.stdout.write(
  `${JSON.stringify({
    shanghaiEvalsPerSec: sh.perSec,
    shanghaiEvalMicros: sh.micros,
    shanghaiCpuEvalsPerSec: sh.cpuPerSec,
    cpuMicrosPerEval: sh.cpuMicros,
    medianCpuMicrosPerEval: sh.medianCpuMicros,
    shanghaiIterations: sh.iterations,
    compareAllPerSec: all.perSec,
    compareAllMicros: all.micros,
    compareAllCpuMicros: all.cpuMicros,
    compareAllMedianCpuMicros: all.medianCpuMicros,
    compareAllIterations: all.iterations,
    validateFactsPerSec: validate.perSec,
    validateFactsCpuMicros: validate.cpuMicros,
    cities: rules.cities.length,
    targets: { shanghaiEvalsPerSec: 100_000, compareAllMicros: 300 },
    /** Judged on CPU time: wall time on a loaded shared machine measures the other processes too. */
    met: sh.cpuPerSec >= 100_000 && all.cpuMicros < 300,
    metOnWallClock: sh.perSec >= 100_000 && all.micros < 300,
    loadAverage1m: { before: round1(loadBefore), after: round1(loadavg()[0]!) },
    cpus: cpus().length,
    node: process.version,
    sink: sink > 0,
  })}\n`,
);
