/**
 * Turns the lexicon and the city list into matchers and regexes, once per understander, so reading a message
 * only runs prepared patterns.
 */
import type { Education, TitleLevel } from '../scoring/facts.js';
import { factKind, isFactName } from './fact-kinds.js';
import { LexiconError, type Lexicon } from './lexicon.js';
import { normalise } from './normalise.js';
import { CityMentions } from '../text/city-mentions.js';
import { alternation, BLANK, escapeRegExp, PhraseMatcher } from '../text/phrase-matcher.js';
import type { CityLexiconEntry, SimpleIntentType } from './types.js';

export interface LevelPhrase {
  level: number;
  /** "中级工", "技师": a skill level on its own; "三级", "中级": needs an occupation nearby. */
  named: boolean;
}

export type FactPhraseValue = { fact: string; value: boolean | string };

export interface Compiled {
  lexicon: Lexicon;
  normalise: (text: string) => string;
  yesNo: PhraseMatcher<boolean>;
  yesNoAtStart: RegExp;
  fillersAtEnds: RegExp;
  intentExact: Map<string, SimpleIntentType[]>;
  intentContains: PhraseMatcher<SimpleIntentType>;
  cancelReminder: RegExp[];
  cancelReminderWithoutNumber: RegExp;
  remind: PhraseMatcher<true>;
  correction: PhraseMatcher<true>;
  change: RegExp[];
  factWords: PhraseMatcher<string>;
  strongQuestion: PhraseMatcher<true>;
  weakQuestion: PhraseMatcher<true>;
  endParticle: RegExp;
  education: PhraseMatcher<Education>;
  bachelor: PhraseMatcher<true>;
  degree: PhraseMatcher<boolean>;
  occupations: PhraseMatcher<string>;
  occupationSource: string;
  levels: PhraseMatcher<LevelPhrase>;
  levelNames: Map<number, string>;
  specialOperations: PhraseMatcher<string>;
  titles: PhraseMatcher<TitleLevel>;
  titleFields: PhraseMatcher<string>;
  notCertificates: PhraseMatcher<true>;
  ambiguousCertificates: PhraseMatcher<Lexicon['ambiguousCertificates'][number]>;
  noCertificates: PhraseMatcher<true>;
  socialInsuranceSource: string;
  noSocialInsurance: PhraseMatcher<true>;
  certificateNotHeld: PhraseMatcher<true>;
  factPhrases: PhraseMatcher<FactPhraseValue>;
  /** Whole answers to one fact's question, by fact then phrase. */
  answerPhrases: Map<string, Map<string, boolean | string>>;
  cities: CityMentions<CityLexiconEntry>;
  /** Cities of the lexicon's otherCities that no rule file covers. */
  otherCities: PhraseMatcher<string>;
  firstPerson: PhraseMatcher<true>;
  /** Per certificate condition, one pattern for "yes" and one for "no" (see certificateConditions in the lexicon). */
  conditions: Array<{ field: 'issuedWhileWorkingInCity' | 'matchesJob'; yes: RegExp; no: RegExp }>;
  /** "现在做保安了", "现在在小区当保安": the job done now, when it is none of the trades. */
  currentJob: RegExp;
  /** A character of every condition phrase (its first literal one): a message with none of them states no condition. */
  conditionChars: RegExp;
}

export function compile(lexicon: Lexicon, cities: CityLexiconEntry[]): Compiled {
  // Lexicon phrases go through the same normalising as messages, so "ＯＫ" or "CET4" in the file still match.
  const n = (phrases: string[]) => phrases.map(normalise).filter((p) => p.length > 0);
  const nRecord = <K extends string>(r: Partial<Record<K, string[]>>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, n((v as string[] | undefined) ?? [])])) as Partial<Record<K, string[]>>;

  const yesNo = new PhraseMatcher<boolean>([
    ...n(lexicon.no).map((p): [string, boolean] => [p, false]),
    ...n(lexicon.yes).map((p): [string, boolean] => [p, true]),
  ]);

  const intentExact = new Map<string, SimpleIntentType[]>();
  const contains: Array<[string, SimpleIntentType]> = [];
  for (const [type, phrases] of Object.entries(lexicon.intents) as Array<[SimpleIntentType, { exact: string[]; contains: string[] }]>) {
    for (const p of n(phrases.exact)) intentExact.set(p, [...(intentExact.get(p) ?? []), type]);
    for (const p of n(phrases.contains)) contains.push([p, type]);
  }

  const verbs = alternation(n(lexicon.cancelReminderVerbs));
  const num = '(\\d+|[一二两三四五六七八九十]+)';
  const changeVerbs = alternation(n(lexicon.changeVerbs));
  const factWordSource = alternation(n(Object.values(lexicon.factWords).flat()));
  for (const fact of Object.keys(lexicon.factWords)) {
    if (fact !== 'city' && fact !== 'certificates' && !isFactName(fact)) {
      throw new LexiconError(`lexicon: factWords.${fact}: not a fact of src/scoring/facts.ts`);
    }
  }

  const levels: Array<[string, LevelPhrase]> = [];
  const levelNames = new Map<number, string>();
  for (const entry of lexicon.skillLevels) {
    levelNames.set(entry.level, entry.name);
    for (const p of n(entry.named)) levels.push([p, { level: entry.level, named: true }]);
    for (const p of n(entry.bare)) levels.push([p, { level: entry.level, named: false }]);
  }

  const occupationEntries: Array<[string, string]> = [];
  for (const [name, phrases] of Object.entries(lexicon.occupations)) {
    for (const p of n([name, ...phrases])) occupationEntries.push([p, name]);
  }
  const titleFieldEntries: Array<[string, string]> = [];
  for (const [name, phrases] of Object.entries(lexicon.titleFields)) {
    for (const p of n([name, ...phrases])) titleFieldEntries.push([p, name]);
  }

  const cityNames = cities.flatMap((city) => n([city.name, city.id, ...city.aliases]));
  return {
    lexicon,
    normalise,
    yesNo,
    yesNoAtStart: new RegExp(`^((?:${alternation(yesNo.phrases())})+)(?:[,.;!?。、]|$)`, 'u'),
    fillersAtEnds: new RegExp(`^${alternation(n(lexicon.fillers))}+|${alternation(n(lexicon.fillers))}+$`, 'gu'),
    intentExact,
    intentContains: new PhraseMatcher(contains),
    cancelReminder: [new RegExp(`${verbs}第?${num}(?:个|号|条)?的?提醒`, 'u'), new RegExp(`${verbs}(?:提醒|第)第?${num}`, 'u')],
    cancelReminderWithoutNumber: new RegExp(`${verbs}(?:一个|一下|这个|那个)?提醒`, 'u'),
    remind: PhraseMatcher.ofList(n(lexicon.remindPhrases)),
    correction: PhraseMatcher.ofList(n(lexicon.correctionMarkers)),
    change: [
      new RegExp(`${changeVerbs}(?:一下|下)?(?:我的|的)?(${factWordSource})`, 'gu'),
      new RegExp(`(${factWordSource})(?:要|想|需要|得)?${changeVerbs}`, 'gu'),
    ],
    factWords: new PhraseMatcher(Object.entries(lexicon.factWords).flatMap(([fact, ps]) => n(ps).map((p): [string, string] => [p, fact]))),
    strongQuestion: PhraseMatcher.ofList(n(lexicon.questionMarkers.strong)),
    weakQuestion: PhraseMatcher.ofList(n(lexicon.questionMarkers.weak)),
    endParticle: new RegExp(`${alternation(n(lexicon.questionMarkers.endParticles))}(?:[,.;!?。、~]|$)`, 'u'),
    education: PhraseMatcher.fromRecord(nRecord(lexicon.education)),
    bachelor: PhraseMatcher.ofList(n(lexicon.bachelor)),
    degree: new PhraseMatcher<boolean>([
      ...n(lexicon.degreeNo).map((p): [string, boolean] => [p, false]),
      ...n(lexicon.degreeYes).map((p): [string, boolean] => [p, true]),
    ]),
    occupations: new PhraseMatcher(occupationEntries),
    occupationSource: alternation(occupationEntries.map(([p]) => p)),
    levels: new PhraseMatcher(levels),
    levelNames,
    specialOperations: PhraseMatcher.fromRecord(
      Object.fromEntries(Object.entries(lexicon.specialOperations).map(([k, v]) => [k, n([k, ...v])])),
    ),
    titles: PhraseMatcher.fromRecord(nRecord(lexicon.titles)),
    titleFields: new PhraseMatcher(titleFieldEntries),
    notCertificates: PhraseMatcher.ofList(n(lexicon.notCertificates)),
    ambiguousCertificates: new PhraseMatcher(lexicon.ambiguousCertificates.map((a) => [normalise(a.phrase), a])),
    noCertificates: PhraseMatcher.ofList(n(lexicon.noCertificates)),
    socialInsuranceSource: alternation(n(lexicon.socialInsurance)),
    noSocialInsurance: PhraseMatcher.ofList(n(lexicon.noSocialInsurance)),
    certificateNotHeld: PhraseMatcher.ofList(n(lexicon.certificateNotHeld)),
    factPhrases: new PhraseMatcher(compileFactPhrases(lexicon.factPhrases, 'factPhrases', n)),
    answerPhrases: byFact(compileFactPhrases(lexicon.answerPhrases, 'answerPhrases', n)),
    cities: new CityMentions(cities, lexicon.cityShortForm, normalise),
    otherCities: new PhraseMatcher(
      n(lexicon.otherCities)
        .filter((p) => !cityNames.includes(p))
        .map((p): [string, string] => [p, p]),
    ),
    firstPerson: PhraseMatcher.ofList(n(lexicon.firstPerson)),
    conditionChars: conditionChars(lexicon, n),
    currentJob: new RegExp(
      `(?:现在|目前|如今)(?:在[^,.;!?。、${BLANK}]{0,4}?)?(?:改行)?(?:做|干|当|是|跑|送|开)(?:的是|的)?(${alternation(n(lexicon.otherJobs))})`,
      'u',
    ),
    conditions: compileConditions(
      lexicon,
      n,
      cityNames,
      occupationEntries.map(([p]) => p),
    ),
  };
}

/**
 * A few characters such that every condition phrase has one of them: picked greedily (the character in most phrases
 * not yet covered), everyday characters (在, 是, 的 …) only when a phrase has nothing else, so that most messages
 * skip the long patterns.
 */
function conditionChars(lexicon: Lexicon, n: (p: string[]) => string[]): RegExp {
  let left = Object.values(lexicon.certificateConditions)
    .flatMap((phrases) => [...(phrases?.true ?? []), ...(phrases?.false ?? [])])
    .map((p) => new Set(n(p.split(/\{city\}|\{occupation\}|\{gap\}|\{elsewhere\}/u)).join('')))
    .filter((chars) => chars.size > 0);
  const chosen: string[] = [];
  while (left.length > 0) {
    const counts = new Map<string, number>();
    for (const chars of left) for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + (EVERYDAY.has(ch) ? 0.01 : 1));
    const best = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    chosen.push(best);
    left = left.filter((chars) => !chars.has(best));
  }
  return chosen.length > 0 ? new RegExp(`[${escapeRegExp(chosen.join(''))}]`, 'u') : /(?!)/u;
}

const EVERYDAY = new Set([...'在是的了一我来到现就还这那不没有也都之以后前才去']);

/** {gap} in a condition phrase: a few filler characters ("才去", "也是") that neither end the clause nor deny. */
const CONDITION_GAP = `[^,.;!?。、${BLANK}不没别非未]{0,4}?`;

/** certificateConditions: {city}, {occupation}, {gap} and {elsewhere} expanded, the rest taken literally. */
function compileConditions(
  lexicon: Lexicon,
  n: (p: string[]) => string[],
  cityNames: string[],
  occupationNames: string[],
): Compiled['conditions'] {
  const city = `(?:${alternation([...cityNames, '这边', '这里', '本地', '当地', '本市', '这'])})?`;
  // The job, not a certificate of it: "现在是电工" is the job, "现在是电工四级" a certificate.
  const occupation = `(?:${alternation([...occupationNames, '这个', '这行', '这一行', '本行', '本工种', '这个工种'])})(?!证|[一二三四五1-5]级|[初中高]级|技师|资格)`;
  // Places no rule file covers: any of them is not the user's city.
  const elsewhere = alternation(n([...lexicon.otherPlaces, ...lexicon.otherCities]).filter((p) => !cityNames.includes(p)));
  const slots: Record<string, string> = {
    '{city}': city,
    '{occupation}': occupation,
    '{gap}': CONDITION_GAP,
    '{elsewhere}': `(?:${elsewhere})`,
  };
  const source = (phrases: string[]) => {
    const sources = phrases
      .map((p) =>
        p
          .split(/(\{city\}|\{occupation\}|\{gap\}|\{elsewhere\})/u)
          .map((part) => slots[part] ?? escapeRegExp(n([part])[0] ?? ''))
          .join(''),
      )
      .sort((a, b) => b.length - a.length);
    return new RegExp(sources.length > 0 ? sources.join('|') : '(?!)', 'u');
  };
  const out: Compiled['conditions'] = [];
  for (const field of ['issuedWhileWorkingInCity', 'matchesJob'] as const) {
    const phrases = lexicon.certificateConditions[field];
    if (phrases) out.push({ field, yes: source(phrases.true), no: source(phrases.false) });
  }
  return out;
}

/** factPhrases, answerPhrases: checks every fact and value against factsSchema, so a typo fails at start-up, not in a chat. */
function compileFactPhrases(section: Lexicon['factPhrases'], name: string, n: (p: string[]) => string[]): Array<[string, FactPhraseValue]> {
  const entries: Array<[string, FactPhraseValue]> = [];
  for (const [fact, byValue] of Object.entries(section)) {
    const kind = factKind(fact);
    for (const [rawValue, phrases] of Object.entries(byValue)) {
      let value: boolean | string;
      if (kind.type === 'boolean' && (rawValue === 'true' || rawValue === 'false')) value = rawValue === 'true';
      else if (kind.type === 'enum' && kind.values.includes(rawValue)) value = rawValue;
      else throw new LexiconError(`lexicon: ${name}.${fact}.${rawValue}: not a fact with that value in src/scoring/facts.ts`);
      for (const p of n(phrases)) entries.push([p, { fact, value }]);
    }
  }
  return entries;
}

function byFact(entries: Array<[string, FactPhraseValue]>): Map<string, Map<string, boolean | string>> {
  const out = new Map<string, Map<string, boolean | string>>();
  for (const [phrase, { fact, value }] of entries) {
    let phrases = out.get(fact);
    if (!phrases) out.set(fact, (phrases = new Map()));
    phrases.set(phrase, value);
  }
  return out;
}
