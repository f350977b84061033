/** The certificate FAQ: knowledge base loading and one-turn matching. */
export type { FaqEntry, FaqReplies, FaqScope, PersonalVariable } from './entry.js';
export { loadFaq, loadFaqReplies, loadOutOfScope, FaqLoadError, DEFAULT_FAQ_DIR, faqPlaces, defaultPlaces } from './load.js';
export type { Places } from './places.js';
export { trainDomain, type DomainClassifier } from './domain.js';
export {
  createFaq,
  createRanker,
  DEFAULT_THRESHOLD,
  DEFAULT_FLOOR,
  DEFAULT_MIN_COVERAGE,
  DEFAULT_MAX_RUNNER_UP_RATIO,
  DEFAULT_WEIGHTS,
} from './match.js';
export type { RankedHit } from './match.js';
export type { Faq, FaqAnswer, FaqContext, FaqOptions, RankingWeights } from './match.js';
export { faqReply } from './reply.js';
export { reviewSchedule, type ReviewSchedule } from './personalise.js';
