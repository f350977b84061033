/**
 * Numbers as people type them: digits (already half-width after normalising), Chinese numerals, halves.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** A number in digits or Chinese numerals, as a regex source (no groups). */
export const NUMBER_SOURCE = '(?:\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+几?)';
/**
 * A duration in years as a regex source (no groups): "5年", "五年半", "一年半", "半年", "5年多", "十多年", "两个年头" is not covered.
 */
export const YEARS_SOURCE = `(?:${NUMBER_SOURCE}个?(?:多|余|来)?年(?:半|多|(?:零|又)(?:几|${NUMBER_SOURCE})个?(?:多)?月)?|半年|${NUMBER_SOURCE}个?(?:多|余)?月)`;

const WHOLE = new RegExp(`^(${NUMBER_SOURCE})?个?(多|余|来)?(半)?(?:周岁|岁|年|个月|月)?(半)?(?:多点|多|余|左右|出头|来)?$`);

/**
 * Reads one number said alone, with an optional unit: "三十二" → 32, "两" → 2, "五年半" → 5.5, "半年" → 0.5,
 * "1.5" → 1.5, "十" → 10, "5年多" → 5 ("more than five" counts as five), "二〇二〇" → 2020. Undefined if it is not one.
 */
export function parseChineseNumber(text: string): number | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const m = WHOLE.exec(t);
  if (!m) return undefined;
  const [, numeral, , halfBeforeUnit, halfAfterUnit] = m;
  const half = halfBeforeUnit !== undefined || halfAfterUnit !== undefined;
  if (numeral === undefined) return half ? 0.5 : undefined;
  const value = readNumeral(numeral);
  if (value === undefined) return undefined;
  return half ? value + 0.5 : value;
}

/**
 * A duration said in years or months, in years: "七年多" → 7, "60个月" → 5, "18个月" → 1.5 (months count in half
 * years, rounded down: a started half year is not served yet).
 */
export function parseDurationYears(text: string): number | undefined {
  // "五年零几个月", "两年又三个月": the full years (insured and working years count in whole years).
  const months = MONTHS_AFTER_YEARS.exec(text);
  if (months) return parseChineseNumber(text.slice(0, months.index + 1));
  const value = parseChineseNumber(text);
  if (value === undefined) return undefined;
  if (/月/u.test(text) && !/年/u.test(text)) return Math.floor((value / 12) * 2) / 2;
  return value;
}

const MONTHS_AFTER_YEARS = /年(?:零|又)[^年]*月$/u;

/** "十五六" (fifteen or sixteen), "三四" (three or four): the lower of two neighbouring digits said together. */
const NEIGHBOURS = /([一二三四五六七八])([二三四五六七八九])$/u;
const DIGIT_ORDER = '零一二三四五六七八九';

function readNumeral(raw: string): number | undefined {
  if (/^\d/.test(raw)) return Number(raw);
  // "十几" is some ten-odd: ten, as "十多" is.
  let numeral = raw.endsWith('几') ? raw.slice(0, -1) : raw;
  const pair = NEIGHBOURS.exec(numeral);
  const approximate = numeral.includes('十') || numeral.length === 2;
  if (pair && approximate && DIGIT_ORDER.indexOf(pair[2]!) === DIGIT_ORDER.indexOf(pair[1]!) + 1) {
    numeral = numeral.slice(0, -1);
  }
  // Digit by digit, as years are written: 二〇二〇.
  if (numeral.length > 1 && [...numeral].every((c) => c in DIGITS)) {
    return Number([...numeral].map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let digit: number | undefined;
  for (const c of numeral) {
    const d = DIGITS[c];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const unit = UNITS[c];
    if (unit === undefined) return undefined;
    // "十" alone or leading ("十八") means 一十.
    total += (digit ?? 1) * unit;
    digit = undefined;
  }
  return total + (digit ?? 0);
}
