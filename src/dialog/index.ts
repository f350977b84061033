/** The conversation engine: pure, channel-neutral. */
export { step, RESUME_AFTER_MS, type DialogInput, type StepResult } from './engine.js';
export { MAX_TEXT_CHARS } from './read-text.js';
export { parseState, serializeState, newState, type DialogState, type PendingReminder } from './state.js';
export { loadDialogSpec, buildDialogSpec, DialogSpecError, type DialogSpec, type Question } from './spec.js';
export { uncoveredFacts, assertIntakeCovers } from './coverage.js';
export type { Effect, ReminderToSave } from './effect.js';
export type { DialogContext, DialogRules, FaqPort, CityInfo, NeededFact, FactsCheck, ReminderDialogContext } from './ports.js';
export type { Reply, Choice, ReplyTable, ReplyKind } from '../contract/index.js';
