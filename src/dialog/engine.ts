/**
 * The conversation engine: one pure function from (state, message) to (new state, replies, effects).
 * No clock, no I/O: `ctx.today` and `ctx.now` come from the runtime, the rules and the text reader are ports.
 *
 * @example
 * const { state, replies } = step(null, { text: '我32岁，本科有学位，在上海交了5年社保' }, ctx);
 */
import { answerChoice, resolveAmbiguity } from './answers.js';
import { type Command, choiceValue, decodeChoice, isButtonCommand } from './choice-value.js';
import { forget, runCommand } from './commands.js';
import type { DialogContext } from './ports.js';
import { askNext, reAsk } from './progress.js';
import { readText } from './read-text.js';
import { reminderChoice } from './reminder-dialog.js';
import { reminderTurn } from './reminder-turn.js';
import { scorable } from './scorable.js';
import { cloneState, newState, type DialogState } from './state.js';
import { type DialogInput, type StepResult, Turn, type TurnEntries } from './turn.js';

export type { DialogInput, StepResult } from './turn.js';

const RESUME_CHOICES = [choiceValue.command('continue'), choiceValue.command('startOver')] as const;
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
  let command: Command | undefined = input.command && isButtonCommand(input.command) ? input.command : undefined;
  let decoded = choice === undefined ? undefined : decodeChoice(choice);
  if (decoded?.type === 'command') {
    if (isButtonCommand(decoded.name)) command = decoded.name;
    choice = decoded = undefined;
  } else if (decoded?.type === 'text') {
    text = decoded.text;
    choice = decoded = undefined;
  }

  if (command === 'forget') return forget(ctx);
  const fresh = state === null;
  const turn = new Turn(ctx, fresh ? newState(ctx.now) : state, ENTRIES);
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
        { label: turn.msg('continueChoice'), value: RESUME_CHOICES[0] },
        { label: turn.msg('startOverChoice'), value: RESUME_CHOICES[1] },
      ],
    });
    turn.state.offered = [...RESUME_CHOICES];
    return turn.done();
  }
  if (command) return runCommand(turn, command);
  switch (decoded?.type) {
    case 'answer':
      return answerChoice(turn, decoded.key, decoded.value);
    case 'ambiguity':
      return resolveAmbiguity(turn, decoded.about, decoded.value);
    case 'reminderConfirm':
    case 'reminderOffer':
    case 'reminderTopic': {
      const picked = decoded;
      return reminderTurn(turn, (rc) => reminderChoice(turn.state, turn.held, picked, ctx, rc));
    }
    case 'faq':
      turn.replies.push(ctx.faq.answerById(decoded.id, { facts: scorable(turn.state.facts), today: ctx.today }));
      return reAsk(turn);
  }
  if (choice) text = text || choice;
  return readText(turn, text);
}

/** What a turn hands a message back to: a value re-read as text, a typed number re-dispatched as a choice. */
const ENTRIES: TurnEntries = { step: stepInPlace, readText };

function shouldOfferResume(state: DialogState, ctx: DialogContext): boolean {
  return !state.done && !state.resumeOffered && state.pending !== undefined && ctx.now - state.updatedAt > RESUME_AFTER_MS;
}
