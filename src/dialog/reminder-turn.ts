import type { DialogContext } from './ports.js';
import type { ReminderTurn } from './reminder-dialog.js';
import type { StepResult, Turn } from './turn.js';

/** Runs a step of the reminder dialog, or says "即将上线" when reminders are not wired in. */
export function reminderTurn(turn: Turn, run: (rc: NonNullable<DialogContext['reminders']>) => ReminderTurn): StepResult {
  const rc = turn.ctx.reminders;
  if (!rc) {
    turn.notice('remindersSoon');
    return turn.done();
  }
  const out = run(rc);
  turn.replies.push(...out.replies);
  turn.effects.push(...out.effects);
  return turn.done();
}
