/**
 * The intake dialog as data: `dialogs/intake.yaml` (one entry per askable fact) and `dialogs/messages.yaml`
 * (every other text the user reads). Both are validated here, once, when the bot starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectPath } from '../project-root.js';
import { checkData, parseYamlText } from '../yaml/load-yaml.js';
import { CARD_TEXT_KEYS } from './result-card.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const choiceSchema = z.object({
  label: z.string().min(1),
  /** Written to the fact the question covers (or, for a group question, only a name for the choice). */
  value: scalar,
  /** Facts this choice sets, for choices that fill more than the question's own fact. */
  sets: z.record(z.string(), z.unknown()).optional(),
});
export type SpecChoice = z.infer<typeof choiceSchema>;

const questionSchema = z
  .object({
    /** The question key: a fact name ("age"), a certificate field ("certificates.issuedOn"), or a group name. */
    id: z.string().min(1),
    /** Short noun used in confirmations and errors: "年龄". */
    label: z.string().min(1),
    /** Top-level facts this question fills (default: [id] for plain facts). */
    covers: z.array(z.string()).optional(),
    /** For certificate sub-questions: the certificate field asked, per certificate of these kinds. */
    field: z.string().optional(),
    forKinds: z.array(z.enum(['skill', 'special_operation', 'title'])).optional(),
    /** Asked whenever the rules need this other fact (e.g. the level of a skill certificate with "certificates"). */
    with: z.string().optional(),
    /** Group members asked on their own only after the group question was answered. */
    after: z.string().optional(),
    prompt: z.string().min(1),
    reprompt: z.string().min(1),
    examples: z.array(z.string()).default([]),
    /** One line on why the rules need this fact, said when the user does not know it. */
    why: z.string().min(1).optional(),
    choices: z.array(choiceSchema).default([]),
    /** The user may type several choice numbers at once ("1 3"). */
    multi: z.boolean().default(false),
    /** Facts the group question sets for every member not chosen (the "nothing of this" values). */
    none: z.record(z.string(), z.unknown()).optional(),
    optional: z.boolean().default(false),
    /** Unit shown after a number in confirmations: "岁", "年". */
    unit: z.string().optional(),
    /** Asked only when these facts hold these values (a diploma's major only for those with a diploma). */
    askIf: z.record(z.string(), z.array(scalar).min(1)).optional(),
  })
  .refine((q) => !q.field || (q.forKinds && q.forKinds.length > 0), { message: 'a certificate field question needs forKinds' });
export type Question = z.infer<typeof questionSchema>;

const intakeSchema = z.object({
  questions: z.array(questionSchema).min(1),
  /** The most asked FAQ questions, offered by the 证书问答 menu (`faq` command): the FAQ entry id and a short label. */
  faqMenu: z
    .array(z.object({ id: z.string().min(1), label: z.string().min(1) }))
    .min(1)
    .max(8),
  /**
   * The city question's buttons: every city while there are at most `allUpTo`; beyond that the `featured` ones (rule
   * ids, in this order; ids without a rules file are left out) and a last button for the others, which lists them all.
   */
  cityButtons: z
    .object({
      featured: z.array(z.string().min(1)).max(8).default([]),
      allUpTo: z.number().int().min(1).max(12).default(8),
      otherLabel: z.string().min(1).max(30).default('其他城市'),
    })
    .default({ featured: [], allUpTo: 8, otherLabel: '其他城市' }),
});
export type CityButtons = z.infer<typeof intakeSchema>['cityButtons'];

const messagesSchema = z.record(z.string(), z.string().min(1));

export interface DialogSpec {
  questions: Question[];
  byId: Map<string, Question>;
  /** Top-level fact → the question that asks it on its own. */
  byFact: Map<string, Question>;
  messages: Messages;
  faqMenu: Array<{ id: string; label: string }>;
  cityButtons: CityButtons;
}

/** Message keys the engine uses; a missing one is a load-time error, not a blank reply. */
export const MESSAGE_KEYS = [
  'welcome',
  'help',
  'restarted',
  'forgotten',
  'handoff',
  'resumeOffer',
  'resumed',
  'continueChoice',
  'startOverChoice',
  'backNothing',
  'skipped',
  'cannotSkip',
  'noted',
  'updated',
  'tooLong',
  'empty',
  'notUnderstood',
  'giveUpPartial',
  'choicesHint',
  'multiHint',
  'skipChoice',
  'exampleLead',
  'faqStub',
  'faqUnsure',
  'faqOutOfScope',
  'resultTitle',
  'resultTotal',
  'resultGap',
  'resultReached',
  'resultReachedOn',
  'resultNeverReached',
  'resultEstimateNote',
  'resultMissing',
  'resultNoCity',
  'estimatedMark',
  'routeLine',
  'nextCertificate',
  'nextCanSitNow',
  'nextEarliest',
  'nextUnknownDate',
  'nextReaches',
  'nextRemaining',
  'nextNone',
  'compareTitle',
  'compareChoice',
  'remindChoice',
  'restartChoice',
  'remindersSoon',
  ...CARD_TEXT_KEYS.map((k) => `card.${k}` as const),
  'status.eligible',
  'status.not_yet',
  'status.unknown',
  'cityChanged',
  'invalid.default',
  'keptOld',
  'doneHint',
  'amountLine',
  'yes',
  'no',
  'nothing',
  'thisCity',
  'ambiguity.default',
  'nextCertificateNoGain',
  'giveUpNoCity',
  'faqMenu',
  'supplementCommand',
  'supplementNothing',
  'resultMissingOptional',
  'nextAlreadyReached',
  'nextValueGain',
  'nextValueAmount',
  'nextValueRoute',
  'nextValueNone',
  'resultEstimates',
  'estimatedRoute',
  'amountEstimatedLine',
  'amountUnknown',
  'supplementaryPointsLine',
  'supplementaryPointsItem',
  'supplementaryPointsNone',
  'noteMark',
  'noteLine',
  'itemNoteLine',
  'status.unconfirmed',
  'nextValueEstimatedAmount',
  'nextAlreadyReachedShort',
  'resultTotalNoThreshold',
  'resultNotBeforeAge',
  'resultLosingWithAge',
  'ageLimit.route_age_limit',
  'ageLimit.retirement_age',
  'cityChangedScoped',
  'comparePoints',
  'compareNoThreshold',
  'compareScopedMissing',
  'nextStep',
  'noCertificateNeeded',
  'benefitsLine',
  'benefitItem',
  'otherItems',
  'missingFacts',
  'detailsHint',
  'detailsChoice',
  'detailsCommand',
  'detailsTitle',
  'candidateLine',
  'candidateConditional',
  'sourcesTitle',
  'sourceLine',
  'permitFromIssue',
  'permitFromLastReview',
  'permitDates',
  'permitExtended',
  'permit.ok',
  'permit.apply_now',
  'permit.review_overdue',
  'permit.expired',
  'nextReachesIf',
  'otherCities',
  'countedAs',
] as const;
/** A message the engine reads by name; each is checked present when the spec loads. */
export type MessageKey = (typeof MESSAGE_KEYS)[number];
/** The messages: every MessageKey, and the optional ones read by a built name (`ambiguity.<question>`, `invalid.<code>`). */
export type Messages = Record<MessageKey, string> & Record<string, string>;

const defaultDir = projectPath('dialogs');

export class DialogSpecError extends Error {
  override readonly name = 'DialogSpecError';
  constructor(readonly problems: string[]) {
    super(`Invalid dialog spec:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Builds a spec from already-parsed YAML documents (tests use this with inline data). */
export function buildDialogSpec(intake: unknown, messages: unknown): DialogSpec {
  const problems: string[] = [];
  const i = checkData('intake.yaml', intake, intakeSchema);
  if (!i.ok) problems.push(...i.problems);
  const m = checkData('messages.yaml', messages, messagesSchema);
  if (!m.ok) problems.push(...m.problems);
  if (!i.ok || !m.ok) throw new DialogSpecError(problems);
  for (const key of MESSAGE_KEYS) if (!(key in m.data)) problems.push(`messages.yaml: missing "${key}"`);
  const byId = new Map<string, Question>();
  const byFact = new Map<string, Question>();
  for (const q of i.data.questions) {
    if (byId.has(q.id)) problems.push(`intake.yaml: question "${q.id}" is declared twice`);
    byId.set(q.id, q);
    if (!q.field && !q.multi) for (const fact of q.covers ?? [q.id]) if (!byFact.has(fact)) byFact.set(fact, q);
  }
  for (const q of i.data.questions)
    if (q.after && !byId.has(q.after)) problems.push(`intake.yaml: "${q.id}" comes after unknown "${q.after}"`);
  if (problems.length) throw new DialogSpecError(problems);
  // Every MessageKey was checked present above.
  return {
    questions: i.data.questions,
    byId,
    byFact,
    messages: m.data as Messages,
    faqMenu: i.data.faqMenu,
    cityButtons: i.data.cityButtons,
  };
}

/** Reads and validates `dialogs/intake.yaml` and `dialogs/messages.yaml`. */
export function loadDialogSpec(dir: string = defaultDir): DialogSpec {
  const read = (name: string): unknown => {
    const doc = parseYamlText(name, readFileSync(join(dir, name), 'utf8'));
    if (!doc.ok) throw new DialogSpecError(doc.problems);
    return doc.data;
  };
  return buildDialogSpec(read('intake.yaml'), read('messages.yaml'));
}

/** The facts a question fills: its `covers`, or the fact named by its id. */
export function coveredFacts(q: Question): string[] {
  return q.covers ?? (q.field ? [] : [q.id]);
}

export { fill } from '../text/template.js';
