/**
 * Reading the data files (rules/, dialogs/): YAML checked against a zod schema, every problem on one line in one
 * format, naming the file and the path in it:
 *
 *   rules/testcity.yaml: routes[0].certainty: Invalid option: expected one of "official"|"estimated"
 *   dialogs/lexicon.yaml: line 3, column 7: not valid YAML: …
 *
 * so whoever edits a file finds the value to fix without reading code.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatPath } from '../text/data-path.js';

export type Checked<T> = { ok: true; data: T } | { ok: false; problems: string[] };

/** A data file that is not YAML or does not match its schema; `problems` has one line per problem. */
export class YamlFileError extends Error {
  override readonly name = 'YamlFileError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The YAML document in `text` (named `file` in problems); an empty file is null. */
export function parseYamlText(file: string, text: string): Checked<unknown> {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length === 0) return { ok: true, data: doc.toJS() };
  const problems = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    return `${file}: ${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}not valid YAML: ${e.message.split('\n')[0]}`;
  });
  return { ok: false, problems };
}

/** `data` checked against `schema`, each issue as `<file>: <path>: <message>`. */
export function checkData<S extends z.ZodType>(file: string, data: unknown, schema: S): Checked<z.infer<S>> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${file}: ${formatPath(issue.path) || '(file)'}: ${issue.message}`) };
}

/** YAML text checked against `schema`; throws YamlFileError. */
export function parseYaml<S extends z.ZodType>(file: string, text: string, schema: S): z.infer<S> {
  const doc = parseYamlText(file, text);
  if (!doc.ok) throw new YamlFileError(doc.problems);
  const checked = checkData(file, doc.data, schema);
  if (!checked.ok) throw new YamlFileError(checked.problems);
  return checked.data;
}

/**
 * Reads and checks one data file; throws YamlFileError (or the read error of a missing file).
 * @example const texts = loadYaml('dialogs/ops.yaml', z.object({ slowDown: z.string() }));
 */
export function loadYaml<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  return parseYaml(file, readFileSync(file, 'utf8'), schema);
}
