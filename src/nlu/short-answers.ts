/**
 * Most messages in an intake are short answers many users type alike ("是", "跳过", "6年", "2020年5月", "1"), and the
 * reading is a pure function of the text and the question it answers: read each such pair once, keep the reading.
 * Long messages (sentences full of personal facts) are rarely typed twice and are not kept.
 */
import { LruCache } from '../cache/lru-cache.js';
import type { Expectation, Understand, Understanding } from './types.js';

/** In characters (UTF-16 units); the common answers are far shorter, the multi-fact sentences longer. */
export const SHORT_ANSWER_MAX_CHARS = 12;
/** Readings kept, least recently used forgotten first: a few hundred KB at most. */
export const SHORT_ANSWERS_KEPT = 2000;

/**
 * `understand` with its readings of short texts remembered. Readings are shared between callers, so they are frozen:
 * the dialog only reads them.
 */
export function rememberShortAnswers(understand: Understand, kept = SHORT_ANSWERS_KEPT): Understand {
  const readings = new LruCache<Understanding>(kept);
  return (text, expecting) => {
    if (typeof text !== 'string' || text.length > SHORT_ANSWER_MAX_CHARS) return understand(text, expecting);
    const key = `${expectationKey(expecting)}\u0000${text}`;
    let reading = readings.get(key);
    if (reading === undefined) {
      reading = deepFreeze(understand(text, expecting));
      readings.set(key, reading);
    }
    return reading;
  };
}

function expectationKey(expecting: Expectation | undefined): string {
  if (expecting === undefined) return '';
  if ('fact' in expecting) return `f:${expecting.fact}`;
  if ('certificateField' in expecting) return `c:${expecting.certificateField}#${expecting.index}`;
  return JSON.stringify(expecting);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
