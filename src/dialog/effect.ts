/**
 * Side effects the pure dialog asks the runtime to carry out after the turn is stored.
 * The runtime re-exports this union (src/runtime/effects.ts) next to the ports that execute it.
 */
export type Effect =
  /** Erase everything held on the user: session, seen message ids, reminders. */
  | { type: 'forget' }
  /**
   * Schedule a reminder; `text` is the user's own words ("三个月后提醒我复审"), empty when a button was pressed.
   * `topic` names what a button offered to remind about (the FAQ's "remind:review" → "review").
   */
  | { type: 'remind'; text: string; topic?: string }
  | { type: 'listReminders' }
  /** 1-based, as the user sees the list. */
  | { type: 'cancelReminder'; index: number };
