/**
 * The reading pipeline: normalise, then intents, then facts, each reader blanking what it has read so the next
 * one does not read it again (技师学院 is an education before 技师 can be a certificate; 2019年 is a date before
 * it can be 2019 years of social insurance). Pure: no I/O, no clock.
 */
import type { Facts } from '../scoring/facts.js';
import { compile, type Compiled } from './compile.js';
import { loadDefaultLexicon, type Lexicon } from './lexicon.js';
import { stripEnds } from './normalise.js';
import { blankHits } from './phrase-matcher.js';
import {
  answerCore,
  booleanFactAnswer,
  certificateFieldAnswer,
  enumFactAnswer,
  expectsYesNo,
  readBareNumber,
  readChoice,
  readYesNo,
} from './read-answer.js';
import { readCertificates } from './read-certificates.js';
import { rememberShortAnswers } from './short-answers.js';
import { readEducation } from './read-education.js';
import { readChangeRequests, readIntents } from './read-intents.js';
import { compileNumberPatterns, readNumberFacts, type NumberPatterns } from './read-numbers.js';
import type { CityLexiconEntry, Expectation, Intent, Understand, Understanding } from './types.js';

/** Intents after which the message is not read for facts: "3个月后提醒我交满5年社保" states no fact. */
const NOT_AN_ANSWER = new Set<Intent['type']>(['remind', 'cancelReminder', 'forget', 'reminders', 'handoff']);

/**
 * Builds the reader for a set of cities.
 * @example
 * const understand = createUnderstander([{ id: 'shanghai', name: '上海', aliases: ['沪', '魔都'] }]);
 * understand('我32岁，本科有学位，电工四级，在上海交了5年社保').facts.age; // 32
 */
export function createUnderstander(cities: CityLexiconEntry[], lexicon: Lexicon = loadDefaultLexicon()): Understand {
  const c = compile(lexicon, cities);
  const numbers = compileNumberPatterns(c);
  return rememberShortAnswers((text, expecting) => understand(c, numbers, typeof text === 'string' ? text : '', expecting));
}

function understand(c: Compiled, numbers: NumberPatterns, original: string, expecting?: Expectation): Understanding {
  const text = c.normalise(original);
  const stripped = stripEnds(text);
  const result: Understanding = { facts: {}, intents: [], ambiguities: [], isQuestion: false, understoodAnything: false };

  result.intents = readIntents(c, text, stripped, original);
  const yesNo = readYesNo(c, stripped);
  const answersYesNo = yesNo !== undefined && expectsYesNo(expecting);
  // "不对" answering a yes/no question is "no", not a correction of an earlier answer.
  const correctionHits = c.correction.findAll(text).filter((h) => !(answersYesNo && h.start < (yesNo?.length ?? 0)));
  if (correctionHits.length > 0) result.intents.unshift({ type: 'correction' });
  if (answersYesNo) result.yesNo = yesNo.value;
  else if (yesNo !== undefined && yesNo.length === stripped.length && result.intents.length === 0 && !expecting) {
    result.yesNo = yesNo.value;
  }

  if (!result.intents.some((i) => NOT_AN_ANSWER.has(i.type))) {
    readFacts(c, numbers, text, result, expecting);
    // "不对，我35岁" while a yes/no question is pending corrects the age; its 不对 is not a "no" to that question.
    const leadingCorrection = answersYesNo && c.correction.findAll(text).some((h) => h.start < (yesNo?.length ?? 0));
    if (leadingCorrection && statesFacts(result)) {
      delete result.yesNo;
      if (!result.intents.some((i) => i.type === 'correction')) result.intents.unshift({ type: 'correction' });
    }
    readExpectedAnswer(c, answerCore(c, stripped), result, expecting);
    addChangeRequests(c, text, result);
  }
  result.isQuestion = looksLikeQuestion(c, text, result);
  result.understoodAnything =
    Object.keys(result.facts).length > 0 ||
    (result.certificates?.length ?? 0) > 0 ||
    result.noCertificates === true ||
    (result.certificateUpdates?.length ?? 0) > 0 ||
    result.city !== undefined ||
    result.choice !== undefined ||
    result.yesNo !== undefined ||
    result.intents.length > 0 ||
    result.ambiguities.length > 0 ||
    result.isQuestion;
  return result;
}

function readFacts(c: Compiled, numbers: NumberPatterns, input: string, result: Understanding, expecting?: Expectation) {
  const facts: Partial<Facts> = {};
  let text = input;

  const cityHits = c.cities.findAll(text);
  const cityIds = [...new Set(cityHits.map((h) => h.value.id))];
  if (cityIds.length === 1) result.city = cityIds[0];
  else if (cityIds.length > 1) {
    const options = cityIds.map((id) => {
      const city = cityHits.find((h) => h.value.id === id)?.value;
      return { label: city?.name ?? id, value: id };
    });
    result.ambiguities.push({ about: 'city', question: c.lexicon.cityQuestion, options });
  }
  text = blankHits(text, cityHits);

  const education = readEducation(c, text, isExpecting(expecting, 'education'));
  text = education.text;
  if (education.education) facts.education = education.education;
  if (education.ambiguity) result.ambiguities.push(education.ambiguity);

  const noInsurance = c.noSocialInsurance.findAll(text);
  if (noInsurance.length > 0) facts.socialInsuranceYears = 0;
  const noCertificates = c.noCertificates.findAll(text);
  if (noCertificates.length > 0) result.noCertificates = true;
  const phraseFacts = c.factPhrases.findAll(text);
  for (const hit of phraseFacts) Object.assign(facts, { [hit.value.fact]: hit.value.value });
  text = blankHits(text, [...noInsurance, ...noCertificates, ...phraseFacts]);

  const certificates = readCertificates(c, text, isExpecting(expecting, 'certificates'));
  text = certificates.text;
  if (certificates.certificates.length > 0) result.certificates = certificates.certificates;
  result.ambiguities.push(...certificates.ambiguities);

  Object.assign(facts, readNumberFacts(numbers, text).facts);
  result.facts = facts;
}

function readExpectedAnswer(c: Compiled, core: string, result: Understanding, expecting?: Expectation) {
  if (!expecting) return;
  if ('choices' in expecting) {
    const choice = readChoice(c, expecting.choices, core);
    if (choice !== undefined) result.choice = choice;
  } else if ('certificateField' in expecting) {
    if ((result.certificates?.length ?? 0) > 0) return;
    const update = certificateFieldAnswer(expecting, core, result.yesNo);
    if (update) result.certificateUpdates = [update];
  } else if ('fact' in expecting) {
    const fact = expecting.fact;
    if (fact === 'certificates') {
      if (result.yesNo === false && !result.certificates) result.noCertificates = true;
      return;
    }
    if (fact === 'city' || fact in result.facts) return;
    const number = readBareNumber(fact, core);
    if (number !== undefined) Object.assign(result.facts, { [fact]: number });
    Object.assign(result.facts, booleanFactAnswer(fact, result.yesNo), enumFactAnswer(fact, core));
  }
}

function statesFacts(result: Understanding): boolean {
  return Object.keys(result.facts).length > 0 || (result.certificates?.length ?? 0) > 0 || result.city !== undefined;
}

function isExpecting(expecting: Expectation | undefined, fact: string): boolean {
  return expecting !== undefined && 'fact' in expecting && expecting.fact === fact;
}

/** "改一下学历" asks the question again; "学历改成大专" already gives the answer, so it is a correction only. */
function addChangeRequests(c: Compiled, text: string, result: Understanding) {
  for (const fact of readChangeRequests(c, text)) {
    const answered =
      fact === 'city'
        ? result.city !== undefined
        : fact === 'certificates'
          ? result.certificates !== undefined || result.noCertificates === true
          : fact in result.facts;
    if (!answered) result.intents.push({ type: 'change', fact } as Intent);
  }
}

function looksLikeQuestion(c: Compiled, text: string, result: Understanding): boolean {
  const navigation = result.intents.some((i) => i.type !== 'correction' && i.type !== 'change');
  if (navigation) return false;
  if (/[?]$/u.test(text.replace(/[!.。~]+$/u, ''))) return true;
  if (c.strongQuestion.has(text) || c.endParticle.test(text)) return true;
  const answered =
    Object.keys(result.facts).length > 0 ||
    result.certificates !== undefined ||
    result.noCertificates === true ||
    result.city !== undefined ||
    result.yesNo !== undefined ||
    result.choice !== undefined;
  return !answered && c.weakQuestion.has(text);
}
