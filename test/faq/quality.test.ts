// Fails when matching quality on the reported split drops below 88% (targets: 90%; latest figures in docs/benchmarks.md).
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFaq, loadFaq } from '../../src/faq/index.js';
import { evaluateFaq, loadEvalSet } from '../../src/faq/evaluate.js';

const evalDir = join(dirname(fileURLToPath(import.meta.url)), '../faq-eval');

describe('matching quality', () => {
  const questions = loadEvalSet(join(evalDir, 'questions.yaml'));
  const report = evaluateFaq(createFaq(loadFaq()), questions);

  it('has at least 150 in-scope and 40 out-of-scope labelled questions', () => {
    expect(report.inScope).toBeGreaterThanOrEqual(150);
    expect(report.outOfScope).toBeGreaterThanOrEqual(40);
  });

  it('phrases them differently from the entries', () => {
    const known = new Set(
      loadFaq()
        .flatMap((e) => [e.question, ...e.examples])
        .map((t) => t.replace(/[？?]/g, '')),
    );
    const copies = questions.filter(({ q }) => known.has(q.replace(/[？?]/g, '')));
    expect(copies).toEqual([]);
  });

  it('precision@1 ≥ 88%', () => {
    expect(report.precisionAt1, JSON.stringify(report.misses, null, 1)).toBeGreaterThanOrEqual(0.88);
  });

  it('out-of-scope rejection ≥ 88%', () => {
    expect(report.outOfScopeRejection).toBeGreaterThanOrEqual(0.88);
  });
});
