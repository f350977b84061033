/**
 * The social-insurance base said as a share of the average wage ("社平工资的一点五倍左右", "社平的九成", "不到平均工资
 * 的八成"), read as its band (the intake's choices, docs/policy/sources-notes.md §1.4, the 社保缴费基数 row) and whether it is above the
 * average. A share is only read where the message speaks of the average wage or the base: "两倍" alone is no base.
 */
import type { Facts } from '../scoring/facts.js';
import { BLANK } from '../text/phrase-matcher.js';
import { parseChineseNumber } from './numbers.js';

const DIGIT = '[\\d一二两三四五六七八九十]';
/** [below] [of the average wage] number [.number] 成|倍|% [more]; or 百分之 number. */
const SHARE = new RegExp(
  `(不到|不足|没到|低于|不满)?(?:(?:社平|社会平均|平均)(?:工资)?的?)?(?:(百分之)(${DIGIT}{1,3})|(${DIGIT}+)(?:(?:点|\\.)(${DIGIT}))?(成|倍|%))(多)?`,
  'u',
);
const ABOUT_THE_BASE = /社平|平均工资|基数/u;

export interface BaseShare {
  text: string;
  facts: Pick<Facts, 'insuranceBaseTier' | 'insuranceBaseAboveAverage'>;
}

export function readInsuranceBaseShare(text: string): BaseShare {
  if (!ABOUT_THE_BASE.test(text)) return { text, facts: {} };
  const m = SHARE.exec(text);
  if (!m) return { text, facts: {} };
  const share = shareOf(m);
  if (share === undefined) return { text, facts: {} };
  // "不到八成" is just below 0.8, "八成多" just above it.
  const said = m[1] !== undefined ? share - 0.001 : m[8] !== undefined ? share + 0.001 : share;
  const facts: BaseShare['facts'] = { insuranceBaseTier: tierOf(said) };
  if (said > 1) facts.insuranceBaseAboveAverage = true;
  else if (said < 1) facts.insuranceBaseAboveAverage = false;
  return { text: text.slice(0, m.index) + BLANK.repeat(m[0].length) + text.slice(m.index + m[0].length), facts };
}

function shareOf(m: RegExpExecArray): number | undefined {
  if (m[2] !== undefined) {
    const percent = parseChineseNumber(m[3]!);
    return percent === undefined ? undefined : percent / 100;
  }
  const whole = parseChineseNumber(m[4]!);
  const tenth = m[5] === undefined ? 0 : parseChineseNumber(m[5]);
  if (whole === undefined || tenth === undefined) return undefined;
  const value = whole + tenth / 10;
  if (m[6] === '成') return value <= 10 ? value / 10 : undefined;
  if (m[6] === '%') return value / 100;
  return value;
}

function tierOf(share: number): NonNullable<Facts['insuranceBaseTier']> {
  if (share < 0.8) return 'below_80';
  if (share < 1) return '80_100';
  if (share < 2) return '100_200';
  if (share < 3) return '200_300';
  return 'at_300';
}
