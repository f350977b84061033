/**
 * Question-ness: the trained classifier against the marker word lists it replaced, on the labelled messages of the
 * dialog evaluation (a `questions:` entry or a turn with `answer` asks; every other turn and labelled answer states).
 * Prints accuracy per part only: the held-out part is never shown item by item.
 *
 *   npx tsx scripts/eval-question-detector.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCore } from '../src/app/core.js';
import { createUnderstander, loadLexicon } from '../src/nlu/index.js';
import { projectPath } from '../src/project-root.js';

interface Labelled {
  text: string;
  question: boolean;
}

function labelled(dir: string): Labelled[] {
  const out: Labelled[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const data = parse(readFileSync(join(dir, file), 'utf8')) as {
      questions?: Array<{ q: unknown }>;
      conversations?: Array<{ turns?: Array<{ say?: unknown; answer?: unknown }>; answers?: Record<string, { say?: unknown }> }>;
    };
    for (const q of data.questions ?? []) out.push({ text: String(q.q), question: true });
    for (const c of data.conversations ?? []) {
      for (const t of c.turns ?? []) if (t.say !== undefined) out.push({ text: String(t.say), question: t.answer !== undefined });
      for (const a of Object.values(c.answers ?? {})) if (a.say !== undefined) out.push({ text: String(a.say), question: false });
    }
  }
  return out;
}

const core = loadCore();
const cities = core.rules.cities;
const lexicon = loadLexicon(projectPath('dialogs', 'lexicon.yaml'));
const detectors = {
  classifier: createUnderstander(cities, { lexicon, questions: 'classifier' }),
  wordLists: createUnderstander(cities, { lexicon, questions: 'wordLists' }),
};
const report: Record<string, unknown> = {};
for (const part of ['dev', 'heldout']) {
  const items = labelled(projectPath('test', 'dialog-eval', part));
  const row: Record<string, unknown> = { messages: items.length };
  for (const [name, understand] of Object.entries(detectors)) {
    let right = 0;
    let questionsRight = 0;
    let statementsRight = 0;
    for (const item of items) {
      const ok = understand(item.text).isQuestion === item.question;
      if (ok) right += 1;
      if (ok && item.question) questionsRight += 1;
      if (ok && !item.question) statementsRight += 1;
    }
    const questions = items.filter((i) => i.question).length;
    row[name] = {
      accuracy: +(right / items.length).toFixed(3),
      questions: +(questionsRight / questions).toFixed(3),
      statements: +(statementsRight / (items.length - questions)).toFixed(3),
    };
  }
  report[part] = row;
}
console.log(JSON.stringify(report, null, 2));
