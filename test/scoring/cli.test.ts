/** The CLI contract, run as a real child process: JSON out, exit 2 with one line per bad field. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every city file in rules/: the comparison must cover each one. */
const cityIds = readdirSync(new URL('../../rules/', import.meta.url))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

function score(args: string[], stdin: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/score.ts', ...args], {
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('score CLI', () => {
  it('prints the evaluation as JSON', () => {
    // age 32 → 30; 本科+学位 90; 5 × 3 = 15 → 135
    const r = score(
      ['--city', 'shanghai', '--today', '2025-06-01'],
      JSON.stringify({ age: 32, education: 'bachelor_degree', socialInsuranceYears: 5, certificates: [] }),
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.city.id).toBe('shanghai');
    expect(out.routes[0]).toMatchObject({
      id: 'residence-points',
      kind: 'points',
      status: 'eligible',
      eligible: true,
      total: { min: 135, max: 135 },
      threshold: 120,
    });
    expect(Array.isArray(out.next)).toBe(true);
  });

  it('--all compares every city in rules/, ranked', () => {
    const r = score(['--all', '--today', '2025-06-01'], JSON.stringify({ stableResidence: true, stableEmployment: true }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { cities: Array<{ rank: number; closeness: number; city: { id: string } }> };
    expect(out.cities.map((c) => c.city.id).sort()).toEqual(cityIds);
    expect(out.cities.map((c) => c.rank)).toEqual(cityIds.map((_, i) => i + 1));
    // open settlement with residence and job: Quanzhou and Xuchang are eligible → closeness 1, ranked first
    const top = out.cities.filter((c) => c.closeness === 1).map((c) => c.city.id);
    expect(top).toEqual(expect.arrayContaining(['quanzhou', 'xuchang']));
    expect(out.cities.slice(0, top.length).every((c) => c.closeness === 1)).toBe(true);
  });

  it('bad facts: exit 2 and one line per bad field', () => {
    const r = score(
      ['--city', 'shanghai', '--today', '2025-06-01'],
      JSON.stringify({ age: 200, certificates: [{ kind: 'skill', occupation: '电工', level: 1, issuedOn: '2030-01-01' }] }),
    );
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n').sort()).toEqual([
      'age: must be at most 80 (got 200)',
      'certificates[0].issuedOn: must not be after today (2025-06-01) (got "2030-01-01")',
    ]);
  });

  it('unknown city or broken JSON: exit 2 with a clear message', () => {
    const city = score(['--city', 'atlantis'], '{}');
    expect(city.code).toBe(2);
    expect(city.err).toContain(`known: ${cityIds.join(', ')}`);
    const json = score(['--city', 'shanghai'], '{age: 3');
    expect(json.code).toBe(2);
    expect(json.err).toContain('not valid JSON');
  });
});
