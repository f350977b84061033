/**
 * Adapters from the scoring and FAQ modules to the dialog's ports: the dialog sees plain interfaces, and this is the
 * one place that fills them with the real modules.
 */
import type { DialogRules, FaqPort } from '../dialog/ports.js';
import { createFaq, type FaqAnswer, faqPlaces, faqReply, loadFaq, loadFaqReplies, loadOutOfScope } from '../faq/index.js';
import type { Lexicon } from '../nlu/index.js';
import { compareCities, evaluate, permitSchedule, type RulesRegistry, roadToThreshold, validateFacts } from '../scoring/index.js';

/** The rules registry seen from the dialog. */
export function dialogRules(registry: RulesRegistry): DialogRules {
  const city = (id: string) => {
    const c = registry.byId(id);
    if (!c) throw new Error(`unknown city "${id}"`);
    return c;
  };
  return {
    cities: registry.cities.map((c) => ({ id: c.id, name: c.name, aliases: c.aliases })),
    neededFacts: (id) => city(id).neededFacts,
    evaluate: (facts, id, today) => evaluate(facts, city(id), today, registry.national),
    compare: (facts, today, scope) => compareCities(facts, registry, today, scope),
    validate: (input, today) => validateFacts(input, today),
    permitSchedule: (cert) => permitSchedule(cert, registry.national),
    road: (facts, id, today, next) => roadToThreshold(facts, city(id), registry.national, today, next),
  };
}

/**
 * The FAQ module behind the dialog's port, answers rendered with its own reply texts. `national` gives personal
 * answers their permit dates; `onAnswer` sees every answer to a free question (the server counts hits and misses).
 */
export function faqPort(
  dir: string,
  registry: Pick<RulesRegistry, 'national' | 'cities'>,
  lexicon: Lexicon,
  onAnswer?: (answer: FaqAnswer) => void,
): FaqPort {
  const places = faqPlaces(registry.cities, lexicon);
  const faq = createFaq(loadFaq(dir, places.cityIds), {
    national: registry.national,
    places,
    cities: registry.cities,
    outOfScope: loadOutOfScope(dir),
  });
  const loaded = loadFaqReplies(dir);
  const replies = { ...loaded, outOfScope: loaded.outOfScope.replaceAll('{coveredCities}', places.names().join('、')) };
  return {
    answer: (question, context) => {
      const answer = faq.answer(question, context);
      onAnswer?.(answer);
      return faqReply(answer, replies);
    },
    answerById: (id, context) => faqReply(faq.answerById(id, context), replies),
  };
}
