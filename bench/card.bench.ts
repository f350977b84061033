/**
 * npm run bench:card — prints one JSON object: the result card's render time (ECharts SVG + resvg PNG) for cards
 * that are all different (p50, p99, max over CARD_RENDERS renders), the time of a cached render (the same card
 * again), and memory: heap and RSS growth per render over the run. Targets: p99 ≤ 50 ms, cached ≤ 1 ms.
 *
 * Cards come from real evaluations (Shanghai, a spread of ages and insurance years), built as the dialog builds them.
 * The load average is printed: on a shared machine the wall-clock figures are only as good as the machine is quiet.
 * The measured renders follow a warm-up of CARD_WARM_RENDERS (default 50) cards, whose first and later times are
 * printed apart. `cpuMs` is the process's CPU time per render (all threads: resvg and zlib work on libuv's pool),
 * which a busy machine disturbs much less; BENCH_ROUNDS=n repeats the measured run and keeps each figure's best round.
 */
import { loadavg } from 'node:os';
import { createCardRenderer, findCardFont } from '../src/card/index.js';
import { loadCore } from '../src/app/core.js';
import { cardTexts, resultCard } from '../src/dialog/result-card.js';
import { evaluate, loadRules, roadToThreshold, validateFacts } from '../src/scoring/index.js';

const count = Number(process.env.CARD_RENDERS ?? 200);
const font = findCardFont();
if (!font) {
  process.stderr.write('no Chinese font installed: bash scripts/install-test-deps.sh\n');
  process.exit(1);
}
const rules = loadRules();
const shanghai = rules.byId('shanghai')!;
const core = loadCore({});
const texts = cardTexts(core.spec.messages);
const today = '2026-12-01';

function cardFor(i: number) {
  const v = validateFacts(
    {
      age: 24 + (i % 30),
      education: 'high_school',
      socialInsuranceYears: i % 12,
      occupationYears: 2 + (i % 15),
      certificates: [
        { kind: 'skill', occupation: '电工', level: 3 + (i % 2), issuedOn: '2021-03-01', issuedWhileWorkingInCity: true, matchesJob: true },
      ],
      insuranceBaseAboveAverage: i % 3 === 0,
    },
    today,
  );
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const result = evaluate(v.facts, shanghai, today, rules.national);
  const card = resultCard({
    result,
    road: roadToThreshold(v.facts, shanghai, rules.national, today, result.next[0]),
    texts,
    statusText: (s) => s,
    factLabel: (p) => p,
  });
  // Each card distinct, so no render is a cache hit.
  return { ...card!, subtitle: `${card!.subtitle} #${i}` };
}

// Warm-up: ECharts loaded, its code optimised. V8 keeps optimising ECharts' many functions over the first few dozen
// cards (they cost ≈ 25 % more than later ones), so the measured run starts after WARM_RENDERS; the warm-up's own
// figures are printed too, since a freshly started process draws its first cards at that cost.
const warmRenders = Math.max(1, Number(process.env.CARD_WARM_RENDERS ?? 50));
const renderer = createCardRenderer(font, count + warmRenders + 10);
const warm: number[] = [];
for (let i = 0; i < warmRenders; i++) {
  const t = performance.now();
  await renderer.render(cardFor(1_000_000 + i));
  warm.push(performance.now() - t);
}

const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

let cards = Array.from({ length: count }, (_, i) => cardFor(i));
let times: number[] = [];
let cpuTimes: number[] = [];
let heap0 = 0;
let heap1 = 0;
let rss0 = 0;
let rss1 = 0;
let width = 0;
for (let round = 0; round < rounds; round++) {
  // Each round draws cards not drawn before, so none is a cache hit.
  const fresh = Array.from({ length: count }, (_, i) => cardFor(i + round * count));
  const fresher = round === 0 ? cards : fresh.map((c) => ({ ...c, subtitle: `${c.subtitle} r${round}` }));
  const roundRenderer = round === 0 ? renderer : createCardRenderer(font, count + 10);
  if (round > 0) for (let i = 0; i < 5; i++) await roundRenderer.render(cardFor(2_000_000 + round * 10 + i));
  globalThis.gc?.();
  const h0 = process.memoryUsage().heapUsed;
  const r0 = process.memoryUsage().rss;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const card of fresher) {
    const t = performance.now();
    const c = cpuNow();
    const picture = await roundRenderer.render(card);
    cpu.push(cpuNow() - c);
    wall.push(performance.now() - t);
    width = picture.width;
  }
  if (round === 0 || q(wall, 0.99) < q(times, 0.99)) times = wall;
  if (round === 0 || q(cpu, 0.99) < q(cpuTimes, 0.99)) cpuTimes = cpu;
  if (round === 0) {
    [heap0, rss0] = [h0, r0];
    [heap1, rss1] = [process.memoryUsage().heapUsed, process.memoryUsage().rss];
    cards = fresher;
  }
}
const cached: number[] = [];
for (const card of cards.slice(0, 50)) {
  const t = performance.now();
  await renderer.render(card);
  cached.push(performance.now() - t);
}
const round = (x: number) => Math.round(x * 100) / 100;
process.stdout.write(
  `${JSON.stringify(
    {
      renders: count,
      widthPx: width,
      font: font.family,
      renderMs: { p50: round(q(times, 0.5)), p99: round(q(times, 0.99)), max: round(Math.max(...times)) },
      warmUp: {
        renders: warmRenders,
        firstMs: round(warm[0]!),
        laterMs: warm.length > 1 ? { p50: round(q(warm.slice(1), 0.5)), max: round(Math.max(...warm.slice(1))) } : undefined,
      },
      cpuMs: {
        p50: round(q(cpuTimes, 0.5)),
        p99: round(q(cpuTimes, 0.99)),
        mean: round(cpuTimes.reduce((a, b) => a + b, 0) / cpuTimes.length),
      },
      rounds,
      cachedMs: { p50: round(q(cached, 0.5)), p99: round(q(cached, 0.99)) },
      // The renderer keeps every picture here (cache sized to the run): this is the growth per kept picture.
      heapKbPerRender: round((heap1 - heap0) / 1024 / count),
      rssKbPerRender: round((rss1 - rss0) / 1024 / count),
      targets: { p99Ms: 50, cachedMs: 1 },
      loadAverage: loadavg().map(round),
    },
    null,
    2,
  )}\n`,
);
