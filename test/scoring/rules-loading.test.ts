/** Loading the rule files: the real ones pass; a broken file is rejected naming the file and the path inside it. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { neededFacts, missingFacts, parseRulesFiles, RulesError } from '../../src/scoring/index.js';
import { defaultRulesDir, readRuleFiles } from '../../src/scoring/load-rules.js';
import { rules } from './helpers.js';

const national = readRuleFiles(defaultRulesDir()).filter((f) => f.path.includes('national/'));

function cityFile(body: string, name = 'testcity') {
  return { path: `rules/${name}.yaml`, text: body };
}
const VALID = `id: testcity
name: 测试市
aliases: [测试]
sources: { s: { title: test, confidence: seed } }
routes:
  - id: open
    kind: eligibility
    name: 测试落户
    certainty: estimated
    source: s
    requires: { fact: stableResidence, is: true }
`;

function problems(files: Array<{ path: string; text: string }>): string[] {
  try {
    parseRulesFiles(files);
  } catch (e) {
    if (e instanceof RulesError) return e.problems;
    throw e;
  }
  throw new Error('expected a RulesError');
}

describe('rule files', () => {
  it('every city file loads, with aliases for city recognition', () => {
    expect(rules.cities.map((c) => c.id)).toEqual(
      expect.arrayContaining(['fuling', 'fuzhou', 'quanzhou', 'shanghai', 'xiamen', 'xuchang']),
    );
    expect(rules.cities.map((c) => c.id).sort()).toEqual(
      readdirSync(defaultRulesDir())
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => f.replace(/\.yaml$/, ''))
        .sort(),
    );
    expect(rules.byId('shanghai')!.aliases).toEqual(expect.arrayContaining(['沪', '魔都', '上海市', 'shanghai']));
    expect(rules.national.specialOperation.validityYears).toBe(6);
    expect(rules.national.canonicalOccupation('维修电工')).toBe('电工');
  });

  it('a seventh city is a YAML file only', () => {
    const registry = parseRulesFiles([...national, cityFile(VALID)]);
    expect(registry.byId('testcity')!.routes).toHaveLength(1);
  });

  it('a wrong type names the file and the path', () => {
    const bad = VALID.replace('certainty: estimated', 'certainty: sure');
    expect(problems([...national, cityFile(bad)]).join('\n')).toMatch(/^rules\/testcity\.yaml: routes\[0\]\.certainty: /m);
  });

  it('points that are not a number are named by path', () => {
    const bad = VALID.replace(
      /routes:[\s\S]*$/,
      `routes:
  - id: p
    kind: points
    name: 积分
    certainty: estimated
    source: s
    indicators:
      - { id: a, type: flag, label: 甲, fact: shortageMajor, points: lots }
`,
    );
    expect(problems([...national, cityFile(bad)])).toContainEqual(
      expect.stringContaining('rules/testcity.yaml: routes[0].indicators[0].points: expected a number or {min, max}'),
    );
  });

  it('unknown facts, sources and enum values are caught', () => {
    const bad = VALID.replace('source: s\n', 'source: nowhere\n').replace('fact: stableResidence, is: true', 'fact: education, is: phd');
    const p = problems([...national, cityFile(bad)]).join('\n');
    expect(p).toContain('routes[0].source: unknown source "nowhere"');
    expect(p).toContain('routes[0].requires.is: "phd" is not a value of education');
  });

  it('YAML syntax errors give the line; the id must match the file name', () => {
    expect(problems([...national, cityFile('id: [unclosed')])[0]).toMatch(/^rules\/testcity\.yaml: line \d+/);
    expect(problems([...national, cityFile(VALID, 'other')])).toContainEqual(
      expect.stringContaining('id: must equal the file name "other"'),
    );
  });

  it('an alias used by two cities is refused', () => {
    const twin = VALID.replace('id: testcity', 'id: twin').replace('name: 测试市', 'name: 双胞胎');
    expect(problems([...national, cityFile(VALID), cityFile(twin, 'twin')]).join()).toContain('"测试" is also used by');
  });

  it('neededFacts: Shanghai asks core facts first; missingFacts drops the ones known', () => {
    const sh = rules.byId('shanghai')!;
    const needed = neededFacts(sh);
    expect(needed.slice(0, 6).map((r) => r.fact)).toEqual([
      'age',
      'education',
      'certificates',
      'certificates.issuedWhileWorkingInCity',
      'certificates.matchesJob',
      'socialInsuranceYears',
    ]);
    expect(needed.find((r) => r.fact === 'seriousCrime')!.importance).toBe('optional');
    const missing = missingFacts({ age: 30, certificates: [{ kind: 'skill', occupation: '电工', level: 4, matchesJob: true }] }, sh).map(
      (r) => r.fact,
    );
    expect(missing).not.toContain('age');
    expect(missing).not.toContain('certificates.matchesJob');
    expect(missing).toContain('certificates.issuedWhileWorkingInCity');
    expect(missing).toContain('education');
  });
});
