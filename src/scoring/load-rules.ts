/** The only file of the scoring folder that does I/O: reads rules/*.yaml and rules/national/*.yaml from disk. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { projectPath } from '../project-root.js';
import { parseRulesFiles, type RuleFileText } from './rules-parse.js';
import type { RulesRegistry } from './types.js';

/**
 * Loads and validates the rule files; throws RulesError naming the file and the path inside it.
 * @example const rules = loadRules(); const shanghai = rules.byId('shanghai');
 */
export function loadRules(rulesDir: string = defaultRulesDir()): RulesRegistry {
  return parseRulesFiles(readRuleFiles(rulesDir));
}

export function readRuleFiles(rulesDir: string): RuleFileText[] {
  const files: RuleFileText[] = [];
  for (const dir of [rulesDir, join(rulesDir, 'national')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const full = join(dir, name);
      files.push({ path: relative(dirname(rulesDir), full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  }
  return files;
}

/** The project's rules/ directory (works from src/ and from dist/). */
export function defaultRulesDir(): string {
  return projectPath('rules');
}
