/** Commands (by slash, button or words): back, skip, restart, forget, help, result, details, compare, supplement, FAQ menu. */
import { factScope, switchCity } from './city-facts.js';
import type { DialogContext, Intent } from './ports.js';
import { clearQuestion } from './apply.js';
import { type Command, choiceValue } from './choice-value.js';
import { ask, isOptional, isSettled } from './questions.js';
import { offerReminders, requestReminder } from './reminder-dialog.js';
import { reminderTurn } from './reminder-turn.js';
import { compareReply, detailsReply } from './result-view.js';
import { scorable } from './scorable.js';
import { askNext, reAsk, remainingQuestions, showResult } from './progress.js';
import { newState } from './state.js';
import type { StepResult, Turn } from './turn.js';

export type { Command } from './choice-value.js';

export function forget(ctx: DialogContext): StepResult {
  return { state: null, replies: [{ kind: 'notice', text: ctx.spec.messages.forgotten }], effects: [{ type: 'forget' }] };
}

export function runCommand(turn: Turn, command: Command, intent?: Intent): StepResult {
  const s = turn.state;
  s.resumeOffered = false;
  switch (command) {
    case 'forget':
      return forget(turn.ctx);
    case 'start':
    case 'continue':
      if (command === 'continue') turn.notice('resumed');
      return reAsk(turn);
    case 'help':
      turn.notice('help');
      return reAsk(turn);
    case 'restart':
    case 'startOver': {
      turn.state = newState(turn.ctx.now);
      turn.notice('restarted');
      return askNext(turn);
    }
    case 'result':
      showResult(turn, false);
      // The intake goes on where it was: the pending question follows the partial result.
      if (s.city && s.pending && !isSettled(s, turn.ctx.spec, s.pending)) turn.replies.push(ask(s.pending, s, turn.ctx));
      return turn.done();
    case 'details':
      return details(turn);
    case 'compare':
      turn.replies.push(compareReply(turn.ctx.rules.compare(scorable(s.facts), turn.ctx.today, factScope(s)), turn.ctx.spec, s.city));
      return turn.done();
    case 'reminders':
      turn.effects.push({ type: 'listReminders' });
      return turn.done();
    case 'remind': {
      const text = intent?.type === 'remind' ? intent.text : '';
      return reminderTurn(turn, (rc) => (text ? requestReminder(s, text, turn.ctx, rc) : offerReminders(s, turn.ctx, rc)));
    }
    case 'faq':
      return faqMenu(turn);
    case 'supplement':
      return supplement(turn);
    case 'handoff':
      // The collected answers stay: the user may come back to the intake after talking to a person.
      turn.effects.push({ type: 'handoff' });
      turn.notice('handoff');
      return reAsk(turn);
    case 'cancelReminder':
      if (intent?.type === 'cancelReminder') turn.effects.push({ type: 'cancelReminder', index: intent.index });
      return turn.done();
    case 'back':
      return back(turn);
    case 'skip':
      return skip(turn);
  }
}

/** WeCom's 证书问答 menu: a short intro and the most asked FAQ questions, one tap (or number) each. */
function faqMenu(turn: Turn): StepResult {
  const choices = turn.ctx.spec.faqMenu.map((q) => ({ label: q.label, value: choiceValue.faq(q.id) }));
  turn.state.offered = choices.map((c) => c.value);
  turn.replies.push({
    kind: 'question',
    text: `${turn.msg('faqMenu')}
${turn.msg('choicesHint')}`,
    choices,
  });
  return turn.done();
}

/** "补充加分项": ask the optional questions (bonus and deduction facts) that were skipped or not reached yet. */
/** 看明细: the whole result (every note, route, candidate, permit date and source), then where the intake stands. */
export function details(turn: Turn): StepResult {
  const s = turn.state;
  if (!s.city) {
    turn.notice('resultNoCity');
    return reAsk(turn);
  }
  turn.replies.push(detailsReply(turn.ctx.rules.evaluate(scorable(s.facts), s.city, turn.ctx.today), turn.ctx.spec));
  if (s.pending && !isSettled(s, turn.ctx.spec, s.pending)) turn.replies.push(ask(s.pending, s, turn.ctx));
  return turn.done();
}

export function supplement(turn: Turn): StepResult {
  const s = turn.state;
  const { ctx } = turn;
  if (!s.city) return reAsk(turn);
  s.skipped = s.skipped.filter((k) => !isOptional(ctx, s, k));
  const key = remainingQuestions(s, ctx).find((k) => isOptional(ctx, s, k));
  if (!key) {
    turn.notice('supplementNothing');
    return reAsk(turn);
  }
  s.pending = key;
  s.misses = 0;
  s.done = false;
  turn.replies.push(ask(key, s, ctx));
  return turn.done();
}

function back(turn: Turn): StepResult {
  const s = turn.state;
  const last = s.answered.pop();
  if (!last) {
    turn.notice('backNothing');
    return reAsk(turn);
  }
  if (last === 'city') s.facts = switchCity(s, undefined).facts;
  else s.facts = clearQuestion(s.facts, last, turn.ctx.spec);
  s.skipped = s.skipped.filter((k) => k !== last);
  s.pending = last;
  s.misses = 0;
  s.done = false;
  turn.replies.push(ask(last, s, turn.ctx));
  return turn.done();
}

function skip(turn: Turn): StepResult {
  const s = turn.state;
  if (!s.pending) return reAsk(turn);
  if (!isOptional(turn.ctx, s, s.pending)) {
    turn.notice('cannotSkip');
    return reAsk(turn);
  }
  s.skipped.push(s.pending);
  turn.notice('skipped');
  return askNext(turn);
}

/** Intents that are commands, in order of precedence when a message carries several. */
const COMMAND_INTENTS: ReadonlyArray<readonly [Intent['type'], Command]> = [
  ['forget', 'forget'],
  ['handoff', 'handoff'],
  ['restart', 'restart'],
  ['startOver', 'startOver'],
  ['back', 'back'],
  ['help', 'help'],
  ['result', 'result'],
  ['compare', 'compare'],
  ['reminders', 'reminders'],
  ['remind', 'remind'],
  ['skip', 'skip'],
  ['continue', 'continue'],
  ['cancelReminder', 'cancelReminder'],
];
/** Intent type → its precedence (index in COMMAND_INTENTS). */
const COMMAND_RANK = new Map<string, number>(COMMAND_INTENTS.map(([type], rank) => [type, rank]));

export function commandOf(intents: readonly Intent[]): { name: Command; intent: Intent } | undefined {
  // Most readings carry no intent at all: nothing to look through.
  if (intents.length === 0) return undefined;
  // One pass, not a search per command: remembered readings are frozen, and V8 searches a frozen array slowly.
  let best: Intent | undefined;
  let bestRank = COMMAND_INTENTS.length;
  for (const intent of intents) {
    const rank = COMMAND_RANK.get(intent.type);
    if (rank !== undefined && rank < bestRank) {
      best = intent;
      bestRank = rank;
    }
  }
  return best ? { name: COMMAND_INTENTS[bestRank]![1], intent: best } : undefined;
}
