/** Fact paths as the rules key them. */

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const CLOSE = 93; // ]

/**
 * certificates[2].matchesJob → certificates.matchesJob (the key a FactRequest uses): the first `[digits]` removed.
 * Scanned by hand, not with a regular expression: it runs for every missing certificate field of every evaluation.
 */
export function factKey(path: string): string {
  for (let open = path.indexOf('['); open >= 0; open = path.indexOf('[', open + 1)) {
    let end = open + 1;
    while (end < path.length && path.charCodeAt(end) >= DIGIT_0 && path.charCodeAt(end) <= DIGIT_9) end++;
    if (end > open + 1 && path.charCodeAt(end) === CLOSE) return path.slice(0, open) + path.slice(end + 1);
  }
  return path;
}
