/**
 * The shape of one FAQ entry as written in `dialogs/faq/*.yaml`, validated at load so a typo in the knowledge base
 * fails loudly with the file and the path of the bad value instead of producing a wrong answer.
 */
import { z } from 'zod';

/**
 * A folded YAML answer (`>-`) joins its lines with a space; between two Chinese characters or punctuation marks that
 * space is a gap the reader sees, so it goes. Latin words and numbers keep theirs.
 */
function unfoldChinese(text: string): string {
  return text.replace(/(?<=[\p{Script=Han}\p{P}])\s+(?=[\p{Script=Han}\p{P}])/gu, '');
}

/** Variables a personalised answer may use; each is computed from the session's facts by `personalise.ts`. */
export const PERSONAL_VARIABLES = [
  'issuedOn', // issue date of the special-operation permit used
  'lastReviewOn', // its last 复审, or the issue date when none is known
  'nextReviewDate', // next 复审 due date (every 3 years)
  'reviewApplyFrom', // first day of the 60-day application window before it
  'expiryDate', // end of the 6-year validity counted from the issue date
  'skillLevelName', // the highest skill level held, e.g. 四级/中级工
] as const;
export type PersonalVariable = (typeof PERSONAL_VARIABLES)[number];

/**
 * Figures of the user's own case, for entries about one city: a fact as said (`age`), an item of the user's own
 * breakdown in that city (`points:age`, by the rule file's indicator id), the main points route's `total`, `threshold`
 * and `gap`, the next certificate the engine ranks first and the earliest date to sit for it (own-figures.ts lists
 * them all); `{answer}` is the entry's general answer, for a personal line said before it. Computed by `own-figures.ts` only when the session's city is the entry's.
 */
const OWN_VARIABLE =
  /^(answer|age|socialInsuranceYears|occupationYears|total|threshold|gap|breakdown|amount|nextCertificate|nextSitDate|certificatePoints|city|points:[a-z0-9-]+|sit(Date|Now):[1-5])$/;
const variableSchema = z.union([z.enum(PERSONAL_VARIABLES), z.string().regex(OWN_VARIABLE, 'is not a personal variable')]);
/** `{name}` in a template: a personal variable's place. */
export const TEMPLATE_VARIABLE = /\{([\w:-]+)\}/g;

const choiceSchema = z.object({
  label: z.string().min(1, 'must not be empty').max(30, 'is too long for a button'),
  value: z
    .string()
    .min(1, 'must not be empty')
    .refine((v) => Buffer.byteLength(v, 'utf8') <= 64, 'must be at most 64 bytes (Telegram callback_data)'),
});

/**
 * What an entry is specifically about, so the matcher can demote it when a question names something else
 * (see facets.ts). Leave a dimension out when the entry holds for every value of it.
 */
const scopeSchemaFor = (cityIds?: ReadonlySet<string>) =>
  z.object({
    /** Skill levels the answer is about: 5 = 五级/初级工 … 1 = 一级/高级技师. */
    levels: z.array(z.number().int().min(1).max(5)).min(1).optional(),
    /** Rules ids: a city with a rules file (rules/<id>.yaml), so adding a city needs no code here. */
    cities: z
      .array(
        z.string().superRefine((id, ctx) => {
          if (cityIds && !cityIds.has(id)) ctx.addIssue({ code: 'custom', message: `"${id}" has no rules file (rules/${id}.yaml)` });
        }),
      )
      .min(1)
      .optional(),
    certificate: z.enum(['special_operation', 'skill']).optional(),
  });
export type FaqScope = z.infer<ReturnType<typeof scopeSchemaFor>>;

const personalSchema = z
  .object({
    needs: z.array(variableSchema).min(1),
    template: z.string().min(2).transform(unfoldChinese),
    /** Said after the general answer when the facts do not give every variable: which fact would make it personal. */
    ask: z.string().min(2).optional(),
  })
  .refine((p) => [...p.template.matchAll(TEMPLATE_VARIABLE)].every((m) => (p.needs as string[]).includes(m[1]!)), {
    message: 'template uses a {variable} not listed in needs',
  });

const entrySchemaFor = (cityIds?: ReadonlySet<string>) =>
  z.object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case ascii'),
    question: z.string().min(2, 'must not be empty'),
    answer: z.string().min(2, 'must not be empty').max(400, 'must stay short (at most 400 characters)').transform(unfoldChinese),
    /** Policy / seed sections and URLs the answer rests on. */
    source: z.array(z.string().min(3)).min(1, 'must cite at least one source'),
    status: z.enum(['official', 'estimated']),
    examples: z.array(z.string().min(2)).min(3, 'needs at least 3 example phrasings'),
    /** Extra search terms (synonyms, abbreviations) that are not natural in a sentence. */
    keywords: z.array(z.union([z.string().min(1), z.number().transform(String)])).optional(),
    scope: scopeSchemaFor(cityIds).optional(),
    followUps: z.array(choiceSchema).max(4, 'at most 4 follow-ups').optional(),
    /** One personal text, or several tried in order (the first whose variables the facts all give is said). */
    personalised: z
      .union([personalSchema, z.array(personalSchema).min(1)])
      .transform((p) => (Array.isArray(p) ? p : [p]))
      .optional(),
  });
export type FaqEntry = z.infer<ReturnType<typeof entrySchemaFor>>;

/** One entry file; `cityIds`, when given, are the cities a scope may name (those with rules). */
export const faqFileSchemaFor = (cityIds?: ReadonlySet<string>) => z.object({ entries: z.array(entrySchemaFor(cityIds)).min(1) });
export const faqFileSchema = faqFileSchemaFor();

/** The fixed texts of the FAQ (not-sure, out-of-scope), kept in `dialogs/faq/_replies.yaml`. */
export const faqRepliesSchema = z.object({
  unsure: z.string().min(2),
  outOfScope: z.string().min(2),
  outOfScopeChoices: z.array(choiceSchema).max(4),
  estimatedNote: z.string().min(2),
  /** After a figure of the user's own that assumed certificate conditions the user has not stated yet. */
  assumedNote: z.string().min(2),
  /** Those conditions as the user would say them, by certificate field. */
  conditionLabels: z.object({ issuedWhileWorkingInCity: z.string().min(2), matchesJob: z.string().min(2) }),
});
export type FaqReplies = z.infer<typeof faqRepliesSchema>;
