/**
 * The conversation engine: one pure function from (state, message) to (new state, replies, effects).
 * No clock, no I/O: `ctx.today` and `ctx.now` come from the runtime, the rules and the text reader are ports.
 *
 * @example
 * const { state, replies } = step(null, { text: '我32岁，本科有学位，在上海交了5年社保' }, ctx);
 */
import { applyUnderstanding, labelOf } from './apply.js';
import { answerChoice, ambiguity, cityChangedNotice, commitFacts, resolveAmbiguity, setCity } from './answers.js';
import { switchCity } from './city-facts.js';
import { commandOf, COMMANDS, details, forget, runCommand, supplement, type Command } from './commands.js';
import { askAgain, digress, miss } from './digressions.js';
import type { DialogContext } from './ports.js';
import { askNext, reAsk } from './progress.js';
import { expectationFor } from './questions.js';
import { continueReminder, reminderChoice, REMINDER_CHOICE } from './reminder-dialog.js';
import { reminderTurn } from './reminder-turn.js';
import { sameJson } from './same-json.js';
import { scorable } from './scorable.js';
import { cloneState, newState, type DialogState } from './state.js';
import { choiceValue, labelChoice, pickOffered } from './text-choices.js';
import { Turn, type StepResult } from './turn.js';

export type { StepResult } from './turn.js';

export interface DialogInput {
  text?: string;
  /** A pressed button's value. */
  choice?: string;
  /** A command without its slash. */
  command?: string;
}

/** Longer messages are not read at all: nothing useful is that long, and reading it costs every other user time. */
export const MAX_TEXT_CHARS = 1000;
/** After this pause an unfinished intake offers 继续 / 重新开始 instead of carrying on silently. */
export const RESUME_AFTER_MS = 6 * 60 * 60 * 1000;

export function step(state: DialogState | null, input: DialogInput, ctx: DialogContext): StepResult {
  return stepInPlace(state === null ? null : cloneState(state), input, ctx);
}

/**
 * `step` on a state the caller hands over: it is changed in place (and returned) instead of a copy. For the runtime,
 * whose state was just parsed from the store and is used for nothing else, and for a turn that hands its own state on
 * to a fresh step (below): copying it cost a few per cent of a turn.
 */
export function stepInPlace(state: DialogState | null, input: DialogInput, ctx: DialogContext): StepResult {
  let text = (input.text ?? '').trim();
  let choice = input.choice;
  let command = input.command && COMMANDS.has(input.command) ? (input.command as Command) : undefined;
  if (choice?.startsWith('cmd:')) {
    const name = choice.slice(4);
    if (COMMANDS.has(name)) command = name as Command;
    choice = undefined;
  } else if (choice?.startsWith('t:')) {
    text = choice.slice(2);
    choice = undefined;
  }

  if (command === 'forget') return forget(ctx);
  const fresh = state === null;
  const turn = new Turn(ctx, fresh ? newState(ctx.now) : state);
  if (fresh) {
    // The welcome asks for the city (or everything at once), so the first message answers the city question.
    turn.state.pending = 'city';
    turn.notice('welcome');
    if (!text && !choice && (!command || command === 'start')) return askNext(turn);
  } else if (!command && !choice && shouldOfferResume(turn.state, ctx)) {
    turn.state.resumeOffered = true;
    turn.replies.push({
      kind: 'question',
      text: turn.msg('resumeOffer'),
      choices: [
        { label: turn.msg('continueChoice'), value: 'cmd:continue' },
        { label: turn.msg('startOverChoice'), value: 'cmd:startOver' },
      ],
    });
    turn.state.offered = ['cmd:continue', 'cmd:startOver'];
    return turn.done();
  }
  if (command) return runCommand(turn, command);
  if (choice?.startsWith('q:')) return answerChoice(turn, choice);
  if (choice?.startsWith('a:')) return resolveAmbiguity(turn, choice);
  if (choice && REMINDER_CHOICE.test(choice)) return reminderTurn(turn, (rc) => reminderChoice(turn.state, turn.held, choice, ctx, rc));
  if (choice?.startsWith('faq:')) {
    turn.replies.push(ctx.faq.answerById(choice.slice(4), { facts: scorable(turn.state.facts), today: ctx.today }));
    return reAsk(turn);
  }
  if (choice) text = text || choice;
  return readText(turn, text);
}

function shouldOfferResume(state: DialogState, ctx: DialogContext): boolean {
  return !state.done && !state.resumeOffered && state.pending !== undefined && ctx.now - state.updatedAt > RESUME_AFTER_MS;
}

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
    const [first, ...rest] = picked;
    if (first!.startsWith('cmd:')) return stepInPlace(s, { choice: first }, ctx);
    if (first!.startsWith('t:')) return readText(turn, first!.slice(2));
    if (REMINDER_CHOICE.test(first!)) return reminderTurn(turn, (rc) => reminderChoice(s, turn.held, first!, ctx, rc));
    if (/^(a|faq):/.test(first!)) return stepInPlace(s, { choice: first }, ctx);
    const sameKey = rest.map((v) => v.slice(v.indexOf('=') + 1));
    return answerChoice(turn, first!, sameKey);
  }

  if (turn.held && ctx.reminders) {
    const out = continueReminder(s, turn.held, text, ctx, ctx.reminders);
    if (out) return reminderTurn(turn, () => out);
  }
  const bare = text.replace(/[\s。.!！]+$/u, '');
  if (bare === turn.msg('supplementCommand')) return supplement(turn);
  if (bare === turn.msg('detailsCommand')) return details(turn);

  const byLabel = s.pending ? labelChoice(turn, s.pending, text) : undefined;
  if (byLabel) return stepInPlace(s, { choice: byLabel }, ctx);

  const u = ctx.understand(text, s.pending ? expectationFor(s.pending, ctx.spec) : undefined);
  const command = commandOf(u.intents);
  if (command) return runCommand(turn, command.name, command.intent);
  s.resumeOffered = false;

  if (u.choice !== undefined && s.pending && s.pending !== 'city') {
    const value = choiceValue(turn, s.pending, u.choice);
    if (value !== undefined) return answerChoice(turn, `q:${s.pending}=${value}`);
  }
  // A question is a question even when it names a certificate ("特种作业证要复审吗？"): answer it, record nothing.
  const correcting = u.intents.some((i) => i.type === 'correction' || i.type === 'change');
  if (u.isQuestion && !correcting && u.choice === undefined) return digress(turn, text);
  const change = u.intents.find((i) => i.type === 'change');
  const next = applyUnderstanding(s.facts, u, s.pending, ctx.spec);
  const factsChanged = !sameJson(next, s.facts);
  const cityChanged = u.city !== undefined && u.city !== s.city;

  if (cityChanged && !factsChanged) return setCity(turn, u.city!);
  const alsoNoted: string[] = [];
  let facts = next;
  if (cityChanged) {
    const from = s.city;
    // What this message says about the city (insurance years …) is the new city's; the old city's is put aside.
    const moved = switchCity(s, u.city, next);
    facts = moved.facts;
    if (from !== undefined) cityChangedNotice(turn, from, u.city!, moved.stashed);
    else alsoNoted.push(`${labelOf(ctx.spec, 'city')} ${cityName(turn, u.city!)}`);
  }
  if (factsChanged || cityChanged) {
    if (u.ambiguities.length) {
      const result = commitFacts(turn, facts, alsoNoted);
      return ambiguity(turn, u, result);
    }
    return commitFacts(turn, facts, alsoNoted);
  }
  if (u.ambiguities.length) return ambiguity(turn, u);
  if (change?.type === 'change') return askAgain(turn, change.fact);
  if (u.isQuestion || u.intents.some((i) => i.type === 'faq')) return digress(turn, text);
  if (u.intents.some((i) => i.type === 'greeting' || i.type === 'correction')) {
    if (u.intents.some((i) => i.type === 'greeting') && !turn.replies.length) turn.notice('welcome');
    return reAsk(turn);
  }
  return miss(turn);
}

function cityName(turn: Turn, id: string): string {
  return turn.ctx.rules.cities.find((c) => c.id === id)?.name ?? id;
}
