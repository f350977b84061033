/**
 * The city question's buttons. Twenty cities do not fit on a phone keyboard: past `allUpTo` cities the question offers
 * the featured ones (dialogs/intake.yaml `cityButtons`) and a last button that lists every covered city, so a worker
 * from 东莞 or 郑州 sees at once that the bot knows the place; free text with any alias works either way.
 */
import type { CityInfo } from './ports.js';
import type { CityButtons } from './spec.js';

/** The value of the 其他城市 button (`q:city=…`); no rules id can be it (ids are lower-case ascii). */
export const OTHER_CITIES = '_other';

export interface CityChoice {
  label: string;
  /** A rules id, or OTHER_CITIES. */
  id: string;
}

export function cityChoices(cities: readonly CityInfo[], buttons: CityButtons): CityChoice[] {
  if (cities.length <= buttons.allUpTo) return cities.map((c) => ({ label: c.name, id: c.id }));
  const byId = new Map(cities.map((c) => [c.id, c]));
  const featured = buttons.featured.flatMap((id) => {
    const city = byId.get(id);
    return city ? [{ label: city.name, id: city.id }] : [];
  });
  return [...featured, { label: buttons.otherLabel, id: OTHER_CITIES }];
}

/** Every covered city's name, for the texts that list them ("上海、广州、…"). */
export function cityNames(cities: readonly CityInfo[]): string {
  return cities.map((c) => c.name).join('、');
}
