/** Reads the knowledge base from YAML files; every problem is reported with its file and path. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectPath } from '../project-root.js';
import { checkData, parseYamlText } from '../yaml/load-yaml.js';
import { loadDefaultLexicon } from '../nlu/index.js';
import { loadRules } from '../scoring/index.js';
import type { NamedCity } from '../text/city-mentions.js';
import { faqFileSchemaFor, faqRepliesSchema, type FaqEntry, type FaqReplies } from './entry.js';
import { Places } from './places.js';

export const DEFAULT_FAQ_DIR = projectPath('dialogs', 'faq');

const outOfScopeSchema = z.object({ questions: z.array(z.coerce.string().min(2)).min(1) });

/** A knowledge-base file is missing, is not YAML, or does not match the entry schema. */
export class FaqLoadError extends Error {
  override name = 'FaqLoadError';
}

function parseFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FaqLoadError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const doc = parseYamlText(file, text);
  if (!doc.ok) throw new FaqLoadError(doc.problems.join('\n'));
  const checked = checkData(file, doc.data, schema);
  if (!checked.ok) throw new FaqLoadError(checked.problems.join('\n'));
  return checked.data;
}

/**
 * Loads every `*.yaml` entry file of `dir` (files starting with `_` hold fixed texts, not entries).
 * Ids must be unique across files; a scope may name only cities in `cityIds` (those with a rules file).
 * @example const entries = loadFaq(); // dialogs/faq
 */
export function loadFaq(dir: string = DEFAULT_FAQ_DIR, cityIds: ReadonlySet<string> = defaultPlaces().cityIds): FaqEntry[] {
  const fileSchema = faqFileSchemaFor(cityIds);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .sort();
  if (files.length === 0) throw new FaqLoadError(`${dir}: no FAQ entry files (*.yaml)`);
  const entries: FaqEntry[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = join(dir, name);
    parseFile(file, fileSchema).entries.forEach((entry, i) => {
      const first = seen.get(entry.id);
      if (first) throw new FaqLoadError(`${file}: entries[${i}].id: duplicate id "${entry.id}" (first in ${first})`);
      seen.set(entry.id, file);
      entries.push(entry);
    });
  }
  return entries;
}

/** The everyday questions of `<dir>/_out-of-scope.yaml`, the out-of-scope side of the domain classifier (domain.ts). */
export function loadOutOfScope(dir: string = DEFAULT_FAQ_DIR): string[] {
  return parseFile(join(dir, '_out-of-scope.yaml'), outOfScopeSchema).questions;
}

/** Loads the fixed texts from `<dir>/_replies.yaml`. */
export function loadFaqReplies(dir: string = DEFAULT_FAQ_DIR): FaqReplies {
  return parseFile(join(dir, '_replies.yaml'), faqRepliesSchema);
}

/**
 * The places the FAQ tells apart: `cities` (id, name, aliases — the rules files'), with the lexicon's frames for
 * one-character aliases (在京, 来穗).
 */
export function faqPlaces(cities: readonly NamedCity[], lexicon = loadDefaultLexicon()): Places {
  return new Places(cities, lexicon.cityShortForm);
}

let bundled: Places | undefined;
/** The places of the bundled rules/, read once (for the evaluation CLI, the benchmarks and tests). */
export function defaultPlaces(): Places {
  bundled ??= faqPlaces(loadRules().cities);
  return bundled;
}
