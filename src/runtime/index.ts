/** The turn runtime: dialog + store + effects behind the TurnHandler every channel calls. */
export { createTurnHandler, type TurnRuntimeOptions } from './turn-runtime.js';
export { localDate } from '../time/zoned-time.js';
export type { Effect, ReminderPort, ReminderToSave } from './effects.js';
export { createReminderPort, type ReminderPortOptions } from './reminder-port.js';
export type { TurnHandler, TurnResult } from '../contract/index.js';
