/**
 * Global setup of the reliability suite's summary: gives every test file a folder for its tallies, and at the very
 * end of the run prints `case | run | passed | lost | duplicated` (in the normal `npm test` output).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { CaseTally } from './support/summary.js';

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilitySummaryDir: string;
  }
}

export function summaryTable(rows: CaseTally[]): string {
  const header = ['case', 'run', 'passed', 'lost', 'duplicated', 'unit'];
  const body = rows.map((r) => [r.case, String(r.run), String(r.passed), String(r.lost), String(r.duplicated), r.unit]);
  const sum = (pick: (r: CaseTally) => number) => String(rows.reduce((n, r) => n + pick(r), 0));
  const clean = rows.filter((r) => r.passed === r.run && r.lost === 0 && r.duplicated === 0).length;
  const total = [
    `TOTAL (${clean}/${rows.length} cases clean)`,
    sum((r) => r.run),
    sum((r) => r.passed),
    sum((r) => r.lost),
    sum((r) => r.duplicated),
    '',
  ];
  const all = [header, ...body, total];
  const widths = header.map((_, i) => Math.max(...all.map((row) => width(row[i]!))));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...body.map(line), rule, line(total)].join('\n');
}

/** Terminal columns: CJK and full-width characters take two. */
function width(text: string): number {
  let n = 0;
  for (const ch of text)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-reliability-'));
  project.provide('reliabilitySummaryDir', dir);
  return () => {
    const rows = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CaseTally & { at: number })
      .sort((a, b) => a.at - b.at);
    rmSync(dir, { recursive: true, force: true });
    if (rows.length === 0) return;
    process.stdout.write(`\nReliability and security suite (test/reliability):\n${summaryTable(rows)}\n\n`);
  };
}
