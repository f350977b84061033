/**
 * npm run bench:faq: load + index time, and the time to match one question (target: < 1 ms).
 * Prints JSON { matchMicrosP50, matchMicrosP99, matchCpuMicrosP50, matchCpuMicrosP99, loadMs, samples }.
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createFaq, loadFaq } from '../src/faq/index.js';
import { loadEvalSet } from '../src/faq/evaluate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const t0 = performance.now();
const faq = createFaq(loadFaq());
faq.answer('预热'); // the first call loads jieba's dictionary lazily if not yet done
const loadMs = performance.now() - t0;

const questions = loadEvalSet(join(root, 'test/faq-eval/questions.yaml')).map((q) => q.q);
for (let i = 0; i < 3; i++) for (const q of questions) faq.answer(q); // warm-up

// Wall-clock time includes preemption on a busy machine; CPU time of the thread shows the matcher's own cost.
const samples: number[] = [];
const cpuSamples: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const q of questions) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    faq.answer(q);
    samples.push((performance.now() - start) * 1000);
    const used = process.cpuUsage(cpu);
    cpuSamples.push(used.user + used.system);
  }
}
const pctOf = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const pct = pctOf(samples);
const cpuPct = pctOf(cpuSamples);

console.log(
  JSON.stringify({
    matchMicrosP50: Math.round(pct(50)),
    matchMicrosP99: Math.round(pct(99)),
    matchCpuMicrosP50: Math.round(cpuPct(50)),
    matchCpuMicrosP99: Math.round(cpuPct(99)),
    loadMs: Math.round(loadMs),
    samples: samples.length,
  }),
);
