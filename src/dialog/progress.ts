/** Moving the intake along: the next question, the same question again, the result when nothing is left to ask. */
import type { DialogContext } from './ports.js';
import { ask, isOptional, isSettled, nextQuestion, parseKey } from './questions.js';
import { cardTexts, resultCard } from './result-card.js';
import { resultReply, type MissingFacts } from './result-view.js';
import { scorable } from './scorable.js';
import { cloneState, type DialogState } from './state.js';
import type { StepResult, Turn } from './turn.js';

/** Asks the pending question again (after help, a digression, a notice), or the next one if none is pending. */
export function reAsk(turn: Turn): StepResult {
  const s = turn.state;
  if (s.pending && !isSettled(s, turn.ctx.spec, s.pending)) {
    turn.replies.push(ask(s.pending, s, turn.ctx));
    return turn.done();
  }
  if (s.done) {
    s.offered = [];
    turn.notice('doneHint');
    return turn.done();
  }
  return askNext(turn);
}

/** Records the pending question as answered if it is, then asks the next needed one, or shows the result. */
export function askNext(turn: Turn): StepResult {
  const s = turn.state;
  const { spec } = turn.ctx;
  if (s.pending && isSettled(s, spec, s.pending) && !s.skipped.includes(s.pending) && s.answered.at(-1) !== s.pending) {
    s.answered.push(s.pending);
  }
  const key = nextQuestion(s, turn.ctx);
  if (key) {
    if (key !== s.pending) s.misses = 0;
    s.pending = key;
    turn.replies.push(ask(key, s, turn.ctx));
    return turn.done();
  }
  s.pending = undefined;
  s.misses = 0;
  s.done = true;
  showResult(turn, true);
  return turn.done();
}

export function showResult(turn: Turn, complete: boolean): void {
  const s = turn.state;
  const { ctx } = turn;
  if (!s.city) {
    turn.notice('resultNoCity');
    if (s.pending) turn.replies.push(ask(s.pending, s, ctx));
    return;
  }
  const facts = scorable(s.facts);
  const result = ctx.rules.evaluate(facts, s.city, ctx.today);
  const missing = complete ? { core: [], optional: 0 } : missingFacts(s, ctx);
  const reply = resultReply(result, ctx.spec, missing);
  if (complete) {
    const card = resultCard({
      result,
      road: ctx.rules.road(facts, s.city, ctx.today, result.next[0]),
      texts: cardTexts(ctx.spec.messages),
      statusText: (status) => ctx.spec.messages[`status.${status}`] ?? '',
      factLabel: (path) => ctx.spec.byId.get(path.replace(/\[\d+\]/g, ''))?.label ?? ctx.spec.byFact.get(path)?.label ?? path,
    });
    if (card) reply.card = card;
  }
  s.offered = reply.choices?.map((c) => c.value) ?? [];
  turn.replies.push(reply);
}

/** Question keys still to ask, in the order they would be asked. */
export function remainingQuestions(s: DialogState, ctx: DialogContext): string[] {
  const probe = cloneState(s);
  const keys: string[] = [];
  for (let i = 0; i < 40; i++) {
    const key = nextQuestion(probe, ctx);
    if (!key) break;
    keys.push(key);
    probe.skipped.push(key);
  }
  return keys;
}

/** For a result shown before the intake is complete: the core facts still unknown by name, the optional ones counted. */
function missingFacts(s: DialogState, ctx: DialogContext): MissingFacts {
  const core: string[] = [];
  const optional = new Set<string>();
  for (const key of remainingQuestions(s, ctx)) {
    const label = ctx.spec.byId.get(parseKey(key).id)?.label ?? key;
    if (isOptional(ctx, s, key)) optional.add(label);
    else if (!core.includes(label)) core.push(label);
  }
  return { core, optional: optional.size };
}

/** After a change once the result was shown: re-score (a correction re-scores) or ask what the change opened up. */
export function afterChange(turn: Turn): StepResult {
  const s = turn.state;
  const key = nextQuestion(s, turn.ctx);
  if (key) {
    s.done = false;
    return askNext(turn);
  }
  showResult(turn, true);
  return turn.done();
}
