/**
 * The dialog evaluation's data (test/dialog-eval/FORMAT.md): conversations and questions, validated at load so a typo
 * in a golden value fails loudly with the file and the path instead of scoring the bot against a wrong expectation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkData, parseYamlText, YamlFileError } from '../../yaml/load-yaml.js';

/** Expected facts: scoring facts plus `city` (a rules id); compared by facts-match.ts. */
const factsSchema = z.record(z.string(), z.unknown());

const figureSchema = z.array(z.array(z.coerce.string()).min(1));

const turnSchema = z
  .object({
    say: z.coerce.string().min(1),
    facts: factsSchema.optional(),
    /** A labelled question: the reply must be an answer and contain each figure (possibly none: `[]`). */
    answer: figureSchema.optional(),
    expectPending: z.string().optional(),
    expectNoFact: z.array(z.string()).optional(),
    exit: z.boolean().optional(),
  })
  .strict();
export type EvalTurn = z.infer<typeof turnSchema>;

const answerSchema = z.object({ say: z.coerce.string().min(1), facts: factsSchema.optional() }).strict();
export type EvalAnswer = z.infer<typeof answerSchema>;

const rangeSchema = z.union([z.number(), z.object({ min: z.number(), max: z.number() }).strict()]);

const expectSchema = z
  .object({
    city: z.string(),
    route: z.enum(['points', 'eligibility', 'benefit']),
    total: rangeSchema.optional(),
    /** Benefit routes: the amount in yuan. */
    amount: rangeSchema.optional(),
    threshold: z.number().optional(),
    status: z.enum(['eligible', 'not_yet', 'unknown']),
  })
  .strict();
export type EvalExpect = z.infer<typeof expectSchema>;
/** The user leaves (a turn with `exit: true`): the last reply must be a polite close, the facts kept. */
const exitedSchema = z.object({ exited: z.literal(true) }).strict();

export const DEFAULT_START = '2026-12-01T10:00:00+08:00';
export const DEFAULT_CONTEXT = '上海 我35岁 高中毕业';

const conversationSchema = z
  .object({
    id: z.string().min(1),
    note: z.string().optional(),
    start: z
      .string()
      .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time with offset')
      .default(DEFAULT_START),
    turns: z.array(turnSchema).min(1),
    answers: z.record(z.string(), answerSchema).default({}),
    otherwise: z.coerce.string().min(1).default('不知道'),
    expect: z.union([expectSchema, exitedSchema]).optional(),
    work: z.string().optional(),
  })
  .strict();
export type EvalConversation = z.infer<typeof conversationSchema>;

const questionSchema = z
  .object({
    id: z.string().min(1),
    q: z.coerce.string().min(1),
    expect: figureSchema,
    notExpect: z.array(z.coerce.string()).default([]),
    source: z.string().optional(),
    /** Given: the figure depends on these facts, and the question is scored mid-form only. Default DEFAULT_CONTEXT. */
    context: z.coerce.string().min(1).optional(),
    /** Facts the question states about the user (they may be recorded); none by default. */
    facts: factsSchema.optional(),
    work: z.string().optional(),
  })
  .strict();
export type EvalQuestion = z.infer<typeof questionSchema>;

const fileSchema = z
  .object({ conversations: z.array(conversationSchema).optional(), questions: z.array(questionSchema).optional() })
  .strict();

export interface EvalPart {
  name: string;
  conversations: EvalConversation[];
  questions: EvalQuestion[];
}

/** Parses one file's text; throws naming the file and the path of every bad value. */
export function parsePartFile(file: string, text: string): { conversations: EvalConversation[]; questions: EvalQuestion[] } {
  const doc = parseYamlText(file, text);
  if (!doc.ok) throw new YamlFileError(doc.problems);
  const checked = checkData(file, doc.data ?? {}, fileSchema);
  if (!checked.ok) throw new YamlFileError(checked.problems);
  return { conversations: checked.data.conversations ?? [], questions: checked.data.questions ?? [] };
}

/** Every `*.yaml` of the folder, in name order; undefined when the folder does not exist. Ids must be unique. */
export function loadPart(name: string, dir: string): EvalPart | undefined {
  if (!existsSync(dir)) return undefined;
  const part: EvalPart = { name, conversations: [], questions: [] };
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  for (const f of files) {
    const parsed = parsePartFile(join(dir, f), readFileSync(join(dir, f), 'utf8'));
    part.conversations.push(...parsed.conversations);
    part.questions.push(...parsed.questions);
  }
  const ids = [...part.conversations.map((c) => c.id), ...part.questions.map((q) => q.id)];
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`${dir}: id "${dup}" is used twice`);
  return part;
}
