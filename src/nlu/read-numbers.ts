/**
 * Facts said as numbers in a sentence: age, years of social insurance, years in the occupation.
 * Each needs its context word (岁, 社保, 干/从业 …): a number without one is only read when the pending question
 * asks for it (see read-answer.ts). Dates are blanked before these run, so "2019年" is never 2019 years.
 */
import type { Compiled } from './compile.js';
import { NUMBER_SOURCE, parseChineseNumber, parseDurationYears, YEARS_SOURCE } from './numbers.js';
import { BLANK } from '../text/phrase-matcher.js';

export interface NumberFacts {
  age?: number;
  socialInsuranceYears?: number;
  occupationYears?: number;
  spouseLocalHukouYears?: number;
  /** Back-paid years said without the total ("其中补缴了1年"): the dialog takes them off the years it knows. */
  backPaidYears?: number;
  /** Insurance said in months ("交了八个月"), or said unbroken ("连续交了五年"). */
  continuousInsuranceMonths?: number;
  residencePermitYears?: number;
  sameEmployerYears?: number;
  housingYears?: number;
}

/** Characters that may sit between a context word and its number ("社保在上海交了5年"), never a numeral. */
const GAP = `(?:一直|一共|[^,.;!?。、\\d零〇一二两三四五六七八九十百千半]){0,8}?`;
/** "5年前" is a point in time, not a duration. */
const NOT_TIME_POINT = '(?![前后以])';

export interface NumberPatterns {
  age: RegExp[];
  socialInsurance: RegExp[];
  /** "其中补缴了1年": back-paid years, which do not count (policy: 补缴的不算). */
  backPaid: RegExp[];
  occupation: RegExp[];
  birthYear: RegExp[];
  birthYearOfSelf: RegExp;
  /** "老婆是上海户口 结婚6年了": years married to a spouse with the city's hukou. */
  spouseHukou: RegExp[];
  /** "居住证办了五年". */
  residencePermit: RegExp[];
  /** "在同一家公司干了五年", "这家单位才干了一年". */
  sameEmployer: RegExp[];
  /** "租房住了六年", "这房子住了八年". */
  housing: RegExp[];
}

export function compileNumberPatterns(c: Compiled): NumberPatterns {
  const si = c.socialInsuranceSource;
  const occ = `(?:${c.occupationSource}|这行|这一行|本行|本职业|本工种|这个工种)`;
  const y = `(${YEARS_SOURCE})${NOT_TIME_POINT}`;
  const verb = '(?:干|做|从事|当)';
  return {
    age: [
      new RegExp(`(${NUMBER_SOURCE})周?岁`, 'u'),
      new RegExp(`(?:今年|年龄|年纪|岁数)(?:应该|其实|实际上?|是|为|已经|有|都|刚)*(${NUMBER_SOURCE})(?![年个月级\\d.万千])`, 'u'),
      new RegExp(`^(?:我|俺|本人)(?:今年)?(${NUMBER_SOURCE})了?(?=$|[,.;!?。、${BLANK}])`, 'u'),
      // "上海的 我43了 中专": an age said with 了, anywhere.
      /(?:我|俺|本人)(?:今年)?(?:都|已经|也)?(\d{2}|[二三四五六七]十[一二三四五六七八九]?)了/u,
      // "上海的我四十二初中毕业": two digits right after 我, not followed by a unit or another numeral.
      /(?:我|俺|本人)(?:今年)?(\d{2}|[二三四五六]十[一二三四五六七八九]?)(?![\d.年月个岁级万千百号天块元分点倍%多几来余零〇一二两三四五六七八九十])/u,
    ],
    socialInsurance: [
      new RegExp(`${si}${GAP}${y}`, 'u'),
      new RegExp(`(?:交|缴|缴纳|买|上)(?:了|过)?${y}的?${si}`, 'u'),
      new RegExp(`(?:交|缴|缴纳)(?:了|过)?${y}`, 'u'),
    ],
    backPaid: [
      new RegExp(`(?:其中|里面|里头|有)?(?:是)?(?:后来|后面|之后)?补(?:缴|交)(?:了|的|过)?(?:有)?${y}`, 'u'),
      new RegExp(`${y}(?:是|都是)?(?:后来|后面|后边|之后|以后)?(?:才|又)?补(?:缴|交|上|齐)?的`, 'u'),
    ],
    residencePermit: [new RegExp(`居住证(?:也|都|已经)*(?:办|拿|领|有)(?:了|下来)?(?:有|快)?${y}`, 'u')],
    sameEmployer: [
      new RegExp(
        `(?:同一家?|同一个|这家|这个|现在的?|现在这家)(?:公司|单位|厂子?|企业|老板)(?:里|里面)?(?:已经|才|都|一直)*(?:干|做|上班|工作|待)了?(?:有|快)?${y}`,
        'u',
      ),
    ],
    housing: [new RegExp(`(?:租房|租房子|租的房子?|房子|宿舍)(?:已经|一直|也)*住了?(?:有|快)?${y}`, 'u')],
    spouseHukou: [
      new RegExp(
        `(?:老婆|老公|爱人|配偶|媳妇|妻子|丈夫|对象)(?:是)?[^,.;!?。、]{0,6}?(?:户口|户籍)[^,.;!?。、\\d]{0,6}?(?:结婚|婚龄)(?:已经|有|了|都)*(${YEARS_SOURCE})`,
        'u',
      ),
    ],
    birthYear: [
      /(?<![\d零〇一二三四五六七八九])(\d{2}|\d{4}|[零〇一二三四五六七八九]{2}|[零〇一二三四五六七八九]{4})年(?:出生|生人|生的|生)/u,
      new RegExp(
        `(?:^|我是|本人是|我)(\\d{2}|\\d{4}|[零〇一二三四五六七八九]{2}|[零〇一二三四五六七八九]{4})年的(?=$|[,.;!?。、${BLANK}])`,
        'u',
      ),
    ],
    // "我95年的大专…", "深圳 93年的 男": a year of the last century said of oneself, however the sentence goes on
    // (not "我18年的时候", which is a time: 2018 is no birth year of a worker). Only after 我 or where a clause starts.
    birthYearOfSelf: /([4-9]\d|19\d{2}|[四五六七八九][零〇一二三四五六七八九])年的(?!时候|时|那|证|春|夏|秋|冬|底|初|末)/gu,
    occupation: [
      new RegExp(`${verb}了?${occ}(?:工作|行业)?${GAP}${y}`, 'u'),
      new RegExp(`${verb}了?${y}的?${occ}`, 'u'),
      new RegExp(`(?:从业|工龄|入行|从事本职业)(?:已经|有|了|是|为|都)*${y}`, 'u'),
      new RegExp(`${occ}(?:工作|这行)?(?:已经|都|一共|累计)?(?:${verb}|工作)?了?(?:有|快)?${y}`, 'u'),
    ],
  };
}

interface NumberHit {
  value: number;
  start: number;
  end: number;
  /** The number as said ("十几年"), and whether "快", "将近" … came just before it. */
  said: string;
  almost: boolean;
}

function first(patterns: RegExp[], text: string, parse: (t: string) => number | undefined): NumberHit | undefined {
  for (const p of patterns) {
    const m = p.exec(text);
    const value = m?.[1] === undefined ? undefined : parse(m[1]);
    if (m && value !== undefined) {
      const at = m.index + m[0].indexOf(m[1]!);
      const almost = ALMOST_BEFORE.exec(text.slice(Math.max(0, at - 4), at))?.[0];
      return { value, start: m.index, end: m.index + m[0].length, said: (almost ?? '') + m[1], almost: almost !== undefined };
    }
  }
  return undefined;
}

const EMPLOYER_WORD = /公司|单位|厂|企业|老板/u;

/** Insurance said to be unbroken. */
const UNBROKEN = /连续|没断|没有断|不断|从没断|一直没断/u;

/** "快九年", "将近十年", "不到五年": fewer full years than the number said. */
const ALMOST_BEFORE = /(?:快|将近|接近|不到|不满|差点)$/u;

/** Full years of a duration said as "快九年" (8) or "七年多" (7). */
export function fullYears(value: number, almost: boolean): number {
  return almost && value >= 1 ? Math.ceil(value) - 1 : value;
}

export interface NumberReading {
  text: string;
  facts: NumberFacts;
  /** Facts read from a vague amount, with the words said ("十几年" → 10): the reply says how it was counted. */
  saidAs: Partial<Record<keyof NumberFacts, string>>;
}

/** Years of work, insurance or residence fit in a working life: "干电工九二年的证" says a year ('92), not 92 years. */
const MAX_DURATION_YEARS = 60;
const isWorkingLife = (years: number) => years <= MAX_DURATION_YEARS;

export function readNumberFacts(p: NumberPatterns, text: string): NumberReading {
  const facts: NumberFacts = {};
  const saidAs: NumberReading['saidAs'] = {};
  let rest = text;
  let lastSaid = '';
  const take = (
    fact: keyof NumberFacts,
    patterns: RegExp[],
    accept: (n: number) => boolean = isWorkingLife,
    parse = parseDurationYears,
  ) => {
    const hit = first(patterns, rest, parse);
    if (!hit || !accept(hit.value)) return undefined;
    lastSaid = hit.said;
    rest = rest.slice(0, hit.start) + BLANK.repeat(hit.end - hit.start) + rest.slice(hit.end);
    if (parse !== parseDurationYears) return hit.value;
    const value = fullYears(hit.value, hit.almost);
    if (hit.almost || isVague(hit.said)) saidAs[fact] = hit.said;
    return value;
  };
  // Each only where its word is: most messages have neither.
  if (rest.includes('居住证')) {
    const years = take('residencePermitYears', p.residencePermit);
    if (years !== undefined) facts.residencePermitYears = years;
  }
  if (EMPLOYER_WORD.test(rest)) {
    const years = take('sameEmployerYears', p.sameEmployer);
    if (years !== undefined) facts.sameEmployerYears = years;
  }
  const backPaid = take('backPaidYears', p.backPaid);
  const insurance = take('socialInsuranceYears', p.socialInsurance);
  if (insurance !== undefined) {
    facts.socialInsuranceYears = Math.max(0, insurance - (backPaid ?? 0));
    // Months said ("交了八个月") are unbroken months as far as the user knows; years said so ("连续交了五年") too.
    const said = saidAs.socialInsuranceYears ?? lastSaid;
    const months = /月/u.test(said) ? parseChineseNumber(said.replace(/^[^\d零〇一二两三四五六七八九十]+/u, '')) : undefined;
    if (months !== undefined && Number.isInteger(months) && backPaid === undefined) facts.continuousInsuranceMonths = months;
    else if (UNBROKEN.test(text) && Number.isInteger(insurance) && backPaid === undefined) facts.continuousInsuranceMonths = insurance * 12;
  } else if (backPaid !== undefined) facts.backPaidYears = backPaid;
  const spouse = take('spouseLocalHukouYears', p.spouseHukou);
  if (spouse !== undefined) facts.spouseLocalHukouYears = spouse;
  const occupation = take('occupationYears', p.occupation);
  if (occupation !== undefined) facts.occupationYears = occupation;
  // "年龄200" is no age at all and is not read; a possible but out-of-range "12岁" is kept, for the dialog to
  // refuse kindly with factsSchema's limits.
  const age = take('age', p.age, (n) => Number.isInteger(n) && n > 0 && n < 130, parseChineseNumber);
  if (age !== undefined) facts.age = age;
  return { text: rest, facts, saidAs };
}

const SELF_BEFORE = /(?:[我俺]是?|本人是?|[,.;!?。、□])$/u;

function birthYearOfSelf(p: NumberPatterns, text: string, clauses?: ReadonlyArray<readonly [number, number]>): NumberHit | undefined {
  if (!text.includes('年的')) return undefined;
  for (const m of text.matchAll(p.birthYearOfSelf)) {
    const self =
      m.index === 0 || clauses?.some(([start]) => start === m.index) || SELF_BEFORE.test(text.slice(Math.max(0, m.index - 3), m.index));
    const value = self ? parseChineseNumber(m[1]!) : undefined;
    if (value !== undefined) return { value, start: m.index, end: m.index + m[0].length, said: m[1]!, almost: false };
  }
  return undefined;
}

/**
 * "一直租房住了五年": the years in the present home, read before the renting phrase is taken, so only the number is
 * blanked and "租房住" is still there for the phrase reader.
 */
export function readHousingYears(p: NumberPatterns, text: string): { text: string; years?: number } {
  if (!text.includes('住')) return { text };
  const hit = first(p.housing, text, parseDurationYears);
  if (!hit) return { text };
  const at = hit.end - hit.said.length;
  return { text: text.slice(0, at) + BLANK.repeat(hit.end - at) + text.slice(hit.end), years: fullYears(hit.value, hit.almost) };
}

/** "十几年", "七年多", "十五六年", "五年零几个月", "20个月": an amount that is not a whole number of years as said. */
const VAGUE = /[多几来余零又]|出头|左右|[一二三四五六七八][二三四五六七八九]个?年|月/u;

export function isVague(said: string): boolean {
  if (!VAGUE.test(said)) return false;
  if (!/月/u.test(said) || /年/u.test(said)) return true;
  // Months that make whole years ("60个月") are exact.
  const months = parseChineseNumber(said);
  return months === undefined || months % 12 !== 0;
}

/**
 * "85年的", "八五年的", "1990年出生": the year of birth (two digits are 19xx from 30 on, else 20xx). Read before dates,
 * so the year is not taken for a certificate's date; the dialog turns it into an age with today's date.
 */
export function readBirthYear(
  p: NumberPatterns,
  text: string,
  clauses?: ReadonlyArray<readonly [number, number]>,
): { text: string; year?: number } {
  const hit = first(p.birthYear, text, parseChineseNumber) ?? birthYearOfSelf(p, text, clauses);
  if (!hit) return { text };
  const year = hit.value < 100 ? (hit.value >= 30 ? 1900 + hit.value : 2000 + hit.value) : hit.value;
  if (year < 1940 || year > 2015) return { text };
  return { text: text.slice(0, hit.start) + BLANK.repeat(hit.end - hit.start) + text.slice(hit.end), year };
}
