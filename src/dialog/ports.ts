/**
 * What the pure dialog engine needs from the rest of the bot, as plain interfaces: the city rules (scoring), the
 * reader of free Chinese text (NLU) and the FAQ. The runtime wires the real modules in; tests may too.
 */
import type { Understand } from '../nlu/types.js';
import type { Certificate, Facts } from '../scoring/facts.js';
import type { FactScope, PermitSchedule, Road } from '../scoring/index.js';
import type { CityComparison, EvaluationResult, NextCertificate } from '../scoring/result.js';
import type { Reply } from '../contract/index.js';
import type { ReminderDialogContext } from './reminder-port.js';
import type { DialogSpec } from './spec.js';

export type { ReminderDialogContext } from './reminder-port.js';

export interface CityInfo {
  id: string;
  name: string;
  aliases: string[];
}

export interface NeededFact {
  /** 'age', 'certificates', 'certificates.matchesJob', … */
  fact: string;
  importance: 'core' | 'optional';
}

export interface FactsProblem {
  path: string;
  code: string;
  message: string;
}

export type FactsCheck = { ok: true; facts: Facts } | { ok: false; errors: FactsProblem[] };

/** The scoring engine seen from the dialog: one object so a test can hand in any city set. */
export interface DialogRules {
  cities: CityInfo[];
  neededFacts(cityId: string): NeededFact[];
  evaluate(facts: Facts, cityId: string, today: string): EvaluationResult;
  /** `scope`: whose city-scoped facts are which (never carried from one city to another). */
  compare(facts: Facts, today: string, scope?: FactScope): CityComparison;
  validate(input: unknown, today: string): FactsCheck;
  /** Review and expiry dates of a 特种作业操作证, from the national rules. */
  permitSchedule(cert: Certificate): PermitSchedule | undefined;
  /** The road to the main points route's pass mark, year by year, with and without `next` (scoring/road.ts). */
  road(facts: Facts, cityId: string, today: string, next?: NextCertificate): Road | undefined;
}

export type { Ambiguity, Expectation, Intent, Understand, Understanding } from '../nlu/types.js';

/**
 * The FAQ seen from the dialog: a question in, a ready reply out (the runtime renders the FAQ module's answer).
 * `answerById` serves the FAQ's own choices (`faq:<id>`).
 */
export interface FaqPort {
  /** `city`: the name of the session's city, for a question that names none ("能落户吗"). */
  answer(question: string, context: { facts: Facts; today: string; city?: string }): Reply;
  answerById(id: string, context: { facts: Facts; today: string }): Reply;
}

export interface DialogContext {
  spec: DialogSpec;
  rules: DialogRules;
  understand: Understand;
  faq: FaqPort;
  /** The user's local date, YYYY-MM-DD. */
  today: string;
  /** ms since epoch; compared with the state's own timestamps, and "now" for reading reminder dates. */
  now: number;
  /** Set when reminders can be saved (a ReminderPort is wired); without it reminder requests say "即将上线". */
  reminders?: ReminderDialogContext;
}
