/**
 * Expected facts against the facts the bot holds. Certificates are compared as a set by what identifies them (kind,
 * occupation, level / titleLevel); any other certificate field the expectation lists must match too. Pure.
 */

export type FactMap = Record<string, unknown>;

/** What identifies a certificate in the comparison. */
function certIdentity(c: FactMap): string {
  return `${c.kind}|${c.occupation}|${c.level ?? ''}|${c.titleLevel ?? ''}`;
}

function asCerts(v: unknown): FactMap[] {
  return Array.isArray(v) ? v.filter((c): c is FactMap => typeof c === 'object' && c !== null) : [];
}

/** The certificate lists agree: the same set of identities, and every field listed in `expected` has that value. */
export function certificatesMatch(expected: unknown, held: unknown): boolean {
  const want = asCerts(expected);
  const have = asCerts(held);
  if (held !== undefined && !Array.isArray(held)) return false;
  const haveById = new Map(have.map((c) => [certIdentity(c), c]));
  if (new Set(want.map(certIdentity)).size !== haveById.size || want.length !== have.length) return false;
  for (const w of want) {
    const h = haveById.get(certIdentity(w));
    if (!h) return false;
    for (const [k, v] of Object.entries(w)) if (h[k] !== v) return false;
  }
  return true;
}

export function valueMatches(key: string, expected: unknown, held: unknown): boolean {
  if (key === 'certificates') return held !== undefined && certificatesMatch(expected, held);
  return JSON.stringify(expected) === JSON.stringify(held);
}

export interface FactMismatch {
  key: string;
  expected: unknown;
  held: unknown;
}

export interface TurnFacts {
  /** The expectation before the turn and the facts held then. */
  expectedBefore: FactMap;
  heldBefore: FactMap;
  /** What the turn states (its `facts`). */
  stated: FactMap | undefined;
  heldAfter: FactMap;
  /** Keys not compared (a city the rules do not cover cannot be held). */
  skip?: Set<string>;
  /** Keys that must be absent after the turn. */
  noFact?: string[];
}

/**
 * What one turn got wrong: a fact it states that is not held with that value, or an earlier fact that was held right
 * before the turn and is lost or changed now without the turn restating it. A fact the bot missed earlier is that
 * earlier turn's error, not this one's.
 */
export function turnMismatches(t: TurnFacts): FactMismatch[] {
  const expected = carry(t.expectedBefore, t.stated);
  const out: FactMismatch[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (t.skip?.has(key)) continue;
    const stated = t.stated !== undefined && key in t.stated;
    const heldRightBefore = valueMatches(key, t.expectedBefore[key], t.heldBefore[key]);
    if (!stated && !heldRightBefore) continue;
    if (!valueMatches(key, value, t.heldAfter[key])) out.push({ key, expected: value, held: t.heldAfter[key] });
  }
  for (const key of t.noFact ?? []) if (t.heldAfter[key] !== undefined) out.push({ key, expected: undefined, held: t.heldAfter[key] });
  return out;
}

/** Keys held now that were not held before, or hold another value (for "the question stored nothing"). */
export function changedFacts(before: FactMap, after: FactMap, allowed: FactMap = {}): FactMismatch[] {
  const out: FactMismatch[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const a = after[key];
    if (valueMatches(key, before[key], a) || (before[key] === undefined && a === undefined)) continue;
    if (key in allowed && valueMatches(key, allowed[key], a)) continue;
    out.push({ key, expected: before[key], held: a });
  }
  return out;
}

/** The expectation after a turn: the earlier one with the turn's keys replaced (a certificate list replaces the list). */
export function carry(expected: FactMap, stated: FactMap | undefined): FactMap {
  return stated ? { ...expected, ...stated } : expected;
}
