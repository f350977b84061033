/**
 * Facts about one city (CITY_SCOPED_FACTS: insurance years there, a local contract, a residence, a certificate
 * obtained while working there …) hold only for the city they were given for. A comparison evaluates every other
 * city without them (unknown there, so its routes list them as missing) unless they were given for that city too.
 */
import { CITY_SCOPED_CERTIFICATE_FIELDS, CITY_SCOPED_FACTS, type Facts } from './facts.js';

/** The city-scoped part of the facts given for one city; certificate fields by certificate index. */
export type CityFacts = Omit<Partial<Facts>, 'certificates'> & {
  certificates?: Array<{ issuedWhileWorkingInCity?: boolean } | null>;
};

/** Whose city-scoped facts are which: those in the facts belong to `city`; `elsewhere` holds other cities'. */
export interface FactScope {
  city: string | undefined;
  elsewhere?: Record<string, CityFacts>;
}

/** The city-scoped facts among `facts`, or undefined when there are none. */
export function cityPart(facts: Facts): CityFacts | undefined {
  let part: CityFacts | undefined;
  const record = facts as Record<string, unknown>;
  for (const name of CITY_SCOPED_FACTS) {
    if (record[name] !== undefined) (part ??= {} as Record<string, unknown>)[name] = record[name];
  }
  const certs = facts.certificates;
  if (certs?.some(hasScopedField)) {
    (part ??= {}).certificates = certs.map((c) => (hasScopedField(c) ? { issuedWhileWorkingInCity: c.issuedWhileWorkingInCity } : null));
  }
  return part;
}

function hasScopedField(c: object): boolean {
  for (const field of CITY_SCOPED_CERTIFICATE_FIELDS) if ((c as Record<string, unknown>)[field] !== undefined) return true;
  return false;
}

/** `facts` with the city-scoped facts of `part` instead of its own (none when `part` is undefined). */
export function withCityPart(facts: Facts, part: CityFacts | undefined): Facts {
  const out = { ...facts } as Record<string, unknown>;
  for (const name of CITY_SCOPED_FACTS) delete out[name];
  if (part) for (const name of CITY_SCOPED_FACTS) if (part[name] !== undefined) out[name] = part[name];
  if (facts.certificates) {
    out.certificates = facts.certificates.map((c, i) => {
      const copy = { ...c } as Record<string, unknown>;
      for (const field of CITY_SCOPED_CERTIFICATE_FIELDS) delete copy[field];
      const given = part?.certificates?.[i];
      if (given) for (const field of CITY_SCOPED_CERTIFICATE_FIELDS) if (given[field] !== undefined) copy[field] = given[field];
      return copy;
    });
  }
  return out as Facts;
}

/** The facts to evaluate `cityId` with: as they are for the scope's city, else with that city's own scoped facts. */
export function factsForCity(facts: Facts, scope: FactScope, cityId: string): Facts {
  if (cityId === scope.city) return facts;
  return withCityPart(facts, scope.elsewhere?.[cityId]);
}
