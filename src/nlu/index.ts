/**
 * Chinese free-text understanding: facts, numbers, dates and intents from one chat message.
 * Pure (the lexicon file is read once, on first use); the dialog decides what to do with the reading.
 */
export { createUnderstander, questionClassifier, type QuestionDetector, type UnderstanderOptions } from './understand.js';
export { parseChineseNumber } from './numbers.js';
export { trainQuestionClassifier, type QuestionClassifier } from './question-classifier.js';
export type {
  Ambiguity,
  CityLexiconEntry,
  Expectation,
  Intent,
  IntentType,
  Understand,
  Understanding,
} from './types.js';
export { loadDefaultLexicon, loadLexicon, parseLexicon, LexiconError, type Lexicon } from './lexicon.js';
