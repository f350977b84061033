/** One turn of the conversation: the state being changed, the replies and effects gathered so far. */
import type { DialogContext } from './ports.js';
import type { Effect } from './effect.js';
import type { Reply } from '../contract/index.js';
import { fill } from './spec.js';
import type { DialogState, PendingReminder } from './state.js';

export interface StepResult {
  /** null: the session is deleted. */
  state: DialogState | null;
  replies: Reply[];
  effects: Effect[];
}

export interface DialogInput {
  text?: string;
  /** A pressed button's value. */
  choice?: string;
  /** A command without its slash. */
  command?: string;
}

/**
 * The two entry points a turn may hand a message back to: the step (a typed number that names an offered command) and
 * the text reader (a button value that is really text). The engine passes them in, so the modules that re-enter
 * (answers, read-text) need not import the engine: the recursion stays, the import cycle does not.
 */
export interface TurnEntries {
  step(state: DialogState, input: DialogInput, ctx: DialogContext): StepResult;
  readText(turn: Turn, text: string): StepResult;
}

export class Turn {
  readonly replies: Reply[] = [];
  readonly effects: Effect[] = [];
  /**
   * The reminder that was waiting when this message came. Taken out of the state at the start of the turn: only the
   * reminder dialog puts it back, so any other message drops it (nothing is saved without 确认).
   */
  readonly held: PendingReminder | undefined;
  constructor(
    readonly ctx: DialogContext,
    public state: DialogState,
    readonly entries: TurnEntries,
  ) {
    this.held = state.reminder;
    state.reminder = undefined;
  }
  msg(key: string, params?: Record<string, string | number>): string {
    return fill(this.ctx.spec.messages[key] ?? key, params);
  }
  notice(key: string, params?: Record<string, string | number>, kind: Reply['kind'] = 'notice'): void {
    this.replies.push({ kind, text: this.msg(key, params) });
  }
  done(): StepResult {
    this.state.updatedAt = this.ctx.now;
    return { state: this.state, replies: this.replies, effects: this.effects };
  }
}
