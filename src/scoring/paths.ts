/** Fact paths as the rules key them. */

/** certificates[2].matchesJob → certificates.matchesJob (the key a FactRequest uses). */
export function factKey(path: string): string {
  return path.includes('[') ? path.replace(/\[\d+\]/, '') : path;
}
