/**
 * Reading a typed message: an offered choice named by its number or words, a waiting reminder's answer; anything else
 * is understood (src/nlu) and acted on in one place (acts.ts).
 */
import { actOn } from './acts.js';
import { answerChoice } from './answers.js';
import { decodeChoice } from './choice-value.js';
import { details, supplement } from './commands.js';
import { reAsk } from './progress.js';
import { expectationFor } from './questions.js';
import { continueReminder, reminderChoice } from './reminder-dialog.js';
import { reminderTurn } from './reminder-turn.js';
import { labelChoice, pickOffered } from './text-choices.js';
import type { StepResult, Turn } from './turn.js';

/** Longer messages are not read at all: nothing useful is that long, and reading it costs every other user time. */
export const MAX_TEXT_CHARS = 1000;

export function readText(turn: Turn, text: string): StepResult {
  const s = turn.state;
  const { ctx } = turn;
  if (!text) {
    turn.notice('empty');
    return reAsk(turn);
  }
  // Counted in characters (code points); a string no longer than the limit in UTF-16 units has no more of those.
  if (text.length > MAX_TEXT_CHARS && [...text].length > MAX_TEXT_CHARS) {
    turn.notice('tooLong', { max: MAX_TEXT_CHARS }, 'error');
    return reAsk(turn);
  }
  const picked = pickOffered(s, text);
  if (picked) {
    const [first, ...rest] = picked as [string, ...string[]];
    const decoded = decodeChoice(first);
    switch (decoded?.type) {
      case 'command':
      case 'ambiguity':
      case 'faq':
        return turn.entries.step(s, { choice: first }, ctx);
      case 'text':
        return readText(turn, decoded.text);
      case 'reminderConfirm':
      case 'reminderOffer':
      case 'reminderTopic':
        return reminderTurn(turn, (rc) => reminderChoice(s, turn.held, decoded, ctx, rc));
      case 'answer': {
        // Several numbers pick several answers of one question ("1 3"): pickOffered kept them to one key.
        const sameKey = rest.map((v) => v.slice(v.indexOf('=') + 1));
        return answerChoice(turn, decoded.key, decoded.value, sameKey);
      }
    }
    return readText(turn, first);
  }

  if (turn.held && ctx.reminders) {
    const out = continueReminder(s, turn.held, text, ctx, ctx.reminders);
    if (out) return reminderTurn(turn, () => out);
  }
  const bare = text.replace(/[\s。.!！]+$/u, '');
  if (bare === turn.msg('supplementCommand')) return supplement(turn);
  if (bare === turn.msg('detailsCommand')) return details(turn);

  const byLabel = s.pending ? labelChoice(turn, s.pending, text) : undefined;
  if (byLabel) return turn.entries.step(s, { choice: byLabel }, ctx);

  // The degree follow-up on screen ("本科有没有学士学位？") is what a bare 有/没有 answers, not the pending question.
  const degreeMenu = s.offered.some((v) => v.startsWith('a:education:'));
  const expecting = degreeMenu ? DEGREE : s.pending ? expectationFor(s.pending, ctx.spec) : undefined;
  return actOn(turn, ctx.understand(text, expecting), text);
}

const DEGREE = { degree: true } as const;
