/**
 * Is a question about what the bot knows at all (certificates, their review, points and settling in the covered
 * cities)? BM25 and the coverage measure judge how well an entry fits; an everyday question ("空调不制冷是什么原因",
 * "考研报名什么时候开始") still shares a generic word or two with some entry (原因, 报名, 什么时候) and can win.
 * A naive Bayes over the FAQ's own words weighs the topic instead: the entries' phrasings are the domain, the everyday
 * questions of dialogs/faq/_out-of-scope.yaml the rest, and each word of the question votes by how much likelier it is
 * on one side than on the other (words seen on neither side do not vote). A new kind of stray question is taught by
 * adding a line to that file.
 */
import type { FaqEntry } from './entry.js';
import { normaliseText } from '../text/normalise.js';
import type { Places } from './places.js';
import { wordTokens } from './tokenise.js';

export interface DomainClassifier {
  /** Log-odds that a question is about the bot's domain: above 0 in, below 0 out. */
  logOdds(question: string): number;
}

function counts(texts: readonly string[], places: Places): { of: Map<string, number>; total: number } {
  const of = new Map<string, number>();
  let total = 0;
  for (const text of texts) {
    for (const word of new Set(wordTokens(normaliseText(text), places))) {
      of.set(word, (of.get(word) ?? 0) + 1);
      total += 1;
    }
  }
  return { of, total };
}

/** @example trainDomain(loadFaq(), loadOutOfScope(), defaultPlaces()).logOdds('空调不制冷是什么原因') // < 0 */
export function trainDomain(entries: readonly FaqEntry[], outOfScope: readonly string[], places: Places): DomainClassifier {
  const inside = counts(
    entries.flatMap((e) => [e.question, ...e.examples, ...(e.keywords ?? [])]),
    places,
  );
  const outside = counts(outOfScope, places);
  const vocabulary = new Set([...inside.of.keys(), ...outside.of.keys()]).size;
  // Laplace smoothing; the two sides are weighed as equally likely before the words are read.
  const weight = new Map<string, number>();
  for (const word of new Set([...inside.of.keys(), ...outside.of.keys()])) {
    const pIn = ((inside.of.get(word) ?? 0) + 1) / (inside.total + vocabulary);
    const pOut = ((outside.of.get(word) ?? 0) + 1) / (outside.total + vocabulary);
    weight.set(word, Math.log(pIn / pOut));
  }
  return {
    logOdds(question) {
      let sum = 0;
      for (const word of new Set(wordTokens(normaliseText(question), places))) sum += weight.get(word) ?? 0;
      return sum;
    },
  };
}
