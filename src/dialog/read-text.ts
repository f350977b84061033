/**
 * Reading a typed message: an offered choice named by its number or words, a waiting reminder's answer, a command,
 * an answer to the pending question, a question to digress on, or facts told in free text.
 */
import { applyUnderstanding, labelOf } from './apply.js';
import { ambiguity, answerChoice, cityChangedNotice, commitFacts, setCity } from './answers.js';
import { decodeChoice } from './choice-value.js';
import { switchCity } from './city-facts.js';
import { commandOf, details, runCommand, supplement } from './commands.js';
import { askAgain, digress, miss } from './digressions.js';
import { reAsk } from './progress.js';
import { expectationFor } from './questions.js';
import { continueReminder, reminderChoice } from './reminder-dialog.js';
import { reminderTurn } from './reminder-turn.js';
import { sameJson } from './same-json.js';
import { choiceValue, labelChoice, pickOffered } from './text-choices.js';
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

  const u = ctx.understand(text, s.pending ? expectationFor(s.pending, ctx.spec) : undefined);
  const command = commandOf(u.intents);
  if (command) return runCommand(turn, command.name, command.intent);
  s.resumeOffered = false;

  if (u.choice !== undefined && s.pending && s.pending !== 'city') {
    const value = choiceValue(turn, s.pending, u.choice);
    if (value !== undefined) return answerChoice(turn, s.pending, value);
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
