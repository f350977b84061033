/** Which facts a city's rules read, so the chat asks only for those, and only those still unknown. */
import type { Facts } from './facts.js';
import type { CityRules, FactRequest } from './types.js';

/** The facts the city's routes (and the next-certificate recommendation) use, core first, in asking order. */
export function neededFacts(city: CityRules): FactRequest[] {
  return city.neededFacts;
}

/**
 * The needed facts still unknown. A certificate detail (certificates.matchesJob …) is unknown when some certificate
 * it applies to lacks it: issuedOn for every certificate, the others for skill certificates and titles.
 */
export function missingFacts(facts: Facts, city: CityRules): FactRequest[] {
  return city.neededFacts.filter((request) => {
    const [top, detail] = request.fact.split('.') as [string, string | undefined];
    if (detail === undefined) return (facts as Record<string, unknown>)[top] === undefined;
    const certs = facts.certificates;
    if (certs === undefined) return false; // asked with the certificates themselves
    return certs.some((cert) => {
      if (detail === 'lastReviewOn') return cert.kind === 'special_operation' && cert.lastReviewOn === undefined;
      if (detail !== 'issuedOn' && cert.kind === 'special_operation') return false;
      return (cert as Record<string, unknown>)[detail] === undefined;
    });
  });
}
