/**
 * Messages as the extractors read them: the shared spelling (src/text/normalise.ts: half-width, lower case,
 * simplified, pinyin slips repaired), cut to MAX_CHARS, whitespace removed. The length may change, so extractors only
 * ever work on the normalised text.
 */
import { normaliseText } from '../text/normalise.js';

/** Facts are read from the first characters only: a pasted essay must not cost more than a sentence. */
export const MAX_CHARS = 500;

/** The message in the shared spelling, spaces kept (a space is where a worker who types no punctuation ends a clause). */
export function normaliseSpaced(text: string): string {
  return normaliseText(text.slice(0, MAX_CHARS)).trim();
}

export function normalise(text: string): string {
  return normaliseSpaced(text).replace(/\s+/g, '');
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
