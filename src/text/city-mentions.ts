/**
 * Finds the covered cities a text names, by the names and aliases of the rule files (穗, 鹏城, 帝都, 金陵 …), for the
 * dialog's reader and the FAQ alike, so adding a city is one rules file.
 *
 * Longest first, so 南京 is nanjing even though 京 is beijing's alias, and 重庆涪陵 is fuling, not chongqing. A
 * one-character alias (京, 津, 宁, 郑 …) is half of many ordinary words (宁愿, 津贴, 郑重, 东京), so it counts only where
 * it stands for a city: alone, between punctuation or digits, or in a frame such as 在京 / 来穗工作 (the lexicon's
 * `cityShortForm`). A Latin alias (sh, shanghai) counts only as a whole word.
 */
import { PhraseMatcher, type PhraseHit } from '../nlu/phrase-matcher.js';

export interface NamedCity {
  id: string;
  name: string;
  aliases: string[];
}

/** Words around a one-character alias that make it a city: 在/去/来 before it, 工作/落户/的 after it. */
export interface ShortFormFrames {
  before: string[];
  after: string[];
}

const WORD_CHAR = /[\p{Script=Han}\p{L}]/u;
const LATIN = /^[a-z0-9]+$/;
const LATIN_LETTER = /[a-z]/;

export class CityMentions<C extends NamedCity> {
  private readonly matcher: PhraseMatcher<C>;
  private readonly before: string[];
  private readonly after: string[];

  /** `normalise` is applied to every name and alias, so they meet messages in the same spelling. */
  constructor(cities: readonly C[], frames: ShortFormFrames, normalise: (text: string) => string = (t) => t) {
    const entries: Array<[string, C]> = [];
    for (const city of cities) {
      for (const phrase of [city.name, city.id, ...city.aliases]) {
        const p = normalise(phrase);
        if (p.length > 0) entries.push([p, city]);
      }
    }
    this.matcher = new PhraseMatcher(entries);
    this.before = frames.before.map(normalise).filter((w) => w.length > 0);
    this.after = frames.after.map(normalise).filter((w) => w.length > 0);
  }

  /** Every mention, left to right; a short form inside another word is left out. */
  findAll(text: string): Array<PhraseHit<C>> {
    return this.matcher.findAll(text).filter((hit) => this.standsAlone(text, hit));
  }

  /** The ids named, in order of first mention. */
  idsIn(text: string): string[] {
    return [...new Set(this.findAll(text).map((h) => h.value.id))];
  }

  /** The whole text is one name or alias of a city (上海, 沪, 鹏城): the city, else undefined. */
  exact(text: string): C | undefined {
    const hits = this.findAll(text);
    return hits.length === 1 && hits[0]!.start === 0 && hits[0]!.end === text.length ? hits[0]!.value : undefined;
  }

  private standsAlone(text: string, hit: PhraseHit<C>): boolean {
    if (LATIN.test(hit.phrase)) {
      return !LATIN_LETTER.test(text[hit.start - 1] ?? '') && !LATIN_LETTER.test(text[hit.end] ?? '');
    }
    if ([...hit.phrase].length > 1) return true;
    const prev = text[hit.start - 1];
    const next = text[hit.end];
    const openBefore = prev === undefined || !WORD_CHAR.test(prev) || this.before.some((w) => text.endsWith(w, hit.start));
    const openAfter = next === undefined || !WORD_CHAR.test(next) || this.after.some((w) => text.startsWith(w, hit.end));
    return openBefore && openAfter;
  }
}
