/**
 * Measures matching quality on a labelled question set (test/faq-eval/*.yaml):
 * precision@1 = share of in-scope questions answered directly with the expected entry;
 * out-of-scope rejection = share of out-of-scope questions not answered (unsure or out_of_scope).
 */
import { z } from 'zod';
import { loadYaml } from '../yaml/load-yaml.js';
import type { Faq } from './match.js';

const evalSetSchema = z.object({
  questions: z.array(z.object({ q: z.string().min(1), expect: z.string().nullable() })).min(1),
});
export type EvalQuestion = z.infer<typeof evalSetSchema>['questions'][number];

export function loadEvalSet(file: string): EvalQuestion[] {
  return loadYaml(file, evalSetSchema).questions;
}

export interface EvalMiss {
  q: string;
  expect: string | null;
  got: string;
}

export interface EvalReport {
  precisionAt1: number;
  outOfScopeRejection: number;
  inScope: number;
  outOfScope: number;
  /** In-scope questions whose best-ranked entry (answered or first candidate) is right: ranking quality alone. */
  rankedFirstAt1: number;
  /** In-scope questions sent to the unsure branch whose expected entry is among the 3 candidates. */
  unsureWithExpectedCandidate: number;
  misses: EvalMiss[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function evaluateFaq(faq: Faq, questions: EvalQuestion[]): EvalReport {
  const entryIds = new Set(faq.entries.map((e) => e.id));
  let inScope = 0,
    correct = 0,
    rankedFirst = 0,
    unsureHelped = 0,
    outOfScope = 0,
    rejected = 0;
  const misses: EvalMiss[] = [];
  for (const { q, expect } of questions) {
    if (expect !== null && !entryIds.has(expect)) throw new Error(`eval question "${q}" expects unknown entry "${expect}"`);
    const a = faq.answer(q);
    const got =
      a.kind === 'answer' ? a.entry.id : a.kind === 'unsure' ? `unsure:${a.candidates.map((c) => c.entry.id).join(',')}` : 'out_of_scope';
    if (expect === null) {
      outOfScope++;
      if (a.kind !== 'answer') rejected++;
      else misses.push({ q, expect, got });
      continue;
    }
    inScope++;
    const first = a.kind === 'answer' ? a.entry.id : a.kind === 'unsure' ? a.candidates[0]?.entry.id : undefined;
    if (first === expect) rankedFirst++;
    if (a.kind === 'answer' && a.entry.id === expect) correct++;
    else {
      if (a.kind === 'unsure' && a.candidates.some((c) => c.entry.id === expect)) unsureHelped++;
      misses.push({ q, expect, got });
    }
  }
  return {
    precisionAt1: round(inScope ? correct / inScope : 0),
    outOfScopeRejection: round(outOfScope ? rejected / outOfScope : 0),
    inScope,
    outOfScope,
    rankedFirstAt1: round(inScope ? rankedFirst / inScope : 0),
    unsureWithExpectedCandidate: unsureHelped,
    misses,
  };
}
