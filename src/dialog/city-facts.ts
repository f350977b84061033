/**
 * Facts about one city stay with that city (scoring's CITY_SCOPED_FACTS): when the user changes city, the old city's
 * insurance years, contract, residence … are put aside under its id and the new city's, if given before, come back.
 * What the user says in the same message as the new city belongs to the new city.
 */
import { cityPart, withCityPart, type CityFacts, type FactScope } from '../scoring/city-scope.js';
import { CITY_SCOPED_CERTIFICATE_FIELDS, CITY_SCOPED_FACTS, type Facts } from '../scoring/facts.js';
import type { DialogState } from './state.js';

/**
 * Sets `state.city` to `to` and returns the facts to keep: `next` (this turn's facts, default the state's) with the
 * new city's scoped facts. `stashed` lists the fact names put aside for the old city (for the notice).
 */
export function switchCity(state: DialogState, to: string | undefined, next: Facts = state.facts): { facts: Facts; stashed: string[] } {
  const from = state.city;
  state.city = to;
  if (from === to || from === undefined) return { facts: next, stashed: [] };
  const old = cityPart(state.facts);
  const elsewhere = { ...state.elsewhere };
  const restored = to === undefined ? undefined : elsewhere[to];
  if (to !== undefined) delete elsewhere[to];
  if (old) elsewhere[from] = old;
  if (Object.keys(elsewhere).length) state.elsewhere = elsewhere;
  else delete state.elsewhere;
  return { facts: withCityPart(next, mergeParts(restored, saidNow(state.facts, next))), stashed: old ? namesOf(old) : [] };
}

/** The scope of a comparison: the facts of the state are the current city's, the others' are stashed. */
export function factScope(state: DialogState): FactScope {
  return state.elsewhere ? { city: state.city, elsewhere: state.elsewhere } : { city: state.city };
}

/** The city-scoped facts `next` sets or changes compared with `before` (said in this message: the new city's). */
function saidNow(before: Facts, next: Facts): CityFacts | undefined {
  const b = before as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  let part: Record<string, unknown> | undefined;
  for (const name of CITY_SCOPED_FACTS) if (n[name] !== undefined && n[name] !== b[name]) (part ??= {})[name] = n[name];
  const certs = next.certificates;
  if (certs) {
    const given = certs.map((c, i) => {
      const prev = before.certificates?.[i] as Record<string, unknown> | undefined;
      let field: Record<string, unknown> | null = null;
      for (const f of CITY_SCOPED_CERTIFICATE_FIELDS) {
        const v = (c as Record<string, unknown>)[f];
        if (v !== undefined && v !== prev?.[f]) (field ??= {})[f] = v;
      }
      return field;
    });
    if (given.some((g) => g !== null)) (part ??= {}).certificates = given;
  }
  return part as CityFacts | undefined;
}

function mergeParts(a: CityFacts | undefined, b: CityFacts | undefined): CityFacts | undefined {
  if (!a || !b) return a ?? b;
  const out: CityFacts = { ...a, ...b };
  if (a.certificates || b.certificates) {
    const n = Math.max(a.certificates?.length ?? 0, b.certificates?.length ?? 0);
    out.certificates = Array.from({ length: n }, (_, i) => {
      const x = a.certificates?.[i];
      const y = b.certificates?.[i];
      return x || y ? { ...x, ...y } : null;
    });
  }
  return out;
}

function namesOf(part: CityFacts): string[] {
  const names: string[] = CITY_SCOPED_FACTS.filter((n) => part[n] !== undefined);
  if (part.certificates?.some((c) => c !== null)) names.push('certificates.issuedWhileWorkingInCity');
  return names;
}
