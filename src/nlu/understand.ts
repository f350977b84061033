/**
 * The reading pipeline: normalise, then intents, then facts, each reader blanking what it has read so the next
 * one does not read it again (技师学院 is an education before 技师 can be a certificate; 2019年 is a date before
 * it can be 2019 years of social insurance). Pure: no I/O, no clock.
 */
import type { FactName, Facts } from '../scoring/facts.js';
import { compile, type Compiled } from './compile.js';
import { findDates } from './dates.js';
import { factKind } from './fact-kinds.js';
import { loadDefaultLexicon, type Lexicon } from './lexicon.js';
import { normaliseSpaced, normalise, stripEnds } from './normalise.js';
import { parseChineseNumber } from './numbers.js';
import { BLANK, blank, blankHits } from '../text/phrase-matcher.js';
import { loadQuestionCorpus, trainQuestionClassifier, type QuestionClassifier } from './question-classifier.js';
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
import { readInsuranceBaseShare } from './read-insurance-base.js';
import { rememberShortAnswers } from './short-answers.js';
import { degreeSaid, readEducation } from './read-education.js';
import { readChangeRequests, readIntents } from './read-intents.js';
import {
  compileNumberPatterns,
  fullYears,
  isVague,
  readBirthYear,
  readHousingYears,
  readNumberFacts,
  type NumberPatterns,
} from './read-numbers.js';
import type { CityLexiconEntry, Expectation, Intent, Understand, Understanding } from './types.js';

/** Intents after which the message is not read for facts: "3个月后提醒我交满5年社保" states no fact. */
const NOT_AN_ANSWER = new Set<Intent['type']>(['remind', 'cancelReminder', 'forget', 'reminders', 'handoff']);

/** How question-ness is decided: the trained classifier, or the marker word lists it replaced (kept for comparison). */
export type QuestionDetector = 'classifier' | 'wordLists';

export interface UnderstanderOptions {
  lexicon?: Lexicon;
  questions?: QuestionDetector;
  /** Default: trained on dialogs/question-corpus.yaml and the FAQ's phrasings, once per process. */
  classifier?: QuestionClassifier;
}

const classifiers = new WeakMap<Lexicon, QuestionClassifier>();

/**
 * The classifier trained on this installation's corpus and the answers the lexicon lists (every phrase of it states
 * something: "是", "高中", "低压电工证", "有房"), built on first use per lexicon and kept.
 */
export function questionClassifier(lexicon: Lexicon = loadDefaultLexicon(), dialogsDir?: string, faqDir?: string): QuestionClassifier {
  let classifier = classifiers.get(lexicon);
  if (!classifier) {
    const messages = [...loadQuestionCorpus(dialogsDir, faqDir), ...lexiconStatements(lexicon).map((text) => ({ text, question: false }))];
    classifier = trainQuestionClassifier(messages.map((m) => ({ text: normalise(m.text), question: m.question })));
    classifiers.set(lexicon, classifier);
  }
  return classifier;
}

/** Answers as the lexicon lists them, and certificates as people name them ("电工四级", "四级电工证"). */
function lexiconStatements(l: Lexicon): string[] {
  const out = [
    ...l.yes,
    ...l.no,
    ...Object.values(l.education).flat(),
    ...l.bachelor,
    ...l.degreeYes,
    ...l.degreeNo,
    ...Object.values(l.specialOperations).flat(),
    ...Object.values(l.titles).flat(),
    ...l.noCertificates,
    ...l.noSocialInsurance,
    ...Object.values(l.factPhrases).flatMap((byValue) => Object.values(byValue).flat()),
  ];
  for (const entry of l.skillLevels) {
    for (const level of [...entry.named, ...entry.bare]) {
      out.push(level, `电工${level}`, `${level}电工证`, `有${level}证`, `电工证${level}`);
    }
  }
  return out.filter((p) => !p.includes('{'));
}

interface Reader {
  c: Compiled;
  numbers: NumberPatterns;
  detector: QuestionDetector;
  classifier: QuestionClassifier | undefined;
}

/**
 * Builds the reader for a set of cities.
 * @example
 * const understand = createUnderstander([{ id: 'shanghai', name: '上海', aliases: ['沪', '魔都'] }]);
 * understand('我32岁，本科有学位，电工四级，在上海交了5年社保').facts.age; // 32
 */
export function createUnderstander(cities: CityLexiconEntry[], options: Lexicon | UnderstanderOptions = {}): Understand {
  const o: UnderstanderOptions = 'yes' in options ? { lexicon: options as Lexicon } : (options as UnderstanderOptions);
  const c = compile(o.lexicon ?? loadDefaultLexicon(), cities);
  const detector = o.questions ?? 'classifier';
  const reader: Reader = {
    c,
    numbers: compileNumberPatterns(c),
    detector,
    classifier: detector === 'classifier' ? (o.classifier ?? questionClassifier(o.lexicon ?? loadDefaultLexicon())) : undefined,
  };
  return rememberShortAnswers((text, expecting) => understand(reader, typeof text === 'string' ? text : '', expecting));
}

/** "…的话", "如果…", "要是…": a supposition, not the user's case. */
const SUPPOSITION = /的话$|如果|假如|要是|假设/u;
/** Verbs by which a user says what they have or do: 我在…干, 我有…, 我是…. */
const STATES = /我(?:在|有|是|干|做|交|考了|拿了|今年|\d|[一二三四五六七八九十]{1,3}岁)/u;

/** "不对口" (the certificate does not match the job) answers; it corrects nothing. */
const NOT_A_CORRECTION = /^不对口/u;

/**
 * A long clause with no word a question is asked with ("我女的三十七在杭州…房子是租的") tells; the classifier, trained on
 * shorter messages, weighs its many statement words as a question's. Shorter clauses are left to the classifier.
 */
const LONG_CLAUSE = 18;
const QUESTION_CUE =
  /[?吗么嘛呢几啥咋哪谁]|多少|多久|多长|多高|多大|怎|如何|是否|为什么|为何|何时|([能会可要行够是有用算])[不没]\1|不[,.!。~]*$|没[,.!。~]*$|还是/u;

function mayAsk(c: Compiled, clause: string): boolean {
  if (clause.length < LONG_CLAUSE) return true;
  return QUESTION_CUE.test(clause) || c.strongQuestion.has(clause) || c.weakQuestion.has(clause);
}

/** Above this probability a clause asks something. */
const QUESTION_THRESHOLD = 0.5;

function understand(reader: Reader, original: string, expecting?: Expectation): Understanding {
  const { c, numbers } = reader;
  const spaced = normaliseSpaced(original);
  const { text, clauses } = clausesOf(spaced);
  const stripped = stripEnds(text);
  const result: Understanding = { facts: {}, intents: [], ambiguities: [], isQuestion: false, understoodAnything: false };

  result.intents = readIntents(c, text, stripped, original);
  if (clauses.length > 1) addClauseExit(c, text, clauses, result.intents);
  const first = clauses.length > 1 ? clauses[0] : undefined;
  const yesNo = readYesNo(c, stripped, first && text.slice(first[0], first[1]));
  const answersYesNo = yesNo !== undefined && expectsYesNo(expecting);
  // "不对" answering a yes/no question is "no", not a correction of an earlier answer.
  const correctionHits = c.correction
    .findAll(text)
    .filter((h) => !(answersYesNo && h.start < (yesNo?.length ?? 0)) && !NOT_A_CORRECTION.test(text.slice(h.start, h.end + 1)));
  if (correctionHits.length > 0) result.intents.unshift({ type: 'correction' });
  if (answersYesNo) result.yesNo = yesNo.value;
  else if (yesNo !== undefined && yesNo.length === stripped.length && result.intents.length === 0 && !expecting) {
    result.yesNo = yesNo.value;
  }

  if (!expectsYesNo(expecting) && result.intents.length === 0 && declinesWithThanks(c, stripped)) {
    result.intents.push({ type: 'exit' });
    delete result.yesNo;
  }

  const navigation = result.intents.some((i) => i.type !== 'correction' && i.type !== 'change');
  // The clauses that ask something without being about the user: their facts are not the user's.
  let factText = text;
  // "社保是5年不是6年", "不是四级是三级": a correction said as a statement tells, it does not ask.
  const tellsCorrection = NOT_X_GATE.test(text) && !ASKS_AT_END.test(text) && NOT_X_BUT_Y.some((p) => p.test(text));
  if (reader.detector === 'classifier' && !navigation && reader.classifier && !tellsCorrection) {
    const asking: Array<[number, number]> = [];
    for (const [start, end] of clauses) {
      const clause = text.slice(start, end);
      const asks =
        /\?$/u.test(clause) || (mayAsk(c, clause) && reader.classifier.probability(clause.replace(/[?.!。,]+$/u, '')) > QUESTION_THRESHOLD);
      if (asks) asking.push([start, end]);
      result.isQuestion ||= asks;
      // Facts are the user's only where a clause states them: a question ("考技师要几年", "我那个低压证网上怎么查")
      // or a supposition ("拿低压证的话") only names them.
      if (asks || SUPPOSITION.test(clause.replace(/[,.;!?。、]+$/u, ''))) factText = blank(factText, start, end);
    }
    // After the user's own statements ("我32岁 电工四级 能在上海积分吗"), the city a question names is the one they mean;
    // a greeting ("你好 问下上海居住证积分是怎么算的") states nothing.
    const greetings = asking.length > 0 ? clauses.filter(([start, end]) => isGreeting(c, text.slice(start, end))).length : 0;
    if (asking.length > 0 && asking.length + greetings < clauses.length) {
      for (const [start, end] of asking) {
        for (const hit of c.cities.findAll(text.slice(start, end))) {
          factText = factText.slice(0, start + hit.start) + hit.phrase + factText.slice(start + hit.end);
        }
      }
    }
    // One clause that both states and asks, said of the user ("我在许昌干电工有中级证能落户吗"): the facts are kept.
    if (asking.length === 1 && clauses.length === 1 && c.firstPerson.has(text) && STATES.test(text)) factText = text;
  }

  // A city no rule file covers is read from the whole message, questions included ("北京能落户吗"): it is not a fact
  // kept, only something to answer.
  const other = c.cities.findAll(text).length > 0 ? undefined : c.otherCities.find(text);
  if (other) result.uncoveredCity = other.value;

  if (!result.intents.some((i) => NOT_AN_ANSWER.has(i.type))) {
    readFacts(c, numbers, factText, result, expecting, clauses);
    // "不对，我35岁" while a yes/no question is pending corrects the age; its 不对 is not a "no" to that question.
    const leadingCorrection = answersYesNo && c.correction.findAll(text).some((h) => h.start < (yesNo?.length ?? 0));
    if (leadingCorrection && statesFacts(result)) {
      delete result.yesNo;
      if (!result.intents.some((i) => i.type === 'correction')) result.intents.unshift({ type: 'correction' });
    }
    if (!result.isQuestion) readExpectedAnswer(c, stripped, result, expecting, yesNo?.value === false);
    addChangeRequests(c, text, result);
    if (result.bareNumber !== undefined && result.intents.some((i) => i.type === 'correction')) {
      const named = c.factWords.find(text)?.value;
      if (named !== undefined && named !== 'city' && named !== 'certificates') result.correctedFact = named as FactName;
    }
  }
  if (reader.detector === 'wordLists') result.isQuestion = looksLikeQuestion(c, text, result);
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
    result.isQuestion ||
    result.birthYear !== undefined ||
    result.certificateConditions !== undefined ||
    result.uncoveredCity !== undefined;
  return result;
}

/** "谢谢", "谢了", "多谢你": thanks at the end of a message. */
const THANKS_AT_END = /[,.!。~]*(?:谢谢你?|谢谢啦|谢了|多谢你?|谢啦)[!.。~]*$/u;

/**
 * "不用了谢谢", "没事了 谢谢": a no with thanks, when no yes/no question is pending, declines to go on (to a yes/no
 * question it is a polite no, read as such).
 */
function declinesWithThanks(c: Compiled, stripped: string): boolean {
  if (!stripped.includes('谢')) return false;
  const before = stripped.replace(THANKS_AT_END, '');
  if (before === stripped || before.length === 0) return false;
  const plain = before.replace(/[了啦啊哈]+$/u, '');
  return c.yesNo.exact(plain) === false || c.yesNo.exact(before) === false || c.intentExact.get(before)?.includes('exit') === true;
}

function isGreeting(c: Compiled, clause: string): boolean {
  return c.intentExact.get(stripEnds(clause))?.includes('greeting') === true;
}

/** "不弄了 回头再说", "好 先这样": a clause that is a whole way of leaving makes the message one. */
function addClauseExit(c: Compiled, text: string, clauses: Array<[number, number]>, intents: Intent[]): void {
  if (intents.some((i) => i.type === 'exit')) return;
  for (const [start, end] of clauses) {
    if (c.intentExact.get(stripEnds(text.slice(start, end)))?.includes('exit')) {
      intents.push({ type: 'exit' });
      return;
    }
  }
}

/** Clause breaks: punctuation, and the spaces of a worker who types no punctuation (code units, checked per character). */
const CLAUSE_END = new Set([...',.;!?。、~'].map((c) => c.charCodeAt(0)));

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x3000 || code === 0xa0;
}

/** The message without spaces, and its clauses as [start, end) in it (each with its closing punctuation). */
function clausesOf(spaced: string): { text: string; clauses: Array<[number, number]> } {
  const clauses: Array<[number, number]> = [];
  const kept: string[] = [];
  let length = 0;
  let start = 0;
  let from = 0;
  for (let i = 0; i < spaced.length; i++) {
    const code = spaced.charCodeAt(i);
    if (isSpace(code)) {
      if (i > from) kept.push(spaced.slice(from, i));
      from = i + 1;
      if (length > start) clauses.push([start, length]);
      start = length;
      continue;
    }
    length++;
    if (CLAUSE_END.has(code)) {
      if (length - 1 > start) clauses.push([start, length]);
      start = length;
    }
  }
  if (from < spaced.length) kept.push(spaced.slice(from));
  const text = kept.length === 1 ? kept[0]! : kept.join('');
  if (text.length > start) clauses.push([start, text.length]);
  return { text, clauses };
}

function readFacts(
  c: Compiled,
  numbers: NumberPatterns,
  input: string,
  result: Understanding,
  expecting: Expectation | undefined,
  clauses: Array<[number, number]>,
) {
  const facts: Partial<Facts> = {};
  let text = readNotXButY(input, result);

  const { conditions, placeSaid } = readConditions(c, text);
  if (conditions?.matchesJob === false) {
    const job = c.currentJob.exec(text)?.[1];
    if (job !== undefined) facts.currentJob = job;
  }
  const sex = sexOfClause(text, clauses);
  if (sex !== undefined) facts.sex = sex;
  else if (text.includes('男') || text.includes('女')) {
    const said = sexAndAgeAtStart(text);
    if (said) {
      facts.sex = said.sex;
      facts.age = said.age;
      text = blank(text, 0, said.length);
    }
  }
  const birth = readBirthYear(numbers, text, clauses);
  text = birth.text;
  if (birth.year !== undefined) result.birthYear = birth.year;

  let cityHits = c.cities.findAll(text);
  // "是在北京考的": the city where the certificate was obtained, which the dialog weighs against the user's city.
  const placeHit = placeSaid && cityHits.find((h) => h.start >= placeSaid[0] && h.end <= placeSaid[1]);
  if (placeHit) {
    result.certificatePlace = placeHit.value.id;
    if (cityHits.length > 1) cityHits = cityHits.filter((h) => h !== placeHit);
  }
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

  const education = readEducation(c, text, isExpecting(expecting, 'education') || (expecting !== undefined && 'degree' in expecting));
  text = education.text;
  if (education.education) facts.education = education.education;
  if (education.ambiguity) result.ambiguities.push(education.ambiguity);

  const noInsurance = c.noSocialInsurance.findAll(text);
  if (noInsurance.length > 0) facts.socialInsuranceYears = 0;
  const noCertificates = c.noCertificates.findAll(text);
  if (noCertificates.length > 0) result.noCertificates = true;
  const housing = readHousingYears(numbers, text);
  text = housing.text;
  if (housing.years !== undefined) facts.housingYears = housing.years;
  const phraseFacts = c.factPhrases.findAll(text);
  for (const hit of phraseFacts) {
    // "不是非常紧缺的吧": a yes-phrase the lexicon has no negated form of, said after a denial, is a no.
    const denied = hit.value.value === true && DENIED_BEFORE.test(text.slice(Math.max(0, hit.start - 3), hit.start));
    Object.assign(facts, { [hit.value.fact]: denied ? false : hit.value.value });
  }
  // An owned home is a legal, stable residence; a rented one says there is no home of one's own.
  if (facts.ownsHome === true && facts.stableResidence === undefined) facts.stableResidence = true;
  if (facts.insuranceBaseTier === undefined) {
    const share = readInsuranceBaseShare(text);
    text = share.text;
    facts.insuranceBaseTier = share.facts.insuranceBaseTier;
    if (facts.insuranceBaseTier === undefined) delete facts.insuranceBaseTier;
    if (facts.insuranceBaseAboveAverage === undefined && share.facts.insuranceBaseAboveAverage !== undefined) {
      facts.insuranceBaseAboveAverage = share.facts.insuranceBaseAboveAverage;
    }
  }
  // A base below the average wage, said as its band, answers the above-the-average question too.
  if (facts.insuranceBaseAboveAverage === undefined && (facts.insuranceBaseTier === 'below_80' || facts.insuranceBaseTier === '80_100')) {
    facts.insuranceBaseAboveAverage = false;
  }
  if (facts.insuranceBaseAboveAverage === undefined && (facts.insuranceBaseTier === '200_300' || facts.insuranceBaseTier === 'at_300')) {
    facts.insuranceBaseAboveAverage = true;
  }
  if (
    facts.ownsHome === undefined &&
    phraseFacts.some((h) => h.value.fact === 'stableResidence' && h.value.value === true && h.phrase.includes('租'))
  ) {
    facts.ownsHome = false;
  }
  text = blankHits(text, [...noInsurance, ...noCertificates, ...phraseFacts]);

  // "证是2019年拿的": read before the certificates reader blanks every date it sees.
  const saidDate = CERTIFICATE_DATE_VERB.test(text) ? findDates(text)[0] : undefined;
  const certificates = readCertificates(c, text, isExpecting(expecting, 'certificates'));
  text = certificates.text;
  if (certificates.certificates.length > 0) result.certificates = certificates.certificates;
  for (const a of certificates.ambiguities) {
    const level = a.question === c.lexicon.levelWithoutOccupation.question ? /:(\d)$/u.exec(a.options[0]?.value ?? '')?.[1] : undefined;
    if (level !== undefined) result.bareLevel = Number(level);
  }
  result.ambiguities.push(...certificates.ambiguities);
  attachConditions(result, conditions);

  const numberFacts = readNumberFacts(numbers, text);
  const { backPaidYears, ...stated } = numberFacts.facts;
  Object.assign(facts, stated);
  if (backPaidYears !== undefined) result.backPaidYears = backPaidYears;
  for (const fact in numberFacts.saidAs) {
    if (fact !== 'backPaidYears') (result.saidAs ??= {})[fact as FactName] = numberFacts.saidAs[fact as keyof typeof numberFacts.saidAs];
  }
  text = numberFacts.text;
  if (!result.certificates && saidDate) result.certificateDate = saidDate.iso;
  // Numbers that facts took are blanked: what is left is lone ("上海 38 高中 社保五年": 38); "一年都没断过" (not even one)
  // is no number.
  if (text.includes('都') && NOT_EVEN_ONE.test(text)) text = text.replace(NOT_EVEN_ONE, (m) => BLANK.repeat(m.length));
  if (facts.age === undefined && clauses.length > 1) {
    const age = ageOfClause(text, clauses);
    if (age !== undefined) facts.age = age;
  }
  if (facts.age === undefined) {
    const lone = LONE_NUMBER.exec(text);
    const value = lone?.[1] === undefined ? undefined : parseChineseNumber(lone[1]);
    if (value !== undefined && LONE_NUMBER.exec(text.slice((lone?.index ?? 0) + (lone?.[0].length ?? 0))) === null) {
      const unit =
        lone?.[2] === undefined
          ? undefined
          : /岁/u.test(lone[2])
            ? ('age' as const)
            : /月/u.test(lone[2])
              ? ('months' as const)
              : ('years' as const);
      result.bareNumber = unit ? { value, unit } : { value };
      // "上海 39 本科没学位 电工三级": among other facts, a lone number a worker's age can be is the age.
      const others = Object.keys(facts).length > 0 || result.certificates !== undefined || result.city !== undefined;
      const numericPending =
        expecting !== undefined && 'fact' in expecting && expecting.fact !== 'age' && factKind(expecting.fact).type === 'number';
      if (unit === undefined && others && !numericPending && Number.isInteger(value) && value >= 16 && value <= 70) facts.age = value;
    }
  }
  result.facts = facts;
}

/** "五十五了 初中 …", "福州做电工的 四十三 有低压证": a clause that is only a number a worker's age can be. */
const AGE_CLAUSE = /^(?:我|今年|已经|都)*([一二三四五六七八九十]{2,3}|\d{2})(?:周岁|岁)?(?:了|啦)?$/u;

function ageOfClause(text: string, clauses: Array<[number, number]>): number | undefined {
  for (const [start, end] of clauses) {
    const m = AGE_CLAUSE.exec(stripEnds(text.slice(start, end)));
    const value = m?.[1] === undefined ? undefined : parseChineseNumber(m[1]);
    if (value !== undefined && Number.isInteger(value) && value >= 16 && value <= 70) return value;
  }
  return undefined;
}

/** A denial just before a phrase ("不是", "不算", "并不", "不属于", "没那么"); a bare 不 is left alone ("不租房" says nothing of a home). */
const DENIED_BEFORE = /(?:不是|不算|并不|不属于|没那么|也不是)$/u;

/** "深圳 93年的 男", "我是女的": the sex, said as a clause of its own (never 男 inside a word such as 男朋友). */
const SEX_CLAUSE = /^(?:我是|本人)?(男|女)(?:的|性|电工)?$/u;

/** "我女的三十七在杭州…": the sex, and the age said right after it, at the start of a run-on message. */
const SEX_AGE_AT_START = /^(?:我是?|本人)?(男|女)的?([一二三四五六七八九十]{2,3}|\d{2})(?:周岁|岁)?(?![\d年月个级])/u;

function sexAndAgeAtStart(text: string): { sex: Facts['sex']; age: number; length: number } | undefined {
  const m = SEX_AGE_AT_START.exec(text);
  const age = m?.[2] === undefined ? undefined : parseChineseNumber(m[2]);
  if (!m || age === undefined || !Number.isInteger(age) || age < 16 || age > 70) return undefined;
  return { sex: m[1] === '男' ? 'male' : 'female', age, length: m[0].length };
}

function sexOfClause(text: string, clauses: Array<[number, number]>): Facts['sex'] | undefined {
  if (!text.includes('男') && !text.includes('女')) return undefined;
  for (const [start, end] of clauses) {
    const m = SEX_CLAUSE.exec(stripEnds(text.slice(start, end)));
    if (m) return m[1] === '男' ? 'male' : 'female';
  }
  return undefined;
}

const NOT_EVEN_ONE = /一(?:年|个月|天|次)都(?:没|不)/gu;

/** "证是2019年拿的": a date said with a verb of getting a certificate. */
const CERTIFICATE_DATE_VERB = /拿|考|取得|发证|办|领/u;
/** A number left over once every fact took its own (a Chinese one ends where a word or a read fact begins). */
const LONE_NUMBER =
  /(?<![\d.])(\d{1,3}(?:\.\d)?|[一二两三四五六七八九十]{2,3}(?=周岁|岁|个月|年|了|□|不是|$)|[一二两三四五六七八九十](?=周岁|岁|个月|年))(周岁|岁|个月|年)?(?![\d后])/u;

/**
 * "不是四级是三级", "四级不对 是三级", "证书记错了 是五级的": what is said to be wrong is not read, only what
 * replaces it; the message is a correction.
 */
const NOT_X_BUT_Y = [
  /不是([^,.;!?。、□]{1,10}?)[,]?(?:而|应该|其实|实际上?)?是/u,
  /([^,.;!?。、□]{1,10}?)(?:不对|错了|写错了|说错了|填错了|报错了|记错了|打错了|搞错了|弄错了)[,]?(?:应该|其实|实际上?)?是/u,
  // "是高中不是中专", "是初级的,不是中级": the wrong value comes last.
  /是[^,.;!?。、□]{1,10}?[,]?(?:而)?不是([^,.;!?。、□]{1,10})/u,
  // "证书是三级的 我前面说错 高级工 不是技师": after the words of a mistake, what follows 不是 was wrong.
  /(?:错|不对)[^?]*?不是([^,.;!?。、□]{1,10})/u,
];

/** Every not-X-but-Y shape has one of these: most messages skip the patterns. */
const NOT_X_GATE = /不是|错|不对/u;

function readNotXButY(input: string, result: Understanding): string {
  if (!input.includes('是') || !NOT_X_GATE.test(input)) return input;
  let text = input;
  for (const pattern of NOT_X_BUT_Y) {
    const m = pattern.exec(text);
    if (!m || m[1] === undefined) continue;
    const start = m.index + m[0].lastIndexOf(m[1]);
    if (!result.intents.some((i) => i.type === 'correction')) result.intents.unshift({ type: 'correction' });
    // Said as a statement (no 吗 or question mark at the end), it tells, it does not ask.
    if (!ASKS_AT_END.test(text)) result.isQuestion = false;
    // A wrong number is only the number ("不是四十 上个月刚过的生日": the rest is still said).
    const wrongNumber = WRONG_NUMBER.exec(m[1]);
    const value = wrongNumber ? parseChineseNumber(wrongNumber[1]!) : undefined;
    if (wrongNumber && value !== undefined) result.replacedNumber ??= value;
    text = blank(text, start, start + (wrongNumber ? wrongNumber[0].length : m[1].length));
  }
  return text;
}

/** The number at the start of what a correction says was wrong, with its unit. */
const WRONG_NUMBER = /^(\d{1,3}(?:\.\d)?|[一二两三四五六七八九十]{1,3})(?:周岁|岁|个月|年)?/u;

const ASKS_AT_END = /(?:[?吗么呢]|是吧|对吧)[.!。~]*$/u;

type Conditions = NonNullable<Understanding['certificateConditions']>;

/** Conditions of a certificate ("来上海以后考的", "现在做保安"): for each, the longer of its yes and no phrases found. */

function readConditions(c: Compiled, text: string): { conditions?: Conditions; placeSaid?: [number, number] } {
  // Most messages have none of the phrases' characters, and the patterns are long alternations.
  if (!c.conditionChars.test(text)) return {};
  let conditions: Conditions | undefined;
  let placeSaid: [number, number] | undefined;
  for (const { field, yes, no } of c.conditions) {
    const y = yes.exec(text);
    const n = no.exec(text);
    if (!y && !n) continue;
    const value = !n ? true : !y ? false : y[0].length > n[0].length;
    conditions ??= {};
    conditions[field] = value;
    const won = value ? y! : n!;
    if (field === 'issuedWhileWorkingInCity') placeSaid = [won.index, won.index + won[0].length];
  }
  return { conditions, placeSaid };
}

/** On the certificates named in the message (those the conditions can be about), else kept for the dialog. */
function attachConditions(result: Understanding, conditions: Conditions | undefined): void {
  if (!conditions) return;
  const targets = (result.certificates ?? []).filter((x) => x.kind !== 'special_operation');
  if (targets.length === 0) {
    result.certificateConditions = conditions;
    return;
  }
  for (const cert of targets) {
    for (const [field, value] of Object.entries(conditions) as Array<[keyof Conditions, boolean]>) {
      if (cert[field] === undefined) cert[field] = value;
    }
  }
}

function readExpectedAnswer(c: Compiled, stripped: string, result: Understanding, expecting: Expectation | undefined, saidNo: boolean) {
  if (!expecting) return;
  const core = answerCore(c, stripped);
  if ('degree' in expecting) {
    const said = degreeSaid(c, core)?.value ?? result.yesNo ?? (DEGREE_VERB.test(core) ? !DENIAL.test(core) : undefined);
    if (result.facts.education !== undefined) return;
    if (said !== undefined) result.choice = said ? 'bachelor_degree' : 'bachelor';
    return;
  }
  if ('choices' in expecting && !('fact' in expecting)) {
    // "木有", "都没得", "没得 从来没犯过事" to a list: its "none" choice (the one labelled with a no-word).
    const choice =
      readChoice(c, expecting.choices, core) ??
      (saidNo ? expecting.choices.find((x) => c.yesNo.exact(c.normalise(x.label)) === false)?.value : undefined);
    if (choice !== undefined) result.choice = choice;
  } else if ('certificateField' in expecting) {
    if ((result.certificates?.length ?? 0) > 0) return;
    const field = expecting.certificateField;
    const said = field === 'issuedWhileWorkingInCity' || field === 'matchesJob' ? result.certificateConditions?.[field] : undefined;
    // "在上海", "是的在上海" to "obtained while working in the city?": the place said; the dialog weighs it against
    // the user's city (withCertificatePlace), so here it is a yes.
    const placeAnswer = field === 'issuedWhileWorkingInCity' && said === undefined && result.city !== undefined && result.yesNo !== false;
    if (placeAnswer) result.certificatePlace ??= result.city;
    const update = certificateFieldAnswer(expecting, core, said ?? (placeAnswer ? true : result.yesNo));
    if (update) result.certificateUpdates = [update];
    else if (field === 'issuedOn' && result.certificateDate) {
      result.certificateUpdates = [{ index: expecting.index, patch: { issuedOn: result.certificateDate } }];
    }
  } else if ('fact' in expecting) {
    const fact = expecting.fact;
    if (fact === 'certificates') {
      if (result.yesNo === false && !result.certificates) result.noCertificates = true;
      return;
    }
    // "对口 学的电工" to the major question is about the major, not the certificate.
    if (fact === 'relatedMajor' && result.certificateConditions?.matchesJob !== undefined && !result.certificates) {
      const { matchesJob, ...others } = result.certificateConditions;
      result.facts.relatedMajor ??= matchesJob;
      if (Object.keys(others).length > 0) result.certificateConditions = others;
      else delete result.certificateConditions;
    }
    // "是中专 职业学校毕业的" to the vocational-school question: the school said as an education.
    if (fact === 'vocationalDiploma' && result.facts.vocationalDiploma === undefined) {
      if (core.includes('高职')) result.facts.vocationalDiploma = 'higher';
      else if (result.facts.education === 'technical_school') result.facts.vocationalDiploma = 'secondary';
    }
    if (fact === 'city' || fact in result.facts) return;
    if (fact === 'age' && result.birthYear !== undefined) return;
    // A lone number in a longer answer ("缴了八年") answers the question, but not in a correction ("其实是39"): that
    // one corrects an earlier answer, which the dialog knows.
    const lone = result.intents.some((i) => i.type === 'correction') || factKind(fact).type !== 'number' ? undefined : result.bareNumber;
    // "一年都没交", "木有", "没交过": no years of insurance at all (before "一年" can be read as a number).
    if (fact === 'socialInsuranceYears' && (result.yesNo === false || c.yesNo.exact(stripped) === false || NEVER_PAID.test(core))) {
      result.facts.socialInsuranceYears = 0;
      return;
    }
    const bare = readBareNumber(fact, core);
    const number = bare ?? (lone && lone.unit !== 'age' && fact !== 'age' ? inUnitOf(fact, lone) : undefined);
    if (number !== undefined && fact !== 'age') {
      // "快九年", "十几年", "七年多": the full years it surely is, said back in the reply.
      const almost = ALMOST_BEFORE_NUMBER.test(stripped);
      Object.assign(result.facts, { [fact]: fullYears(number, almost) });
      if (almost || (bare !== undefined && isVague(core)))
        (result.saidAs ??= {})[fact] = (almost ? ALMOST_SAID.exec(stripped)?.[0] : undefined) ?? core;
    } else if (number !== undefined) Object.assign(result.facts, { [fact]: number });
    else if (fact === 'age' && lone && lone.unit !== 'years') Object.assign(result.facts, { age: lone.value });
    Object.assign(result.facts, booleanFactAnswer(fact, result.yesNo), enumFactAnswer(fact, core));
    if (!(fact in result.facts)) {
      const said = c.answerPhrases.get(fact)?.get(core);
      if (said !== undefined) Object.assign(result.facts, { [fact]: said });
    }
    if (!(fact in result.facts) && expecting.choices) {
      const picked = readChoice(c, expecting.choices, core);
      if (picked !== undefined) Object.assign(result.facts, { [fact]: picked });
    }
  }
}

/** To the degree question, "没拿", "拿到了", "有发": the verb with or without a denial. */
const DEGREE_VERB = /拿|取得|授予|发|有/u;
const DENIAL = /[没无未不]/u;

/** A lone number in the unit of the fact asked: "两年了 没断过" to a question in months is 24. */
function inUnitOf(fact: string, lone: NonNullable<Understanding['bareNumber']>): number {
  if (fact.endsWith('Months')) return lone.unit === 'years' ? lone.value * 12 : lone.value;
  return lone.unit === 'months' ? Math.floor((lone.value / 12) * 2) / 2 : lone.value;
}

/** "快九年了", "干了将近十年": said just before the number of an answer. */
const ALMOST_BEFORE_NUMBER = /(?:快|将近|接近|不到|不满)(?:\d|[一二两三四五六七八九十])/u;
const ALMOST_SAID = /(?:快|将近|接近|不到|不满)[^,.;!?。、]*?(?:年|个月|月)/u;

const NEVER_PAID = /^(?:还|一年都|一天都)?(?:没|没有|从没|从来没)(?:有)?(?:交|缴|买|上)?(?:过)?(?:社保)?$/u;

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
