/** Text that stands for a choice: a number from the last offered list, a button label, the reader's `choice`. */
import { answerKeyOf } from './choice-value.js';
import type { DialogState } from './state.js';
import { choiceByLabel, parseKey } from './questions.js';
import type { Turn } from './turn.js';

const NUMBERS = /^\d{1,2}(?:\s*[\s,，、]\s*\d{1,2})*$/;

/** Text that is exactly one of the pending question's button labels ("对口") is that button. */
export function labelChoice(turn: Turn, pending: string, text: string): string | undefined {
  const bare = text.replace(/[\s。.!！~～]+$/u, '');
  return choiceByLabel(pending, bare, turn.ctx);
}

/** "2" or "1 3" pick from the last offered choices. */
export function pickOffered(s: DialogState, text: string): string[] | null {
  if (!s.offered.length || !NUMBERS.test(text)) return null;
  const picks = text.split(/[\s,，、]+/).map((n) => s.offered[Number(n) - 1]);
  if (picks.some((p) => p === undefined)) return null;
  const values = picks as string[];
  if (values.length > 1) {
    const key = answerKeyOf(values[0]!);
    if (key === undefined || !values.every((v) => answerKeyOf(v) === key)) return [values[0]!];
  }
  return values;
}

/** Maps the reader's `choice` (a label or a value) to the pending question's choice value. */
export function choiceValue(turn: Turn, pending: string, chosen: string): string | undefined {
  const q = turn.ctx.spec.byId.get(parseKey(pending).id);
  const c = q?.choices.find((x) => x.label === chosen || String(x.value) === chosen);
  return c === undefined ? undefined : String(c.value);
}
