/**
 * The places a question names, for the FAQ's scope reranking: the covered cities by the names and aliases of their
 * rules files (so a new city needs no code here), and any other province or city as "elsewhere".
 */
import { CityMentions, type NamedCity, type ShortFormFrames } from '../text/city-mentions.js';
import { OTHER_PLACES } from './lexicon.js';

/** A covered city's rules id, or a place the bot does not cover. */
export type Place = string;
export const ELSEWHERE: Place = 'elsewhere';

export class Places {
  readonly cityIds: ReadonlySet<string>;
  /** Names and aliases of the covered cities and the other places, for the word segmenter to keep whole. */
  readonly words: readonly string[];
  private readonly mentions: CityMentions<NamedCity>;
  private readonly nameOf: ReadonlyMap<string, string>;

  constructor(cities: readonly NamedCity[], frames: ShortFormFrames, others: readonly string[] = OTHER_PLACES) {
    this.cityIds = new Set(cities.map((c) => c.id));
    this.nameOf = new Map(cities.map((c) => [c.id, c.name]));
    // Covered cities first: a name on both lists (a city that got its rules file) is that city.
    const elsewhere: NamedCity = { id: ELSEWHERE, name: others[0] ?? '外地', aliases: [...others] };
    this.mentions = new CityMentions([...cities, elsewhere], frames);
    this.words = [...cities.flatMap((c) => [c.name, ...c.aliases]), ...others].filter((w) => [...w].length > 1);
  }

  /** The places a normalised text names. */
  of(normalised: string): Set<Place> {
    return new Set(this.mentions.idsIn(normalised));
  }

  /** A word that only names a place (上海, 帝都, 江苏, 外地 …): the scope reranking weighs it, not the coverage. */
  isPlaceName(word: string): boolean {
    return word === '外地' || this.mentions.exact(word) !== undefined;
  }

  /** The covered cities' names, in the rules' order. */
  names(): string[] {
    return [...this.nameOf.values()];
  }

  /** The canonical name of a covered city ("深圳" for shenzhen), so an alias and the name meet in the index. */
  name(id: string): string | undefined {
    return this.nameOf.get(id);
  }
}
