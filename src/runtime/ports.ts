/**
 * Adapters from the scoring, NLU and FAQ modules to the dialog's ports, and the loading of all of them.
 */
import { createUnderstander } from '../nlu/index.js';
import {
  compareCities,
  evaluate,
  loadRules,
  permitSchedule,
  validateFacts,
  type NationalRules,
  type RulesRegistry,
} from '../scoring/index.js';
import { createFaq, faqReply, loadFaq, loadFaqReplies, type FaqAnswer } from '../faq/index.js';
import type { DialogRules, FaqPort, Understand } from '../dialog/ports.js';
import type { Reply } from '../dialog/reply.js';
import { assertIntakeCovers } from '../dialog/coverage.js';
import { loadDialogSpec, type DialogSpec } from '../dialog/spec.js';

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
  };
}

/**
 * The FAQ module behind the dialog's port, answers rendered with its own reply texts. `national` gives personal
 * answers their permit dates; `onAnswer` sees every answer to a free question (the server counts hits and misses).
 */
export function faqPort(dir: string | undefined, national: NationalRules, onAnswer?: (answer: FaqAnswer) => void): FaqPort {
  const faq = createFaq(loadFaq(dir), { national });
  const replies = loadFaqReplies(dir);
  return {
    answer: (question, context) => {
      const answer = faq.answer(question, context);
      onAnswer?.(answer);
      return faqReply(answer, replies);
    },
    answerById: (id, context) => faqReply(faq.answerById(id, context), replies),
  };
}

/** A FAQ that answers every question with one fixed text; for tests of the digression mechanism alone. */
export function fixedFaq(text: string): FaqPort {
  const reply: Reply = { kind: 'answer', text };
  return { answer: () => reply, answerById: () => reply };
}

export interface BotCore {
  rules: DialogRules;
  spec: DialogSpec;
  understand: Understand;
  faq: FaqPort;
}

/** Loads rules, dialog texts, the lexicon and the FAQ once, for a process that serves many turns. */
export function loadBotCore(options: { rulesDir?: string; dialogsDir?: string; faqDir?: string } = {}): BotCore {
  const registry = loadRules(options.rulesDir);
  const rules = dialogRules(registry);
  const spec = loadDialogSpec(options.dialogsDir);
  assertIntakeCovers(spec, rules);
  return {
    rules,
    spec,
    understand: createUnderstander(rules.cities),
    faq: faqPort(options.faqDir, registry.national),
  };
}
