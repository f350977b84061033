/**
 * What the reader of free Chinese text returns. Plain data: the dialog decides what to do with it
 * (store facts, ask an ambiguity back, answer a question through the FAQ, …).
 */
import type { Certificate, Facts, FactName } from '../scoring/facts.js';

/** A city as the rule files name it: the reader finds its name or any alias in the text. */
export interface CityLexiconEntry {
  id: string;
  name: string;
  aliases: string[];
}

/** What the pending question asks, so that bare answers ("32", "是", "2") can be read. */
export type Expectation =
  /** `choices`: the buttons of a question whose answer is one of a few values ("男的" picks 男). */
  | { fact: FactName; choices?: Array<{ label: string; value: string }> }
  | { fact: 'city' }
  | { fact: 'certificates' }
  | { certificateField: 'issuedOn' | 'issuedWhileWorkingInCity' | 'matchesJob' | 'lastReviewOn'; index: number }
  | { yesNo: true }
  /** The degree follow-up of 本科: "有的", "拿了学位", "没有" answer it (the choice is bachelor_degree or bachelor). */
  | { degree: true }
  | { choices: Array<{ label: string; value: string }> };

export type Intent =
  | { type: 'correction' }
  | { type: 'change'; fact: FactName | 'city' | 'certificates' }
  | { type: 'back' }
  | { type: 'restart' }
  | { type: 'skip' }
  | { type: 'help' }
  | { type: 'result' }
  | { type: 'compare' }
  | { type: 'forget' }
  | { type: 'reminders' }
  /** `index` is the number the user said (1 = the first reminder in the list they were shown). */
  | { type: 'cancelReminder'; index: number }
  /** The whole message: the reminders module reads the date. */
  | { type: 'remind'; text: string }
  | { type: 'continue' }
  | { type: 'startOver' }
  | { type: 'faq' }
  /** The user asks for a person (转人工, 人工客服). */
  | { type: 'handoff' }
  | { type: 'greeting' }
  /** "不知道" to the pending question. */
  | { type: 'dontKnow' }
  /** "算了", "再见": the user leaves for now. */
  | { type: 'exit' };

export type IntentType = Intent['type'];
/** Intents that carry no data, the ones the lexicon can name. */
export type SimpleIntentType = Exclude<IntentType, 'change' | 'cancelReminder' | 'remind'>;

export interface Ambiguity {
  /** What is unclear: 'certificates', 'education', 'city'. */
  about: string;
  /** A code the dialog phrases, e.g. 'which_electrician_certificate'. */
  question: string;
  options: Array<{ label: string; value: string }>;
}

export interface Understanding {
  /** Only what the text states. Values are as said: the dialog validates them (e.g. an age of 12) with factsSchema. */
  facts: Partial<Facts>;
  /** Certificates mentioned (kind and occupation at least). */
  certificates?: Certificate[];
  /** "没有证" / "都没有". */
  noCertificates?: boolean;
  /** Answers about an already-known certificate (the one the pending question is about). */
  certificateUpdates?: Array<{ index: number; patch: Partial<Certificate> }>;
  /** A city id. */
  city?: string;
  /** The value of the chosen choice. */
  choice?: string;
  yesNo?: boolean;
  intents: Intent[];
  ambiguities: Ambiguity[];
  /**
   * Asks something (the question classifier, clause by clause). Facts are read only from the clauses that state
   * something and from questions about the user's own case ("我有低压证 多久复审"); a question that only names a
   * fact ("考技师要几年") records nothing.
   */
  isQuestion: boolean;
  /** "85年的", "1990年出生": the dialog turns it into an age with today's date. */
  birthYear?: number;
  /** Conditions said about a certificate without naming it ("是来上海以后考的", "现在做保安"). */
  certificateConditions?: { issuedWhileWorkingInCity?: boolean; matchesJob?: boolean };
  /**
   * The city named where the certificate was obtained ("是在北京考的"; also in `city` when it is the only city said):
   * obtained while working in the city only if that is the user's city.
   */
  certificatePlace?: string;
  /** A date said about a certificate without naming it ("证是2019年拿的"). */
  certificateDate?: string;
  /** A city named that no rule file covers ("北京"). */
  uncoveredCity?: string;
  /** A lone number no fact took ("其实是39"): what a correction may mean. */
  bareNumber?: { value: number; unit?: 'age' | 'years' | 'months' };
  /** The number a correction says was wrong ("是四十二不是四十": 40): the dialog corrects the fact that holds it. */
  replacedNumber?: number;
  /** "其中补缴了1年" said after the years: back-paid years do not count, the dialog takes them off. */
  backPaidYears?: number;
  /** A lone skill level no certificate took ("是五级的"). */
  bareLevel?: number;
  /** Facts read from a vague amount, with the words said ("十几年" → 10, "快九年" → 8): the reply says how they were counted. */
  saidAs?: Partial<Record<FactName, string>>;
  /** The fact a correction names ("年龄说错了 应该是四十四" → age), for a bare number it gives. */
  correctedFact?: FactName;
  understoodAnything: boolean;
}

export type Understand = (text: string, expecting?: Expectation) => Understanding;
