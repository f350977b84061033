/** The homophone table of dialogs/spelling.yaml, computed with pinyin-pro (used by the build script and its test). */
import { readFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';
import { parse } from 'yaml';
import { projectPath } from '../src/project-root.js';

export const SPELLING_TABLE_PATH = projectPath('dialogs', 'spelling-homophones.json');

function readings(ch: string): string[] {
  return pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }).filter((r) => /^[a-zü]+$/u.test(r));
}

/** { 审: "申婶甚…" }: for each character of the repair words, the characters that sound like it, in code order. */
export function homophoneTable(): Record<string, string> {
  const spelling = parse(readFileSync(projectPath('dialogs', 'spelling.yaml'), 'utf8')) as { words: string[] };
  const targets = [...new Set(spelling.words.join(''))].sort();
  const wanted = new Map<string, Set<string>>();
  for (const ch of targets) for (const r of readings(ch)) wanted.set(r, (wanted.get(r) ?? new Set()).add(ch));
  const table: Record<string, string> = Object.fromEntries(targets.map((t) => [t, '']));
  for (let code = 0x4e00; code <= 0x9fa5; code++) {
    const ch = String.fromCharCode(code);
    const hit = new Set<string>();
    for (const r of readings(ch)) for (const t of wanted.get(r) ?? []) hit.add(t);
    for (const t of hit) if (t !== ch) table[t] += ch;
  }
  return table;
}
