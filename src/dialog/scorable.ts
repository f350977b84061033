import type { Facts } from '../scoring/facts.js';

/** Facts the scoring engine accepts: certificates still waiting for their level are left out until it is known. */
export function scorable(facts: Facts): Facts {
  const incomplete = (c: NonNullable<Facts['certificates']>[number]) => (c.kind === 'skill' && c.level === undefined) || (c.kind === 'title' && !c.titleLevel);
  if (!facts.certificates?.some(incomplete)) return facts;
  return { ...facts, certificates: facts.certificates.filter((c) => !incomplete(c)) };
}
