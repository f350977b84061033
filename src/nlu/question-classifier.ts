/**
 * Does a message (or one clause of it) ask something? A logistic regression over character 1- to 3-grams, trained
 * when the bot starts on dialogs/question-corpus.yaml and the questions and examples of dialogs/faq/*.yaml.
 *
 * Word lists missed how workers ask ("考技师要几年", "低压证多久复审一次呀", "能落户不") and fired on statements
 * ("什么证都没有", "几年前考的"); the n-grams see a question's shape (多久…, …不 at the end, …呀) from labelled
 * examples, and a new phrasing is taught by adding a line to the corpus. The n-grams are hashed into a fixed table,
 * so the model's size does not grow with the corpus and scoring a message allocates nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../project-root.js';

export interface LabelledMessage {
  text: string;
  question: boolean;
}

export interface QuestionClassifier {
  /** The probability that `text` (normalised, see normalise.ts) asks something. */
  probability(text: string): number;
}

/** Hash buckets of the n-gram weights (a power of two). */
const BUCKETS = 1 << 16;
const MAX_N = 3;
const START = 0x5e; // '^'
const END = 0x24; // '$'

/** FNV-1a over the char codes of one n-gram, its length mixed in so "吗" and "吗$" differ from a 1-gram "吗". */
function bucketsOf(text: string, visit: (bucket: number) => void): void {
  const len = text.length + 2;
  const codeAt = (i: number) => {
    if (i === 0) return START;
    if (i === len - 1) return END;
    const c = text.charCodeAt(i - 1);
    // Digits are one symbol: "32岁" and "45岁" are the same shape.
    return c >= 0x30 && c <= 0x39 ? 0x30 : c;
  };
  for (let i = 0; i < len; i++) {
    let h = 0x811c9dc5;
    for (let n = 0; n < MAX_N && i + n < len; n++) {
      h ^= codeAt(i + n);
      h = Math.imul(h, 0x01000193);
      visit(((h ^ n) >>> 0) & (BUCKETS - 1));
    }
  }
}

export interface TrainingOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

/** A deterministic shuffle (the same model at every start). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Stochastic gradient descent on the log loss, the two classes weighed equally whatever their counts. */
export function trainQuestionClassifier(examples: LabelledMessage[], options: TrainingOptions = {}): QuestionClassifier {
  const epochs = options.epochs ?? 25;
  const rate = options.learningRate ?? 0.3;
  const l2 = options.l2 ?? 1e-6;
  const weights = new Float32Array(BUCKETS);
  let bias = 0;
  const questions = examples.filter((e) => e.question).length;
  const classWeight = (q: boolean) => (examples.length / 2 / Math.max(1, q ? questions : examples.length - questions)) as number;
  const featureLists = examples.map((e) => {
    const list: number[] = [];
    bucketsOf(e.text, (b) => list.push(b));
    return { list, y: e.question ? 1 : 0, w: classWeight(e.question) };
  });
  for (let epoch = 0; epoch < epochs; epoch++) {
    const step = rate / (1 + epoch * 0.2);
    for (const { list, y, w } of shuffled(featureLists, 7 + epoch)) {
      let z = bias;
      for (const b of list) z += weights[b]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - y) * w * step;
      bias -= g;
      for (const b of list) weights[b] = weights[b]! * (1 - l2) - g;
    }
  }
  return {
    probability(text) {
      let z = bias;
      bucketsOf(text, (b) => {
        z += weights[b]!;
      });
      return 1 / (1 + Math.exp(-z));
    },
  };
}

const corpusSchema = z.object({ questions: z.array(z.coerce.string()), statements: z.array(z.coerce.string()) });
const faqFileSchema = z.object({
  entries: z.array(z.object({ question: z.string(), examples: z.array(z.coerce.string()).default([]) }).loose()).default([]),
});

/**
 * The labelled messages: dialogs/question-corpus.yaml, plus every FAQ entry's question and examples (all questions).
 * Read once, at start-up.
 */
export function loadQuestionCorpus(
  dialogsDir: string = projectPath('dialogs'),
  faqDir: string = join(dialogsDir, 'faq'),
): LabelledMessage[] {
  const corpus = corpusSchema.parse(parse(readFileSync(join(dialogsDir, 'question-corpus.yaml'), 'utf8')));
  const out: LabelledMessage[] = [
    ...corpus.questions.map((text) => ({ text, question: true })),
    ...corpus.statements.map((text) => ({ text, question: false })),
  ];
  for (const file of readdirSync(faqDir).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))) {
    const { entries } = faqFileSchema.parse(parse(readFileSync(join(faqDir, file), 'utf8')));
    for (const e of entries) for (const text of [e.question, ...e.examples]) out.push({ text, question: true });
  }
  return out;
}
