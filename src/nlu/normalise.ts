/**
 * One spelling for every message before any extractor looks at it: full-width → half-width (NFKC: ３２ → 32,
 * ？ → ?, ， → ,), lower case, traditional variants → simplified (from the lexicon), no whitespace.
 * The length may change, so extractors only ever work on the normalised text.
 */

/** Facts are read from the first characters only: a pasted essay must not cost more than a sentence. */
export const MAX_CHARS = 500;

export function createNormaliser(variants: Record<string, string>): (text: string) => string {
  const keys = Object.keys(variants);
  const variantPattern = keys.length > 0 ? new RegExp(`[${keys.join('')}]`, 'gu') : undefined;
  return (text) => {
    let t = text.slice(0, MAX_CHARS).normalize('NFKC').toLowerCase();
    if (variantPattern) t = t.replace(variantPattern, (c) => variants[c] ?? c);
    return t.replace(/\s+/g, '');
  };
}

/** Punctuation and particles that end a message without changing it ("好的！", "继续吧"). */
const END_NOISE = new Set(',.!?;:~、。…！？—-_\'"“”‘’()（）【】[]吧啊呀哦嘛哈');
const START_NOISE = new Set(',.!?;:~、。…！？—-_\'"“”‘’()（）【】[]');

/** Trims noise from both ends; a loop, not a regex, so "哈哈…哈x" cannot make it quadratic. */
export function stripEnds(text: string): string {
  let end = text.length;
  while (end > 0 && END_NOISE.has(text[end - 1] as string)) end--;
  let start = 0;
  while (start < end && START_NOISE.has(text[start] as string)) start++;
  return text.slice(start, end);
}
