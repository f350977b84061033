/** The conversation engine: pure, channel-neutral. */
export { step, MAX_TEXT_CHARS, RESUME_AFTER_MS, type DialogInput, type StepResult } from './engine.js';
export { parseState, serializeState, newState, type DialogState, type PendingReminder } from './state.js';
export { loadDialogSpec, buildDialogSpec, DialogSpecError, type DialogSpec, type Question } from './spec.js';
export { uncoveredFacts, assertIntakeCovers } from './coverage.js';
export type { Effect, ReminderToSave } from './effect.js';
export type { DialogContext, DialogRules, FaqPort, CityInfo, NeededFact, FactsCheck, ReminderDialogContext } from './ports.js';
export type { Reply, Choice, ReplyTable, ReplyKind } from '../contract/index.js';
