/** Every data file reports its problems in one format: `<file>: <path>: <message>`, or the line and column of bad YAML. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadCore } from '../../src/app/core.js';
import { parseYaml, YamlFileError } from '../../src/yaml/load-yaml.js';

const schema = z.object({ items: z.array(z.object({ label: z.string().min(1) })) });

describe('parseYaml', () => {
  it('names the file and the path of each bad value', () => {
    const error = (() => {
      try {
        parseYaml('texts.yaml', 'items:\n  - label: ok\n  - label: ""\n  - {}\n', schema);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(YamlFileError);
    const problems = (error as YamlFileError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^texts\.yaml: items\[1\]\.label: /);
    expect(problems[1]).toMatch(/^texts\.yaml: items\[2\]\.label: /);
  });

  it('names the line and column of text that is not YAML', () => {
    expect(() => parseYaml('texts.yaml', 'items: [a\nb: ]', schema)).toThrow(/^texts\.yaml: line \d+, column \d+: not valid YAML: /);
  });

  it('returns the checked data', () => {
    expect(parseYaml('texts.yaml', 'items:\n  - label: 好\n', schema)).toEqual({ items: [{ label: '好' }] });
  });
});

describe('the dialogs folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jf-yaml-'));
  cpSync('dialogs', dir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['ops.yaml', 'slowDown: ""\n', /ops\.yaml: slowDown: /],
    ['telegram.yaml', 'unsupported: x\n', /telegram\.yaml: commands: /],
    ['wecom.yaml', 'choiceLine: "{n}"\n', /wecom\.yaml: choiceLine: /],
    ['reminders.yaml', 'forget: x\n', /reminders\.yaml: confirm: /],
    ['messages.yaml', 'welcome: [\n', /messages\.yaml: line \d+, column \d+: not valid YAML/],
  ])('a broken %s is refused by loadCore with the file and the path', (file, text, message) => {
    const original = join('dialogs', file);
    cpSync(original, join(dir, file));
    writeFileSync(join(dir, file), text);
    try {
      expect(() => loadCore({ dialogsDir: dir })).toThrow(message);
    } finally {
      cpSync(original, join(dir, file));
    }
  });
});
