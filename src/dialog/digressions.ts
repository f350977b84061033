/**
 * Messages that answer nothing: a change request, text that was not understood. (A question in the middle of the form is
 * answered by acts.ts, with the session's facts and city, before the pending question is asked again.)
 */
import { ask, isOptional } from './questions.js';
import { askNext, reAsk, showResult } from './progress.js';
import type { StepResult, Turn } from './turn.js';

/** Unreadable answers to one question before the engine stops insisting (see `miss`). */
const MAX_MISSES = 3;

/** "改一下学历": ask that question again; the old value stays until a new one is given, so nothing is lost. */
export function askAgain(turn: Turn, fact: string): StepResult {
  const s = turn.state;
  const key = fact === 'city' ? 'city' : (turn.ctx.spec.byFact.get(fact)?.id ?? (turn.ctx.spec.byId.has(fact) ? fact : undefined));
  if (!key) return reAsk(turn);
  s.pending = key;
  s.misses = 0;
  turn.replies.push(ask(key, s, turn.ctx));
  return turn.done();
}

/** 1st miss: re-ask with an example; 2nd: offer the choices (and 跳过); 3rd: skip if optional, else a partial result. */
export function miss(turn: Turn): StepResult {
  const s = turn.state;
  const { ctx } = turn;
  if (!s.pending) {
    turn.notice('notUnderstood');
    if (s.done) {
      turn.notice('doneHint');
      return turn.done();
    }
    return askNext(turn);
  }
  s.misses += 1;
  if (s.misses < MAX_MISSES) {
    turn.replies.push(ask(s.pending, s, ctx, s.misses === 1 ? 'example' : 'choices'));
    return turn.done();
  }
  s.misses = 0;
  if (isOptional(ctx, s, s.pending)) {
    s.skipped.push(s.pending);
    turn.notice('skipped');
    return askNext(turn);
  }
  if (s.city) {
    turn.notice('giveUpPartial');
    showResult(turn, false);
  } else turn.notice('giveUpNoCity');
  turn.replies.push(ask(s.pending, s, ctx));
  return turn.done();
}
