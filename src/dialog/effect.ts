/**
 * Side effects the pure dialog asks the runtime to carry out after the turn is stored.
 * The runtime re-exports this union (src/runtime/effects.ts) next to the ports that execute it.
 */
import type { ReminderKind } from './reminder-port.js';

/** A reminder the user has confirmed (or accepted with one tap): everything needed to schedule it. */
export interface ReminderToSave {
  /** ms since epoch. */
  dueAt: number;
  /** In the user's words or the offer's; '' → the default wording. */
  what: string;
  kind: ReminderKind;
  repeat?: 'yearly';
  precision: 'day' | 'time';
}

export type Effect =
  /** Erase everything held on the user: session, seen message ids, reminders. */
  | { type: 'forget' }
  /** Schedule a reminder the user accepted (the dialog already read the date and asked for 确认). */
  | { type: 'saveReminder'; reminder: ReminderToSave }
  | { type: 'listReminders' }
  /** 1-based, as the user sees the list. */
  | { type: 'cancelReminder'; index: number }
  /**
   * The user asks for a person. A channel that can hand the conversation to one (微信客服) does so; the dialog's own
   * reply says how to reach a person for the channels that cannot.
   */
  | { type: 'handoff' };
