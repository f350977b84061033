/**
 * Chinese tokenising for the FAQ index, three views of one normalised text:
 * - words: jieba in search mode (特种作业操作证 also yields 特种, 作业, 操作证), synonyms mapped to one canonical word,
 *   plus tags from facets.ts: a level tag (lv1 … lv5) for every skill level named, so 中级, 四级 and 4级 meet; lvname
 *   when one level is named in two ways; 外地 for any place the bot does not cover; a covered city's name when the text
 *   names it by an alias (帝都 → 北京), so aliases need no entry of their own;
 * - bigrams of Han characters: they survive word boundaries jieba cuts differently in a question than in an entry;
 * - single Han characters: they survive typos the misspelling table (normalise.ts) does not know.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { facetsOf } from './facets.js';
import type { Places } from './places.js';
import { DOMAIN_WORDS, STOP_WORDS, SYNONYMS } from './lexicon.js';

const IS_TOKEN_CHAR = /[\p{Script=Han}a-z0-9]/u;
const IS_HAN = /\p{Script=Han}/u;

let jieba: Jieba | undefined;
const loaded = new Set<string>();
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    keepWhole(DOMAIN_WORDS);
  }
  return jieba;
}

/** Words jieba must not split (the domain words; each place's names from its rules file), added once each. */
export function keepWhole(words: readonly string[]): void {
  const fresh = words.filter((w) => !loaded.has(w));
  if (fresh.length === 0) return;
  for (const w of fresh) loaded.add(w);
  segmenter().loadDict(Buffer.from(fresh.map((w) => `${w} 100000 n`).join('\n')));
}

/** Topic words of a normalised text (search mode, synonyms canonical, stop words removed) and its level tags. */
export function wordTokens(normalised: string, places: Places): string[] {
  const out: string[] = [];
  for (const cut of segmenter().cutForSearch(normalised, true)) {
    for (const token of unstuckCertificate(cut)) {
      if (!IS_TOKEN_CHAR.test(token) || STOP_WORDS.has(token)) continue;
      const word = unglued(token);
      const canonical = SYNONYMS.get(word);
      if (canonical) out.push(...canonical);
      else out.push(word);
    }
  }
  // Tags per line: an entry's text is its phrasings, one a line, each tagged as a question would be.
  for (const line of normalised.split('\n')) {
    const facets = facetsOf(line, places);
    for (const level of facets.levels) out.push(`lv${level}`);
    if (facets.levelNamedTwice) out.push(LEVEL_NAMING_TAG);
    for (const place of facets.places) {
      // Any other province or city is "somewhere else" to the entries about certificates from elsewhere.
      if (place === 'elsewhere') out.push('外地');
      else {
        const name = places.name(place);
        if (name && !line.includes(name)) out.push(name);
      }
    }
  }
  return out;
}

/** Words that start with 证 and are words; any other token starting with it is 证 glued to what follows. */
const CERTIFICATE_WORDS = new Set(['证书', '证明', '证件', '证据', '证实']);
/** "我这个证能加多少分": jieba keeps 证能加 as one token, so the certificate itself would go unseen. */
function unstuckCertificate(token: string): string[] {
  if (token.length < 2 || token[0] !== '证' || CERTIFICATE_WORDS.has(token) || SYNONYMS.has(token)) return [token];
  return ['证', token.slice(1)];
}

/** Tag of a question that names one level in two ways (see facets.ts). */
export const LEVEL_NAMING_TAG = 'lvname';

/**
 * jieba glues a particle to one of the domain's verbs now and then (还认, 我查, 能查, 认吗); the particle carries nothing,
 * so keep the verb. Limited to those verbs: a general rule would split real words (要求, 能力).
 */
const GLUE_VERBS = new Set([...'查认考审办补']);
const GLUE_SUFFIXES = new Set([...'吗呢了吧啊呀']);
function unglued(token: string): string {
  if (token.length !== 2 || SYNONYMS.has(token)) return token;
  const [a, b] = [...token] as [string, string];
  if (GLUE_VERBS.has(b) && (STOP_WORDS.has(a) || a === '去' || a === '再')) return b;
  if (GLUE_VERBS.has(a) && GLUE_SUFFIXES.has(b)) return a;
  return token;
}

/** The Han characters of a normalised text, stop characters removed. */
export function charTokens(normalised: string): string[] {
  return [...normalised].filter((c) => IS_HAN.test(c) && !STOP_WORDS.has(c));
}

/** Pairs of adjacent Han characters, neither a stop character. */
export function bigramTokens(normalised: string): string[] {
  const chars = [...normalised];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!,
      b = chars[i + 1]!;
    if (IS_HAN.test(a) && IS_HAN.test(b) && !STOP_WORDS.has(a) && !STOP_WORDS.has(b)) out.push(a + b);
  }
  return out;
}

/** Mark character and bigram tokens so they only ever match their own fields of the index. */
export const CHAR_PREFIX = '#';
export const BIGRAM_PREFIX = '%';
