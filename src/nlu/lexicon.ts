/**
 * The phrase lists of dialogs/lexicon.yaml, validated. Loaded once (the only I/O of this module);
 * understanding a message never touches the disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../project-root.js';
import { z } from 'zod';
import { EDUCATION_LEVELS, TITLE_LEVELS } from '../scoring/facts.js';
import { checkData, parseYamlText } from '../yaml/load-yaml.js';

const phrase = z.string().trim().min(1, 'must not be empty');
const phrases = z.array(phrase);
const option = z.object({ label: phrase, value: phrase });
const intentPhrases = z.object({ exact: phrases.default([]), contains: phrases.default([]) });
const simpleIntent = z.enum([
  'correction',
  'back',
  'restart',
  'skip',
  'help',
  'result',
  'compare',
  'forget',
  'reminders',
  'continue',
  'startOver',
  'faq',
  'greeting',
  'dontKnow',
  'exit',
  'handoff',
]);
const conditionPhrases = z.object({ true: phrases.default([]), false: phrases.default([]) });

export const lexiconSchema = z.object({
  yes: phrases,
  no: phrases,
  fillers: phrases.default([]),
  intents: z.partialRecord(simpleIntent, intentPhrases),
  commands: z.record(z.string().regex(/^[a-z_]+$/, 'must be a lower-case command name'), simpleIntent),
  cancelReminderVerbs: phrases,
  remindPhrases: phrases,
  correctionMarkers: phrases,
  changeVerbs: phrases,
  factWords: z.record(z.string(), phrases),
  questionMarkers: z.object({ strong: phrases, weak: phrases, endParticles: phrases }),
  education: z.partialRecord(z.enum(EDUCATION_LEVELS), phrases),
  bachelor: phrases,
  degreeYes: phrases,
  degreeNo: phrases,
  occupations: z.record(phrase, phrases),
  defaultOccupation: phrase,
  skillLevels: z.array(z.object({ level: z.number().int().min(1).max(5), name: phrase, named: phrases, bare: phrases })),
  specialOperations: z.record(phrase, phrases),
  titles: z.record(z.enum(TITLE_LEVELS), phrases),
  titleFields: z.record(phrase, phrases),
  defaultTitleField: phrase,
  notCertificates: phrases,
  ambiguousCertificates: z.array(z.object({ phrase, question: phrase, options: z.array(option).min(2) })),
  levelWithoutOccupation: z.object({ question: phrase, otherLabel: phrase, otherValue: phrase }),
  bachelorQuestion: z.object({ question: phrase, options: z.array(option).min(2) }),
  cityQuestion: phrase,
  /** Frames in which a one-character city alias stands for the city (src/text/city-mentions.ts). */
  cityShortForm: z.object({ before: phrases, after: phrases }).default({ before: [], after: [] }),
  noCertificates: phrases,
  socialInsurance: phrases,
  noSocialInsurance: phrases,
  certificateNotHeld: phrases,
  factPhrases: z.record(z.string(), z.record(z.string(), phrases)).default({}),
  /** Words that answer one fact's question when said as the whole answer ("最低的" to the base question): fact → value → phrases. */
  answerPhrases: z.record(z.string(), z.record(z.string(), phrases)).default({}),
  otherCities: phrases.default([]),
  /** Provinces and other places a certificate may come from ("在安徽考的"): {elsewhere} in certificateConditions. */
  otherPlaces: phrases.default([]),
  /** Jobs other than the trades of `occupations`, said of now ("现在做保安了"): the current job. */
  otherJobs: phrases.default([]),
  firstPerson: phrases.default([]),
  certificateConditions: z
    .object({ issuedWhileWorkingInCity: conditionPhrases.optional(), matchesJob: conditionPhrases.optional() })
    .default({}),
});
export type Lexicon = z.infer<typeof lexiconSchema>;

export class LexiconError extends Error {
  override name = 'LexiconError';
}

/** Parses and checks lexicon YAML text; throws LexiconError with one line per problem. */
export function parseLexicon(yamlText: string, source = 'lexicon'): Lexicon {
  const doc = parseYamlText(source, yamlText);
  if (!doc.ok) throw new LexiconError(doc.problems.join('\n'));
  const checked = checkData(source, doc.data, lexiconSchema);
  if (!checked.ok) throw new LexiconError(checked.problems.join('\n'));
  return checked.data;
}

/** Reads a lexicon file. */
export function loadLexicon(path: string): Lexicon {
  return parseLexicon(readFileSync(path, 'utf8'), path);
}

let defaultLexicon: Lexicon | undefined;

/** dialogs/lexicon.yaml of this repository, read on first use and kept. */
export function loadDefaultLexicon(): Lexicon {
  if (defaultLexicon) return defaultLexicon;
  // From src/nlu (tsx, vitest) or dist/src/nlu (built): the installation's dialogs/lexicon.yaml.
  const path = projectPath('dialogs', 'lexicon.yaml');
  if (!existsSync(path)) throw new LexiconError(`dialogs/lexicon.yaml not found (looked at ${path})`);
  defaultLexicon = loadLexicon(path);
  return defaultLexicon;
}
