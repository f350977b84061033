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
export const NUMBER_SOURCE = '(?:\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)';
/**
 * A duration in years as a regex source (no groups): "5年", "五年半", "一年半", "半年", "5年多", "十多年", "两个年头" is not covered.
 */
export const YEARS_SOURCE = `(?:${NUMBER_SOURCE}个?(?:多|余)?年(?:半|多)?|半年)`;

const WHOLE = new RegExp(`^(${NUMBER_SOURCE})?个?(多|余|来)?(半)?(?:周岁|岁|年|个月|月)?(半)?(?:多|余|左右|出头)?$`);

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

function readNumeral(numeral: string): number | undefined {
  if (/^\d/.test(numeral)) return Number(numeral);
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
