/** npm run rules:check on a directory with a broken new city: exit 1, each problem named by file and path. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rulesCheck(rulesDir: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/rules-check.ts', rulesDir], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('rules:check', () => {
  it('refuses a broken city file, naming the file and each path', () => {
    const rules = join(dir, 'rules');
    cpSync(new URL('../../rules/', import.meta.url), rules, { recursive: true });
    cpSync(new URL('./fixtures/broken-city.yaml', import.meta.url), join(rules, 'brokencity.yaml'));
    const r = rulesCheck(rules);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^rules\/brokencity\.yaml: routes\[0\]\.requires/));
    expect(lines).toContainEqual(expect.stringMatching(/^rules\/brokencity\.yaml: routes\[1\].*threshold or a ranking/));
    expect(lines.every((line) => line.startsWith('rules/brokencity.yaml: '))).toBe(true);
  });

  it('accepts the project rules: one line per city', () => {
    const r = rulesCheck(join(process.cwd(), 'rules'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: \d+ cities$/m);
    expect(r.out).toContain('tianjin\t天津');
  });
});
