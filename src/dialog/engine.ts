/**
 * The conversation engine: one pure function from (state, message) to (new state, replies, effects).
 * No clock, no I/O: `ctx.today` and `ctx.now` come from the runtime, the rules and the text reader are ports.
 *
 * @example
 * const { state, replies } = step(null, { text: '我32岁，本科有学位，在上海交了5年社保' }, ctx);
 */
import type { Certificate, Facts } from '../scoring/facts.js';
import { applyChoices, mergeCertificates, applyUnderstanding, clearQuestion, describeChanges, labelOf } from './apply.js';
import type { Effect } from './effect.js';
import type { DialogContext, Intent, Understanding } from './ports.js';
import { ask, choicesFor, expectationFor, isOptional, isSettled, nextQuestion, parseKey } from './questions.js';
import { continueReminder, offerReminders, reminderChoice, REMINDER_CHOICE, requestReminder, type ReminderTurn } from './reminder-dialog.js';
import type { Reply } from './reply.js';
import { compareReply, resultReply, type MissingFacts } from './result-view.js';
import { scorable } from './scorable.js';
import { fill } from './spec.js';
import { newState, type DialogState, type PendingReminder } from './state.js';

export interface DialogInput {
  text?: string;
  /** A pressed button's value. */
  choice?: string;
  /** A command without its slash. */
  command?: string;
}

export interface StepResult {
  /** null: the session is deleted. */
  state: DialogState | null;
  replies: Reply[];
  effects: Effect[];
}

/** Longer messages are not read at all: nothing useful is that long, and reading it costs every other user time. */
export const MAX_TEXT_CHARS = 1000;
/** After this pause an unfinished intake offers 继续 / 重新开始 instead of carrying on silently. */
export const RESUME_AFTER_MS = 6 * 60 * 60 * 1000;
/** Unreadable answers to one question before the engine stops insisting (see `miss`). */
const MAX_MISSES = 3;

type Command = 'cancelReminder' | 'start' | 'help' | 'restart' | 'result' | 'compare' | 'forget' | 'reminders' | 'remind' | 'back' | 'skip' | 'continue' | 'startOver' | 'faq' | 'supplement';
const COMMANDS = new Set<string>(['start', 'help', 'restart', 'result', 'compare', 'forget', 'reminders', 'remind', 'back', 'skip', 'continue', 'startOver', 'faq', 'supplement']);

class Turn {
  readonly replies: Reply[] = [];
  readonly effects: Effect[] = [];
  /**
   * The reminder that was waiting when this message came. Taken out of the state at the start of the turn: only the
   * reminder dialog puts it back, so any other message drops it (nothing is saved without 确认).
   */
  readonly held: PendingReminder | undefined;
  constructor(readonly ctx: DialogContext, public state: DialogState) {
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

export function step(state: DialogState | null, input: DialogInput, ctx: DialogContext): StepResult {
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
  const turn = new Turn(ctx, fresh ? newState(ctx.now) : structuredClone(state));
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

function forget(ctx: DialogContext): StepResult {
  return { state: null, replies: [{ kind: 'notice', text: ctx.spec.messages.forgotten! }], effects: [{ type: 'forget' }] };
}

function runCommand(turn: Turn, command: Command, intent?: Intent): StepResult {
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
    case 'compare':
      turn.replies.push(compareReply(turn.ctx.rules.compare(scorable(s.facts), turn.ctx.today), turn.ctx.spec));
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
    case 'cancelReminder':
      if (intent?.type === 'cancelReminder') turn.effects.push({ type: 'cancelReminder', index: intent.index });
      return turn.done();
    case 'back':
      return back(turn);
    case 'skip':
      return skip(turn);
  }
}

/** Runs a step of the reminder dialog, or says "即将上线" when reminders are not wired in. */
function reminderTurn(turn: Turn, run: (rc: NonNullable<DialogContext['reminders']>) => ReminderTurn): StepResult {
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

/** WeCom's 证书问答 menu: a short intro and the most asked FAQ questions, one tap (or number) each. */
function faqMenu(turn: Turn): StepResult {
  const choices = turn.ctx.spec.faqMenu.map((q) => ({ label: q.label, value: `faq:${q.id}` }));
  turn.state.offered = choices.map((c) => c.value);
  turn.replies.push({ kind: 'question', text: `${turn.msg('faqMenu')}
${turn.msg('choicesHint')}`, choices });
  return turn.done();
}

/** "补充加分项": ask the optional questions (bonus and deduction facts) that were skipped or not reached yet. */
function supplement(turn: Turn): StepResult {
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

/** Asks the pending question again (after help, a digression, a notice), or the next one if none is pending. */
function reAsk(turn: Turn): StepResult {
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
function askNext(turn: Turn): StepResult {
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

function showResult(turn: Turn, complete: boolean): void {
  const s = turn.state;
  const { ctx } = turn;
  if (!s.city) {
    turn.notice('resultNoCity');
    if (s.pending) turn.replies.push(ask(s.pending, s, ctx));
    return;
  }
  const result = ctx.rules.evaluate(scorable(s.facts), s.city, ctx.today);
  const missing = complete ? { core: [], optional: 0 } : missingFacts(s, ctx);
  const reply = resultReply(result, ctx.spec, missing);
  s.offered = reply.choices?.map((c) => c.value) ?? [];
  turn.replies.push(reply);
}

/** Question keys still to ask, in the order they would be asked. */
function remainingQuestions(s: DialogState, ctx: DialogContext): string[] {
  const probe = structuredClone(s);
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

function back(turn: Turn): StepResult {
  const s = turn.state;
  const last = s.answered.pop();
  if (!last) {
    turn.notice('backNothing');
    return reAsk(turn);
  }
  if (last === 'city') s.city = undefined;
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

/** A button press or numbered pick answering a question (possibly not the pending one: a late press corrects). */
function answerChoice(turn: Turn, value: string, extra: string[] = []): StepResult {
  const s = turn.state;
  const eq = value.indexOf('=');
  const key = value.slice(2, eq);
  const values = [value.slice(eq + 1), ...extra];
  if (key === 'city') return setCity(turn, values[0]!);
  const next = applyChoices(s.facts, key, values, turn.ctx.spec);
  if (!next) return readText(turn, values.join(' '));
  if (key !== s.pending) s.pending = key;
  const q = turn.ctx.spec.byId.get(key);
  const picked = q?.multi ? [`${q.label} ${q.choices.filter((c) => values.includes(String(c.value))).map((c) => c.label).join('、')}`] : [];
  return commitFacts(turn, next, picked);
}

function setCity(turn: Turn, cityId: string): StepResult {
  const s = turn.state;
  const city = turn.ctx.rules.cities.find((c) => c.id === cityId);
  if (!city) return readText(turn, cityId);
  const changed = s.city !== undefined && s.city !== city.id;
  s.city = city.id;
  if (changed) turn.notice('cityChanged', { city: city.name });
  else turn.notice('noted', { facts: `${labelOf(turn.ctx.spec, 'city')} ${city.name}` });
  if (s.pending === 'city' || changed) s.misses = 0;
  if (changed && s.done) {
    s.answered.push('city');
    return afterChange(turn);
  }
  return askNext(turn);
}

/** After a change once the result was shown: re-score (a correction re-scores) or ask what the change opened up. */
function afterChange(turn: Turn): StepResult {
  const s = turn.state;
  const key = nextQuestion(s, turn.ctx);
  if (key) {
    s.done = false;
    return askNext(turn);
  }
  showResult(turn, true);
  return turn.done();
}

/** A skill certificate without its level (or a title without its grade) is not wrong, only incomplete: asked next. */
const INCOMPLETE = /^certificates\[\d+\]\.(level|titleLevel)$/;
/** Codes whose wording does not depend on the fact (dates, years beyond a working life). */
const CODE_MESSAGES = new Set(['future_date', 'before_working_age', 'exceeds_working_life', 'before_issue', 'invalid_date']);

/** Validates merged facts; invalid → a friendly error naming the value, the old facts kept, the question again. */
function commitFacts(turn: Turn, next: Facts, alsoNoted: string[] = []): StepResult {
  const s = turn.state;
  const { ctx } = turn;
  const checked = ctx.rules.validate(next, ctx.today);
  const errors = checked.ok ? [] : checked.errors.filter((e) => !(e.code === 'required' && INCOMPLETE.test(e.path)));
  if (errors.length) {
    for (const problem of errors.slice(0, 3)) {
      const fact = problem.path.split(/[.[]/)[0] ?? '';
      const value = valueAt(next, problem.path);
      const m = ctx.spec.messages;
      const key = CODE_MESSAGES.has(problem.code) && m[`invalid.${problem.code}`] ? `invalid.${problem.code}` : m[`invalid.${fact}`] ? `invalid.${fact}` : 'invalid.default';
      const shown = value === undefined ? '' : typeof value === 'object' ? '' : String(value);
      turn.notice(key, { label: labelOf(ctx.spec, fact), value: shown }, 'error');
    }
    turn.notice('keptOld');
    return reAsk(turn);
  }
  const facts = checked.ok ? checked.facts : next;
  const { added: addedFacts, changed } = describeChanges(ctx.spec, s.facts, facts);
  const added = [...alsoNoted, ...addedFacts];
  s.facts = facts;
  if (changed.length) turn.notice('updated', { facts: changed.join('；') });
  if (added.length) turn.notice('noted', { facts: added.join('；') });
  if (s.done && (changed.length || added.length)) return afterChange(turn);
  return askNext(turn);
}

function valueAt(facts: Facts, path: string): unknown {
  let cur: unknown = facts;
  for (const part of path.split(/[.[\]]+/).filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const NUMBERS = /^\d{1,2}(?:\s*[\s,，、]\s*\d{1,2})*$/;

function readText(turn: Turn, text: string): StepResult {
  const s = turn.state;
  const { ctx } = turn;
  if (!text) {
    turn.notice('empty');
    return reAsk(turn);
  }
  if ([...text].length > MAX_TEXT_CHARS) {
    turn.notice('tooLong', { max: MAX_TEXT_CHARS }, 'error');
    return reAsk(turn);
  }
  const picked = pickOffered(s, text);
  if (picked) {
    const [first, ...rest] = picked;
    if (first!.startsWith('cmd:')) return step(s, { choice: first }, ctx);
    if (first!.startsWith('t:')) return readText(turn, first!.slice(2));
    if (REMINDER_CHOICE.test(first!)) return reminderTurn(turn, (rc) => reminderChoice(s, turn.held, first!, ctx, rc));
    if (/^(a|faq):/.test(first!)) return step(s, { choice: first }, ctx);
    const sameKey = rest.map((v) => v.slice(v.indexOf('=') + 1));
    return answerChoice(turn, first!, sameKey);
  }

  if (turn.held && ctx.reminders) {
    const out = continueReminder(s, turn.held, text, ctx, ctx.reminders);
    if (out) return reminderTurn(turn, () => out);
  }
  if (text.replace(/[\s。.!！]+$/u, '') === turn.msg('supplementCommand')) return supplement(turn);

  const byLabel = s.pending ? labelChoice(turn, s.pending, text) : undefined;
  if (byLabel) return step(s, { choice: byLabel }, ctx);

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
  const factsChanged = JSON.stringify(next) !== JSON.stringify(s.facts);
  const cityChanged = u.city !== undefined && u.city !== s.city;

  if (cityChanged && !factsChanged) return setCity(turn, u.city!);
  const alsoNoted: string[] = [];
  if (cityChanged) {
    const known = s.city !== undefined;
    s.city = u.city;
    if (known) turn.notice('cityChanged', { city: cityName(turn, u.city!) });
    else alsoNoted.push(`${labelOf(ctx.spec, 'city')} ${cityName(turn, u.city!)}`);
  }
  if (factsChanged || cityChanged) {
    if (u.ambiguities.length) {
      const result = commitFacts(turn, next, alsoNoted);
      return ambiguity(turn, u, result);
    }
    return commitFacts(turn, next, alsoNoted);
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

/** Text that is exactly one of the pending question's button labels ("对口") is that button. */
function labelChoice(turn: Turn, pending: string, text: string): string | undefined {
  const bare = text.replace(/[\s。.!！~～]+$/u, '');
  const choices = choicesFor(pending, turn.state, turn.ctx);
  return choices.find((c) => c.label === bare)?.value;
}

/** "2" or "1 3" pick from the last offered choices. */
function pickOffered(s: DialogState, text: string): string[] | null {
  if (!s.offered.length || !NUMBERS.test(text)) return null;
  const picks = text.split(/[\s,，、]+/).map((n) => s.offered[Number(n) - 1]);
  if (picks.some((p) => p === undefined)) return null;
  const values = picks as string[];
  if (values.length > 1) {
    const key = (v: string) => v.slice(0, v.indexOf('='));
    if (!values.every((v) => v.startsWith('q:') && key(v) === key(values[0]!))) return [values[0]!];
  }
  return values;
}

/** Maps the reader's `choice` (a label or a value) to the pending question's choice value. */
function choiceValue(turn: Turn, pending: string, chosen: string): string | undefined {
  const q = turn.ctx.spec.byId.get(parseKey(pending).id);
  const c = q?.choices.find((x) => x.label === chosen || String(x.value) === chosen);
  return c === undefined ? undefined : String(c.value);
}

function commandOf(intents: Intent[]): { name: Command; intent: Intent } | undefined {
  const order: Array<[Intent['type'], Command]> = [
    ['forget', 'forget'], ['restart', 'restart'], ['startOver', 'startOver'], ['back', 'back'], ['help', 'help'],
    ['result', 'result'], ['compare', 'compare'], ['reminders', 'reminders'], ['remind', 'remind'], ['skip', 'skip'],
    ['continue', 'continue'],
  ];
  for (const [type, name] of order) {
    const intent = intents.find((i) => i.type === type);
    if (intent) return { name, intent };
  }
  const cancel = intents.find((i) => i.type === 'cancelReminder');
  return cancel ? { name: 'cancelReminder', intent: cancel } : undefined;
}

/** "改一下学历": ask that question again; the old value stays until a new one is given, so nothing is lost. */
function askAgain(turn: Turn, fact: string): StepResult {
  const s = turn.state;
  const key = fact === 'city' ? 'city' : turn.ctx.spec.byFact.get(fact)?.id ?? (turn.ctx.spec.byId.has(fact) ? fact : undefined);
  if (!key) return reAsk(turn);
  s.pending = key;
  s.misses = 0;
  turn.replies.push(ask(key, s, turn.ctx));
  return turn.done();
}

function ambiguity(turn: Turn, u: Understanding, previous?: StepResult): StepResult {
  const first = u.ambiguities[0]!;
  // The question asked by the commit (if any) is replaced by the clarifying one; notices stay.
  if (previous) {
    const drop = turn.replies.findIndex((r) => r.kind === 'question' || r.kind === 'result');
    if (drop >= 0) turn.replies.splice(drop, 1);
  }
  const choices = first.options.map((o) => ({ label: o.label, value: ambiguityValue(first.about, o.value) }));
  turn.state.offered = choices.map((c) => c.value);
  const text = turn.ctx.spec.messages[`ambiguity.${first.question}`] ?? turn.msg('ambiguity.default');
  turn.replies.push({ kind: 'question', text: `${text}\n${turn.msg('choicesHint')}`, choices });
  return turn.done();
}

/** Choice values of an ambiguity's options: `a:<about>:<value>`, cut to Telegram's 64-byte limit. */
function ambiguityValue(about: string, value: string): string {
  let v = `a:${about}:${value}`;
  while (Buffer.byteLength(v) > 64) v = v.slice(0, -1);
  return v;
}

const CERT_OPTION = /^(skill|special_operation|title):([^:]+)(?::(\d))?$/;

/** The user picked one reading of an ambiguous phrase: apply it as if they had said it plainly. */
function resolveAmbiguity(turn: Turn, value: string): StepResult {
  const rest = value.slice(2);
  const colon = rest.indexOf(':');
  const about = rest.slice(0, colon);
  const picked = rest.slice(colon + 1);
  const s = turn.state;
  if (about === 'city') return setCity(turn, picked);
  if (about === 'education') return commitFacts(turn, { ...s.facts, education: picked as Facts['education'] });
  const cert = CERT_OPTION.exec(picked);
  if (cert) {
    const c: Certificate = { kind: cert[1] as Certificate['kind'], occupation: cert[2]!, ...(cert[3] ? { level: Number(cert[3]) } : {}) };
    return commitFacts(turn, { ...s.facts, certificates: mergeCertificates(s.facts.certificates, [c]) });
  }
  // "none of these" (e.g. an English-test level): nothing to record.
  if (picked === 'other') return reAsk(turn);
  return readText(turn, picked);
}

/** A question in the middle of the form: answer it through the FAQ, then ask the pending question again. */
function digress(turn: Turn, text: string): StepResult {
  const { ctx } = turn;
  turn.replies.push(ctx.faq.answer(text, { facts: scorable(turn.state.facts), today: ctx.today }));
  return reAsk(turn);
}

/** 1st miss: re-ask with an example; 2nd: offer the choices (and 跳过); 3rd: skip if optional, else a partial result. */
function miss(turn: Turn): StepResult {
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
