/**
 * Matching a question to an entry, in two steps:
 * 1. BM25 (MiniSearch) over each entry's text (question twice, examples, keywords) as jieba words, character bigrams
 *    and single characters, mixed with the score of the entry's single closest phrasing (question or one example,
 *    words only), so an entry with many examples repeating one word does not win on that word alone;
 * 2. reranking by scope: an entry about another skill level, another city or the other kind of certificate than the
 *    question names is demoted (facets.ts), since those are exactly the neighbours BM25 confuses.
 * The best entry is answered when its score reaches a calibrated threshold, it explains enough of the question's words
 * (IDF-weighted coverage, which stops a long off-topic question from winning on stray characters) and the runner-up is
 * not about as good (then the bot offers the choices instead of guessing); between the floor and the threshold the bot
 * offers the closest 3 entries; below the floor the question is out of scope.
 * All constants were tuned on test/faq-eval/dev.yaml, never on the reported split (questions.yaml).
 */
import MiniSearch from 'minisearch';
import type { Choice } from '../contract/index.js';
import { choiceValue } from '../dialog/choice-value.js';
import type { Facts } from '../scoring/facts.js';
import type { CityRules, NationalRules } from '../scoring/index.js';
import type { FaqEntry } from './entry.js';
import { trainDomain } from './domain.js';
import { facetsOf, scopeConflicts } from './facets.js';
import { QUESTION_WORDS } from './lexicon.js';
import { normaliseText as normaliseQuestion } from '../text/normalise.js';
import type { AssumableCondition } from './own-figures.js';
import { personaliseAnswer } from './personalise.js';
import type { Places } from './places.js';
import { BIGRAM_PREFIX, CHAR_PREFIX, bigramTokens, charTokens, keepWhole, wordTokens } from './tokenise.js';
import { defaultPlaces } from './load.js';

export type FaqAnswer =
  | {
      kind: 'answer';
      entry: FaqEntry;
      score: number;
      text: string;
      followUps: Choice[];
      /** Certificate conditions the user has not stated that the text's own figures take as holding. */
      assumed?: AssumableCondition[];
    }
  | { kind: 'unsure'; candidates: Array<{ entry: FaqEntry; score: number }> }
  | { kind: 'out_of_scope' };

export interface FaqContext {
  facts?: Facts;
  /** YYYY-MM-DD; needed for date-dependent personal answers. */
  today?: string;
  /** The city the user is asking about (the session's), for a question that names none: "能落户吗". */
  city?: string;
}

export interface Faq {
  /** Answers one question in one turn; `score` is the reranked BM25 score (compare with the threshold). */
  answer(question: string, context?: FaqContext): FaqAnswer;
  /** The answer of a known entry, e.g. after the user picked a candidate (`faq:<id>`); out_of_scope if unknown. */
  answerById(id: string, context?: FaqContext): FaqAnswer;
  readonly entries: readonly FaqEntry[];
}

/** The ranking's weights; exposed for tuning on the dev split, the defaults are the tuned values. */
export interface RankingWeights {
  /** BM25 boost of character bigrams and single characters relative to words (1); 0 leaves the view out. */
  bigrams: number;
  chars: number;
  /** Share of the score that comes from the single closest phrasing (question or example) rather than the whole entry. */
  phrasing: number;
  /** Score factor for an entry scoped to another level / city / certificate kind than the question names. */
  levelConflict: number;
  placeConflict: number;
  certificateConflict: number;
  /** Score factor for a city entry when the question names no city. */
  unnamedCity: number;
  /**
   * The BM25 sum is multiplied by (number of distinct question words the entry matches) ^ this, so an entry that
   * matches several of the words beats one that matches a single rare word many times. Characters and bigrams do not
   * count here: they would reward long off-topic questions.
   */
  wordQuality: number;
}

export interface FaqOptions {
  /** Score at or above which the best entry is answered directly. */
  threshold?: number;
  /** Score below which the question is out of scope rather than offering candidates. */
  floor?: number;
  /** Least share of the question's (IDF-weighted) words the best entry must contain to be answered directly. */
  minCoverage?: number;
  /** Runner-up score / best score at or above which the bot offers the choices instead of answering. */
  maxRunnerUpRatio?: number;
  weights?: Partial<RankingWeights>;
  /** The national rules, for the permit dates of personal answers; without them those answers stay general. */
  national?: NationalRules;
  /** The covered cities by their rules files' names and aliases; default: the bundled rules/. */
  places?: Places;
  /** The cities' rules, for the user's own figures ("我年龄能得几分"); without them those answers stay general. */
  cities?: readonly CityRules[];
  /** Everyday questions (dialogs/faq/_out-of-scope.yaml): with them an off-topic question is told apart by its topic. */
  outOfScope?: readonly string[];
}

export const DEFAULT_WEIGHTS: RankingWeights = {
  bigrams: 1,
  chars: 1,
  phrasing: 0.3,
  levelConflict: 0.5,
  placeConflict: 0.4,
  certificateConflict: 0.6,
  unnamedCity: 0.8,
  wordQuality: 1,
};
// Tuned on test/faq-eval/dev.yaml (200 in-scope, 50 off-topic) with the 47-entry knowledge base: precision@1 is flat
// from 40 to 50 and falls from 60, off-topic rejection rises up to 50; 0.97 turns near-ties into choices (dev: −0.5
// point precision, +2 points rejection). Re-tune after adding many entries: BM25 scales with the corpus.
export const DEFAULT_THRESHOLD = 50;
export const DEFAULT_FLOOR = 20;
export const DEFAULT_MIN_COVERAGE = 0.2;
export const DEFAULT_MAX_RUNNER_UP_RATIO = 0.97;
/**
 * A best entry this far ahead (score ≥ factor × threshold, runner-up below runnerUpRatio × its score) is answered with
 * as little as `coverage` of the question's words. Tuned on test/faq-eval/dev.yaml and the dialog evaluation's dev
 * questions (docs/benchmarks.md).
 */
const DOMINANT = { factor: 1.5, runnerUpRatio: 0.7, coverage: 0.05 } as const;
/** A near-tie answered with its first entry when that scores at least `factor` × threshold (tuned as DOMINANT). */
const TIE = { factor: 1.5 } as const;
/**
 * A question whose words the domain classifier (domain.ts) reads as off topic (log-odds below `maxLogOdds`) is out of
 * scope unless its best entry covers at least `maxCoverage` of its words. Tuned on test/faq-eval/dev.yaml: a margin
 * below 0, since one everyday word ("难不难") should not turn away "许昌落户难不难".
 */
const OFF_TOPIC = { maxLogOdds: -1, maxCoverage: 0.7 } as const;
/**
 * Two entries about the same one city (its route and its certificate entry) whose scores are this close are both
 * answered: the question names the city, the two texts say different halves of what the city does.
 */
const SAME_CITY = { ratio: 0.85 } as const;
function sameCity(a: FaqEntry, b: FaqEntry): boolean {
  const x = a.scope?.cities;
  const y = b.scope?.cities;
  return x?.length === 1 && y?.length === 1 && x[0] === y[0];
}

/** A question that speaks of the asker ("我这证…", "那我…"). */
const OWN_CASE = /[我俺咱]/u;
const CANDIDATES = 3;
/** Hits reranked: enough for a demoted first hit to be overtaken by one further down. */
const RERANKED = 8;

interface Indexed {
  id: number;
  words: string;
  bigrams: string;
  chars: string;
}

/** One phrasing of an entry (its question or one example), indexed on its own. */
interface Phrasing {
  id: number;
  entry: number;
  words: string;
}

/** The canonical question counts twice, so it weighs more than any single example. */
function documentOf(entry: FaqEntry, id: number): Indexed {
  const text = normaliseQuestion([entry.question, entry.question, ...entry.examples, ...(entry.keywords ?? [])].join('\n'));
  return { id, words: text, bigrams: text, chars: text };
}

export interface RankedHit {
  entry: FaqEntry;
  /** The combined score after the scope reranking. */
  score: number;
  /** IDF-weighted share of the question's words found in the entry, 0..1. */
  coverage: number;
}

const isWord = (term: string) => !term.startsWith(CHAR_PREFIX) && !term.startsWith(BIGRAM_PREFIX);

function fieldTokenizer(places: Places) {
  return (text: string, field?: string): string[] => {
    if (field === 'chars') return charTokens(text).map((c) => CHAR_PREFIX + c);
    if (field === 'bigrams') return bigramTokens(text).map((b) => BIGRAM_PREFIX + b);
    return wordTokens(text, places);
  };
}

// Queries arrive already tokenised, so the search-time tokenizer keeps each term as it is.
const PRETOKENISED = { combineWith: 'OR', prefix: false, fuzzy: false, tokenize: (term: string) => [term] } as const;

/** Per term, the BM25 score (all fields, boosted) of every document containing it. */
type Postings = Map<string, Array<{ doc: number; score: number }>>;

/**
 * Asks MiniSearch once per term of the vocabulary, at build time, for each document's BM25 score of that term. A
 * question is then scored by adding up its terms' postings: the same sums MiniSearch's OR query gives, without its
 * per-query bookkeeping, which kept one match well above the 1 ms budget with character and bigram terms.
 */
function postingsOf<T>(index: MiniSearch<T>, vocabulary: string[]): Postings {
  const postings: Postings = new Map();
  for (const term of new Set(vocabulary)) {
    postings.set(
      term,
      index.search({ combineWith: 'OR', queries: [term] }).map((hit) => ({ doc: hit.id as number, score: hit.score })),
    );
  }
  return postings;
}

interface Accumulated {
  doc: number;
  /** BM25 sum over the matched terms. */
  sum: number;
  /** Distinct matched terms, and of those the words (neither characters nor bigrams). */
  terms: number;
  words: number;
}

function accumulate(postings: Postings, terms: string[], size: number): Accumulated[] {
  const sum = new Float64Array(size);
  const matched = new Uint16Array(size);
  const words = new Uint16Array(size);
  for (const term of terms) {
    const list = postings.get(term);
    if (!list) continue;
    const word = isWord(term);
    for (const { doc, score } of list) {
      sum[doc]! += score;
      matched[doc]! += 1;
      if (word) words[doc]! += 1;
    }
  }
  const out: Accumulated[] = [];
  for (let doc = 0; doc < size; doc++) {
    if (matched[doc]! > 0) out.push({ doc, sum: sum[doc]!, terms: matched[doc]!, words: words[doc]! });
  }
  return out;
}

/**
 * The best hits in MiniSearch's own order (BM25 sum × matched terms); the scores used afterwards replace that factor
 * by (distinct matched words) ^ wordQuality, leaving characters and bigrams out of it.
 */
function topHits(hits: Accumulated[], limit: number): Accumulated[] {
  return hits.sort((a, b) => b.sum * b.terms - a.sum * a.terms).slice(0, limit);
}

/** The best entries for a question, best first (at most 4): the scoring behind `createFaq`, exposed for tuning. */
export function createRanker(
  entries: FaqEntry[],
  weights: Partial<RankingWeights> = {},
  places: Places = defaultPlaces(),
): (question: string, impliedCity?: string) => RankedHit[] {
  const w: RankingWeights = { ...DEFAULT_WEIGHTS, ...weights };
  keepWhole(places.words);
  const tokenizeField = fieldTokenizer(places);
  // MiniSearch reads a boost of 0 as "unset" (1), so a view weighted 0 is left out of the index instead.
  const fields = (['words', 'bigrams', 'chars'] as const).filter((f) => f === 'words' || w[f] > 0);
  const byEntry = new MiniSearch<Indexed>({
    fields: [...fields],
    tokenize: tokenizeField,
    processTerm: (term) => term,
    searchOptions: { ...PRETOKENISED, boost: { words: 1, bigrams: w.bigrams, chars: w.chars } },
  });
  const documents = entries.map(documentOf);
  byEntry.addAll(documents);

  const byPhrasing = new MiniSearch<Phrasing>({
    fields: ['words'],
    storeFields: ['entry'],
    tokenize: (text) => wordTokens(text, places),
    processTerm: (term) => term,
    searchOptions: PRETOKENISED,
  });
  let next = 0;
  const phrasings: Phrasing[] = entries.flatMap((e, entry) =>
    [e.question, ...e.examples].map((p) => ({ id: next++, entry, words: normaliseQuestion(p) })),
  );
  byPhrasing.addAll(phrasings);

  // Document frequencies of words, for the coverage measure.
  const entryWords = documents.map((d) => new Set(wordTokens(d.words, places)));
  const df = new Map<string, number>();
  for (const words of entryWords) for (const word of words) df.set(word, (df.get(word) ?? 0) + 1);
  const n = entries.length;
  // A word no entry uses counts as if half an entry had it: it is strong evidence the question is about something else.
  const idf = (word: string) => Math.log(1 + n / (df.get(word) ?? 0.5));

  const entryPostings = postingsOf(
    byEntry,
    documents.flatMap((d) => fields.flatMap((f) => tokenizeField(d[f], f))),
  );
  const phrasingPostings = postingsOf(
    byPhrasing,
    phrasings.flatMap((p) => wordTokens(p.words, places)),
  );

  return (question, impliedCity) => {
    const normalised = normaliseQuestion(question);
    const words = [...new Set(wordTokens(normalised, places))];
    const bigrams = w.bigrams > 0 ? [...new Set(bigramTokens(normalised))].map((b) => BIGRAM_PREFIX + b) : [];
    const chars = w.chars > 0 ? [...new Set(charTokens(normalised))].map((c) => CHAR_PREFIX + c) : [];
    if (words.length === 0) return [];

    const combined = new Map<number, number>();
    const byEntryHits = accumulate(entryPostings, [...words, ...bigrams, ...chars], documents.length);
    for (const hit of topHits(byEntryHits, RERANKED)) {
      combined.set(hit.doc, (1 - w.phrasing) * hit.sum * Math.max(1, hit.words) ** w.wordQuality);
    }
    if (w.phrasing > 0) {
      const best = new Map<number, number>();
      const phrasingHits = accumulate(phrasingPostings, words, phrasings.length);
      for (const hit of topHits(phrasingHits, phrasings.length)) {
        const entry = phrasings[hit.doc]!.entry;
        if (!best.has(entry)) best.set(entry, hit.sum * Math.max(1, hit.words) ** w.wordQuality); // best first
      }
      const cut = best.size > RERANKED ? [...best.values()][RERANKED - 1]! : 0;
      for (const [entry, score] of best) {
        if (combined.has(entry) || score >= cut) combined.set(entry, (combined.get(entry) ?? 0) + w.phrasing * score);
      }
    }

    const named = facetsOf(normalised, places);
    // A question that names no place is about the session's city ("我这个证能加多少分" from a Shanghai user): entries
    // about another city are as far from it as if the question had named that city.
    const implied = impliedCity !== undefined && named.places.size === 0 ? impliedCity : undefined;
    // Coverage is about the topic: question words and place names (weighed by the scope reranking) do not count, nor
    // does a number no entry mentions (a year, an age). "泉州有什么特产" then covers nothing.
    const meaningful = words.filter(
      (word) => !QUESTION_WORDS.has(word) && !places.isPlaceName(word) && (df.has(word) || !/^\d+$/.test(word)),
    );
    const total = meaningful.reduce((sum, word) => sum + idf(word), 0);
    return [...combined]
      .map(([id, score]) => {
        const entry = entries[id]!;
        const c = scopeConflicts(named, entry.scope, implied);
        const factor =
          (c.level ? w.levelConflict : 1) *
          (c.place ? w.placeConflict : 1) *
          (c.certificate ? w.certificateConflict : 1) *
          (c.unnamedCity ? w.unnamedCity : 1);
        const have = entryWords[id]!;
        const covered = meaningful.filter((word) => have.has(word)).reduce((sum, word) => sum + idf(word), 0);
        return { entry, score: score * factor, coverage: total > 0 ? covered / total : 0 };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, CANDIDATES + 1);
  };
}

/**
 * Builds the index once; answering is then pure and synchronous.
 * @example const faq = createFaq(loadFaq()); faq.answer('低压电工证能积分吗？')
 */
export function createFaq(entries: FaqEntry[], options: FaqOptions = {}): Faq {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const floor = options.floor ?? DEFAULT_FLOOR;
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const maxRunnerUpRatio = options.maxRunnerUpRatio ?? DEFAULT_MAX_RUNNER_UP_RATIO;
  const { factor: dominantFactor, runnerUpRatio: dominantRatio, coverage: dominantCoverage } = DOMINANT;
  const places = options.places ?? defaultPlaces();
  const rank = createRanker(entries, options.weights, places);
  // "{coveredCities}" in an answer is the list of cities with a rules file, so that answer never goes stale.
  const covered = places.names().join('、');

  const domain = options.outOfScope ? trainDomain(entries, options.outOfScope, places) : undefined;
  const cityRules = new Map((options.cities ?? []).map((c) => [c.id, c]));
  const cityIdByName = new Map([...places.cityIds].map((id) => [places.name(id) ?? id, id]));

  function direct(entry: FaqEntry, score: number, context: FaqContext, question = ''): FaqAnswer {
    const personal = personaliseAnswer(entry, {
      facts: context.facts,
      today: context.today,
      cityId: context.city === undefined ? undefined : cityIdByName.get(context.city),
      national: options.national,
      cityRules: (id) => cityRules.get(id),
    });
    // A question about the user's own case that a fact still unknown keeps general: the general answer, and which
    // fact would make it the user's own.
    const ask = !personal && context.facts && OWN_CASE.test(question) ? entry.personalised?.find((p) => p.ask)?.ask : undefined;
    const text = (personal?.text ?? (ask ? `${entry.answer}${ask}` : entry.answer)).replaceAll('{coveredCities}', covered);
    const answer: FaqAnswer = { kind: 'answer', entry, score, text, followUps: entry.followUps ?? [] };
    if (personal?.assumed.length) answer.assumed = personal.assumed;
    return answer;
  }
  const byId = new Map(entries.map((e) => [e.id, e]));

  return {
    entries,
    answerById(id, context = {}) {
      const entry = byId.get(id);
      return entry ? direct(entry, 1, context) : { kind: 'out_of_scope' };
    },
    answer(question, context = {}) {
      const plain = answerOnce(question, context);
      // "能落户吗" in a session about 许昌: asked again with the city's name when the question alone finds no clear entry.
      if (plain.kind === 'answer' || !context.city || facetsOf(normaliseQuestion(question), places).places.size > 0) return plain;
      const withCity = answerOnce(`${context.city}${question}`, context);
      return withCity.kind === 'answer' ? withCity : plain;
    },
  };

  /** The answer followed by the runner-up's: two entries about one city, neither clearly the one asked about. */
  function withSecond(answer: FaqAnswer, runnerUp: RankedHit, context: FaqContext, question: string): FaqAnswer {
    const second = direct(runnerUp.entry, runnerUp.score, context, question);
    if (answer.kind === 'answer' && second.kind === 'answer') answer.text = `${answer.text}\n${second.text}`;
    return answer;
  }

  function answerOnce(question: string, context: FaqContext): FaqAnswer {
    const hits = rank(question, context.city === undefined ? undefined : cityIdByName.get(context.city));
    const best = hits[0];
    if (!best) return { kind: 'out_of_scope' };
    // Off topic by the domain classifier, and not plainly explained by the entry's words: out of scope.
    if (domain && best.coverage < OFF_TOPIC.maxCoverage && domain.logOdds(question) < OFF_TOPIC.maxLogOdds) {
      return { kind: 'out_of_scope' };
    }
    const runnerUp = hits[1];
    const clearWinner = !runnerUp || runnerUp.score < maxRunnerUpRatio * best.score;
    // An entry far ahead of every other one is the answer even when the question has many words it lacks
    // ("福州中级工积分大概多少": the level words are not in the city's entry); coverage still rules out off-topic ones.
    const dominant =
      best.score >= dominantFactor * threshold &&
      (!runnerUp || runnerUp.score < dominantRatio * best.score) &&
      best.coverage >= dominantCoverage;
    if (best.score >= threshold && (best.coverage >= minCoverage || dominant) && clearWinner) {
      const answer = direct(best.entry, best.score, context, question);
      return runnerUp && sameCity(best.entry, runnerUp.entry) && runnerUp.score >= SAME_CITY.ratio * best.score
        ? withSecond(answer, runnerUp, context, question)
        : answer;
    }
    // Two strong entries about as good ("杭州落户难吗": the city's route and its certificate entry): the first is
    // answered and the other offered beside it, rather than a list the worker must read before any answer.
    if (runnerUp && best.score >= TIE.factor * threshold && best.coverage >= minCoverage && runnerUp.coverage >= minCoverage) {
      const answer = direct(best.entry, best.score, context, question);
      // A real tie ("武汉积分落户要多少分": the city's route and its certificate entry): both answers, one after the other.
      if (runnerUp.score >= maxRunnerUpRatio * best.score || sameCity(best.entry, runnerUp.entry)) {
        return withSecond(answer, runnerUp, context, question);
      }
      if (answer.kind === 'answer' && !answer.followUps.some((c) => c.value === choiceValue.faq(runnerUp.entry.id))) {
        const offered = { label: runnerUp.entry.question.slice(0, 30), value: choiceValue.faq(runnerUp.entry.id) };
        answer.followUps = [offered, ...answer.followUps].slice(0, 4);
      }
      return answer;
    }
    if (best.score < floor) return { kind: 'out_of_scope' };
    return {
      kind: 'unsure',
      candidates: hits.slice(0, CANDIDATES).map((h) => ({ entry: h.entry, score: h.score })),
    };
  }
}
