import type { Facts } from '../scoring/facts.js';

/** Facts the scoring engine accepts: certificates still waiting for their level are left out until it is known. */
export function scorable(facts: Facts): Facts {
  if (!facts.certificates?.some(incomplete)) return facts;
  return { ...facts, certificates: facts.certificates.filter((c) => !incomplete(c)) };
}

// A module function rather than a closure made per call: scorable() runs on most turns, nearly always finding nothing.
function incomplete(c: NonNullable<Facts['certificates']>[number]): boolean {
  return (c.kind === 'skill' && c.level === undefined) || (c.kind === 'title' && !c.titleLevel);
}
