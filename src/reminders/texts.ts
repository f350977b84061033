/** The zh-CN texts of reminders, read from dialogs/reminders.yaml and checked once at load. */
import { z } from 'zod';
import { projectPath } from '../project-root.js';
import { loadYaml } from '../yaml/load-yaml.js';

const text = z.string().min(1);
export const reminderTextsSchema = z.object({
  confirm: z.object({ ask: text, ask_yearly: text, saved: text, saved_in_process: text, yes: text, no: text, default_what: text }),
  list: z.object({ empty: text, title: text, item: text, footer: text }),
  cancel: z.object({ done: text, not_found: text }),
  forget: text,
  delivery: z.object({ text: text, yearly_note: text }),
  date_questions: z.object({
    ask_date: text,
    ask_future: text,
    ask_valid_date: text,
    ask_which_day: text,
    ask_meridiem: text,
    ask_repeat: text,
    ask_too_far: text,
  }),
  offers: z.object({ title: text, sit_exam: text, review: text, verify_online: text, window: text, threshold: text }),
  /** The dialog around reminders (src/dialog/reminder-dialog.ts). */
  dialog: z.object({
    offers_none: text,
    /** Saving, listing or cancelling failed (storage down): nothing was changed. */
    unavailable: text,
    own_time_hint: text,
    declined: text,
    offer_gone: text,
    /** What a reminder of each offered kind is about, as delivered ("⏰ 提醒：{what}"). */
    what: z.object({ sit_exam: text, review: text, verify_online: text, window: text, threshold: text }),
    /** Words naming an offered kind in free text ("提醒我复审" → review). */
    topics: z.object({
      sit_exam: z.array(text),
      review: z.array(text),
      verify_online: z.array(text),
      window: z.array(text),
      threshold: z.array(text),
    }),
    /** Typed answers to the confirmation. */
    yes_words: z.array(text).min(1),
    no_words: z.array(text).min(1),
    /** Typed answers to "上午还是下午？". */
    meridiem_words: z.array(text).min(1),
  }),
});
export type ReminderTexts = z.infer<typeof reminderTextsSchema>;

const defaultFile = projectPath('dialogs', 'reminders.yaml');
let cached: ReminderTexts | undefined;

/** Loads and validates the texts; throws with one line per problem. Cached for the default file. */
export function loadReminderTexts(file: string = defaultFile): ReminderTexts {
  if (file === defaultFile && cached) return cached;
  const texts = loadYaml(file, reminderTextsSchema);
  if (file === defaultFile) cached = texts;
  return texts;
}

/** Replaces {name} placeholders (the shared implementation in src/text). */
export { fill as fillText } from '../text/template.js';
