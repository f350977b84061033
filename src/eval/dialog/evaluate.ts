/**
 * Scores one part (dev or held-out) of the dialog evaluation by talking to the bot as its users would
 * (test/dialog-eval/FORMAT.md): every scripted turn, the answers to whatever the bot asks, each question as a first
 * message and mid-form. The figures are counts of right over total; `failures` says what went wrong, turn by turn.
 */
import { renderReply } from '../../channels/console/render.js';
import type { Reply } from '../../contract/index.js';
import { scorable } from '../../dialog/scorable.js';
import type { DialogState } from '../../dialog/state.js';
import type { RouteResult } from '../../scoring/result.js';
import { localDate } from '../../time/zoned-time.js';
import type { EvalBot, EvalChat, HeardTurn } from './bot.js';
import { DEFAULT_CONTEXT, DEFAULT_START, type EvalExpect, type EvalPart, type EvalQuestion } from './data.js';
import { carry, changedFacts, type FactMap, type FactMismatch, turnMismatches, valueMatches } from './facts-match.js';
import { findRawValues, type RawValue } from './raw-values.js';

export interface Figure {
  right: number;
  total: number;
  /** right / total, 3 decimals; null when there is nothing to count. */
  rate: number | null;
}

export interface Failure {
  /** conversation or question id, with the turn number where there is one */
  at: string;
  what: string;
  say: string;
  expected?: unknown;
  held?: unknown;
  /** The bot's reply, in one line. */
  reply: string;
}

export interface PartReport {
  conversations: number;
  userTurns: number;
  questions: number;
  /** Scripted turns whose stated facts are held and no earlier fact was lost or changed (plus expectPending/NoFact). */
  factAccuracy: Figure;
  /** The harness's answers to the bot's own questions (from `answers`): their facts held, nothing else lost. */
  answeredQuestions: Figure;
  /** Conversations (city in rules/) ending with the expected route status and total/amount. */
  conversationsRight: Figure & { notCovered: string[] };
  /** Questions answered as questions (and nothing stored), statements not answered as questions. */
  questionVsAnswer: Figure & { questions: Figure; statements: Figure };
  /** Questions inside conversations (turns with `answer`): answered with every figure. */
  conversationAnswers: Figure;
  faqFirstMessage: Figure;
  faqMidForm: Figure;
  /** Exit turns: a polite close (no question, no error) and the facts kept. */
  exits: Figure;
  /** Replies (user-visible texts) containing an internal value; must be 0. */
  rawValues: { count: number; found?: Array<RawValue & { at: string }> };
  failures?: Failure[];
}

class Counter {
  right = 0;
  total = 0;
  add(ok: boolean): boolean {
    this.total++;
    if (ok) this.right++;
    return ok;
  }
  get figure(): Figure {
    return { right: this.right, total: this.total, rate: this.total ? Math.round((this.right / this.total) * 1000) / 1000 : null };
  }
}

/** Follow-up answers after the script: enough for the longest intake, bounded so a loop in the bot cannot hang us. */
const MAX_EXTRA_TURNS = 40;
/** The same question answered this many times without moving on: the bot cannot read the answer; stop. */
const MAX_SAME_QUESTION = 3;

/** "certificates.issuedOn#0" → "certificates.issuedOn" (the answers are keyed by question id). */
export function questionId(pending: string): string {
  return pending.split('#')[0]!;
}

/** The facts held, with `city` as the format writes it. */
function held(state: DialogState | null): FactMap {
  if (!state) return {};
  const facts: FactMap = { ...state.facts };
  if (state.city !== undefined) facts.city = state.city;
  return facts;
}

/** Every figure (an inner list: any of its forms) appears in the text. */
export function hasFigures(text: string, figures: string[][]): boolean {
  const flat = text.replace(/\s+/g, '');
  return figures.every((forms) => forms.some((f) => flat.includes(f.replace(/\s+/g, ''))));
}

const oneLine = (text: string, max = 240) => {
  const line = text.replace(/\s*\n\s*/g, ' ⏎ ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
};

const isAnswer = (r: Reply) => r.kind === 'answer';

export interface EvaluateOptions {
  /** Include `failures` and the raw values found. */
  details: boolean;
  /** Sees every message and the printed reply (npm run eval:dialog -- --trace <id>). */
  trace?: (at: string, said: string, heard: string) => void;
}

export async function evaluatePart(bot: EvalBot, part: EvalPart, options: EvaluateOptions): Promise<PartReport> {
  const cities = new Set(bot.core.rules.cities.map((c) => c.id));
  const facts = new Counter();
  const answered = new Counter();
  const conversationsRight = new Counter();
  const notCovered: string[] = [];
  const questions = new Counter();
  const statements = new Counter();
  const conversationAnswers = new Counter();
  const faqFirst = new Counter();
  const faqMid = new Counter();
  const exits = new Counter();
  const raw: Array<RawValue & { at: string }> = [];
  const failures: Failure[] = [];
  let userTurns = 0;

  const fail = (f: Omit<Failure, 'reply'>, heard: HeardTurn) => failures.push({ ...f, reply: oneLine(heard.text) });
  const scanRaw = (at: string, replies: Reply[]) => {
    for (const r of replies) for (const v of findRawValues(renderReply(r))) raw.push({ ...v, at });
  };
  /** Sends one message and checks what every message must satisfy. */
  const send = async (chat: EvalChat, at: string, line: string): Promise<HeardTurn> => {
    const heard = await chat.say(line);
    options.trace?.(at, line, heard.text);
    userTurns++;
    scanRaw(at, heard.replies);
    return heard;
  };
  const mismatchText = (m: FactMismatch[]) =>
    m.map((x) => `${x.key}: expected ${JSON.stringify(x.expected)}, held ${JSON.stringify(x.held)}`).join('; ');

  for (const conv of part.conversations) {
    const skip = new Set<string>();
    const chat = await bot.open(`eval:${part.name}:${conv.id}`, Date.parse(conv.start));
    let expected: FactMap = {};
    let last: HeardTurn | undefined;
    let resultShown = false;
    let exited = false;
    const track = (heard: HeardTurn, before: FactMap) => {
      if (heard.replies.some((r) => r.kind === 'result')) resultShown = true;
      else if (changedFacts(before, held(heard.state)).length > 0) resultShown = false;
      last = heard;
    };

    for (const [i, turn] of conv.turns.entries()) {
      const at = `${conv.id}#${i + 1}`;
      const before = held(last?.state ?? null);
      const heard = await send(chat, at, turn.say);
      track(heard, before);
      const expectedBefore = expected;
      expected = carry(expected, turn.facts);
      if (typeof expected.city === 'string' && !cities.has(expected.city)) skip.add('city');
      const now = held(heard.state);
      const mismatches = turnMismatches({
        expectedBefore,
        heldBefore: before,
        stated: turn.facts,
        heldAfter: now,
        skip,
        ...(turn.expectNoFact ? { noFact: turn.expectNoFact } : {}),
      });
      const pending = heard.state?.pending === undefined ? null : questionId(heard.state.pending);
      // The next question is the turn's to get right only while the conversation is on track (every earlier fact held).
      const onTrack = Object.entries(expectedBefore).every(([k, v]) => skip.has(k) || valueMatches(k, v, before[k]));
      const pendingOk = turn.expectPending === undefined || !onTrack || pending === turn.expectPending;
      if (!facts.add(mismatches.length === 0 && pendingOk)) {
        const what = [mismatchText(mismatches), pendingOk ? '' : `pending: expected ${turn.expectPending}, got ${pending}`]
          .filter(Boolean)
          .join('; ');
        fail({ at, what: `facts: ${what}`, say: turn.say, expected: turn.facts, held: now }, heard);
      }
      const answeredAsQuestion = heard.replies.some(isAnswer);
      if (turn.exit) {
        exited = true;
        const polite = heard.replies.length > 0 && !heard.replies.some((r) => r.kind === 'question' || r.kind === 'error');
        const kept = changedFacts(before, now).length === 0 && heard.state !== null;
        if (!exits.add(polite && kept))
          fail(
            {
              at,
              what: `exit: ${polite ? '' : 'not a polite close (asks again or errs)'} ${kept ? '' : 'state not kept'}`.trim(),
              say: turn.say,
            },
            heard,
          );
        continue;
      }
      exited = false;
      if (turn.answer !== undefined) {
        const leaked = changedFacts(before, now, turn.facts ?? {});
        if (!questions.add(answeredAsQuestion && leaked.length === 0)) {
          const what = answeredAsQuestion
            ? `question stored facts it does not state: ${mismatchText(leaked)}`
            : 'question not answered as a question';
          fail({ at, what, say: turn.say }, heard);
        }
        if (turn.answer.length > 0 && !conversationAnswers.add(answeredAsQuestion && hasFigures(heard.text, turn.answer)))
          fail({ at, what: 'answer: figure missing', say: turn.say, expected: turn.answer }, heard);
      } else if (!statements.add(!answeredAsQuestion)) fail({ at, what: 'statement answered as a question', say: turn.say }, heard);
    }

    // The user answers whatever the bot still asks, then asks for the result.
    const tries = new Map<string, number>();
    for (let extra = 0; !exited && extra < MAX_EXTRA_TURNS; extra++) {
      const state = last?.state ?? null;
      const at = `${conv.id}+${extra + 1}`;
      const before = held(state);
      if (state?.pending) {
        const n = tries.get(state.pending) ?? 0;
        if (n >= MAX_SAME_QUESTION) break;
        tries.set(state.pending, n + 1);
        const id = questionId(state.pending);
        const answer = conv.answers[id];
        const heard = await send(chat, at, answer?.say ?? conv.otherwise);
        track(heard, before);
        // Scored the first time only: sending it again is the user insisting, not a new answer.
        if (!answer || n > 0) continue;
        const expectedBefore = expected;
        expected = carry(expected, answer.facts);
        const now = held(heard.state);
        const mismatches = turnMismatches({ expectedBefore, heldBefore: before, stated: answer.facts, heldAfter: now, skip });
        if (!answered.add(mismatches.length === 0))
          fail({ at, what: `answer to ${id}: ${mismatchText(mismatches)}`, say: answer.say, expected: answer.facts, held: now }, heard);
        if (!statements.add(!heard.replies.some(isAnswer))) fail({ at, what: 'answer taken as a question', say: answer.say }, heard);
      } else break;
    }
    // Nothing left to answer (or the bot cannot read an answer): the user asks for the result of what they said.
    if (!exited && !resultShown && last?.state?.city) {
      const before = held(last.state);
      track(await send(chat, `${conv.id}+result`, '看结果'), before);
    }
    const expect = conv.expect;
    if (expect && 'exited' in expect) {
      // Right when the conversation's last scripted turn is an exit that closed politely and kept the facts.
      const lastAt = `${conv.id}#${conv.turns.length}`;
      const closed = conv.turns.at(-1)?.exit === true && !failures.some((f) => f.at === lastAt && f.what.startsWith('exit'));
      if (!conversationsRight.add(closed))
        failures.push({
          at: conv.id,
          what: 'result: expected the user to leave with a polite close',
          say: '(end)',
          reply: oneLine(last?.text ?? ''),
        });
    } else if (expect) {
      if (!cities.has(expect.city)) notCovered.push(conv.id);
      else {
        const problem = resultProblem(bot, expect, last?.state ?? null, chat.now(), resultShown);
        if (!conversationsRight.add(problem === undefined))
          failures.push({ at: conv.id, what: `result: ${problem}`, say: '(end)', expected: expect, reply: oneLine(last?.text ?? '') });
      }
    }
    await chat.end();
  }

  for (const q of part.questions) {
    // As the very first message of a new user; not for a question whose figure depends on its context.
    if (q.context === undefined) {
      const first = await bot.open(`eval:${part.name}:${q.id}:first`, Date.parse(DEFAULT_START));
      const heardFirst = await send(first, `${q.id}/first`, q.q);
      await first.end();
      checkQuestion(q, 'first', {}, heardFirst, faqFirst);
    }
    // Mid-form: after the context, while the bot waits for an answer.
    const contextText = q.context ?? DEFAULT_CONTEXT;
    const mid = await bot.open(`eval:${part.name}:${q.id}:mid`, Date.parse(DEFAULT_START));
    const context = await send(mid, `${q.id}/context`, contextText);
    const heardMid = await send(mid, `${q.id}/mid`, q.q);
    await mid.end();
    if (!context.state?.pending)
      fail({ at: `${q.id}/context`, what: 'context: the bot is not waiting for an answer', say: contextText }, context);
    checkQuestion(q, 'mid', held(context.state), heardMid, faqMid);
  }

  function checkQuestion(q: EvalQuestion, mode: 'first' | 'mid', before: FactMap, heard: HeardTurn, figure: Counter): void {
    const at = `${q.id}/${mode}`;
    const leaked = changedFacts(before, held(heard.state), q.facts ?? {});
    const asQuestion = heard.replies.some(isAnswer);
    if (!questions.add(asQuestion && leaked.length === 0)) {
      const what = asQuestion ? `question stored facts it does not state: ${mismatchText(leaked)}` : 'question not answered as a question';
      fail({ at, what, say: q.q }, heard);
    }
    const figures = hasFigures(heard.text, q.expect);
    const forbidden = q.notExpect.filter((s) => heard.text.includes(s));
    // Mid-form, the facts already given must stay as they were.
    const kept = mode === 'first' || leaked.length === 0;
    if (!figure.add(figures && forbidden.length === 0 && kept)) {
      const what = [
        figures ? '' : 'figure missing',
        forbidden.length ? `must not say ${forbidden.join('/')}` : '',
        kept ? '' : 'facts changed',
      ]
        .filter(Boolean)
        .join('; ');
      fail({ at, what: `faq ${mode}: ${what}`, say: q.q, expected: q.expect }, heard);
    }
  }

  const report: PartReport = {
    conversations: part.conversations.length,
    userTurns,
    questions: part.questions.length,
    factAccuracy: facts.figure,
    answeredQuestions: answered.figure,
    conversationsRight: { ...conversationsRight.figure, notCovered },
    questionVsAnswer: {
      ...sum(questions, statements),
      questions: questions.figure,
      statements: statements.figure,
    },
    conversationAnswers: conversationAnswers.figure,
    faqFirstMessage: faqFirst.figure,
    faqMidForm: faqMid.figure,
    exits: exits.figure,
    rawValues: { count: raw.length },
  };
  if (options.details) {
    report.rawValues.found = raw;
    report.failures = failures;
  }
  return report;
}

function sum(...counters: Counter[]): Figure {
  const c = new Counter();
  for (const x of counters) {
    c.right += x.right;
    c.total += x.total;
  }
  return c.figure;
}

/** The route the expectation names: the city's first route of that kind that is not background. */
function mainRoute(routes: RouteResult[], kind: EvalExpect['route']): RouteResult | undefined {
  const ofKind = routes.filter((r) => r.kind === kind);
  return ofKind.find((r) => !r.supplementary) ?? ofKind[0];
}

function sameRange(expected: number | { min: number; max: number }, got: { min: number; max: number } | undefined): boolean {
  const want = typeof expected === 'number' ? { min: expected, max: expected } : expected;
  return got !== undefined && got.min === want.min && got.max === want.max;
}

const rangeText = (r: { min: number; max: number } | undefined) => (r ? (r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`) : 'none');

/** Why the conversation did not end as expected, or undefined when it did. Scored as the bot's result is: on the held facts. */
function resultProblem(bot: EvalBot, expect: EvalExpect, state: DialogState | null, now: number, shown: boolean): string | undefined {
  if (!state) return 'no session at the end';
  if (state.city !== expect.city) return `city: expected ${expect.city}, held ${state.city}`;
  if (!shown) return 'the result for the final facts was never shown';
  const result = bot.core.rules.evaluate(scorable(state.facts), state.city, localDate(now, bot.timezone));
  const route = mainRoute(result.routes, expect.route);
  if (!route) return `no ${expect.route} route`;
  const problems: string[] = [];
  if (route.status !== expect.status) problems.push(`status: expected ${expect.status}, got ${route.status}`);
  if (expect.total !== undefined && !sameRange(expect.total, route.total))
    problems.push(
      `total: expected ${rangeText(typeof expect.total === 'number' ? { min: expect.total, max: expect.total } : expect.total)}, got ${rangeText(route.total)}`,
    );
  if (expect.amount !== undefined && !sameRange(expect.amount, route.amount))
    problems.push(
      `amount: expected ${rangeText(typeof expect.amount === 'number' ? { min: expect.amount, max: expect.amount } : expect.amount)}, got ${rangeText(route.amount)}`,
    );
  if (expect.threshold !== undefined && route.threshold !== expect.threshold)
    problems.push(`threshold: expected ${expect.threshold}, got ${route.threshold}`);
  return problems.length ? `${problems.join('; ')} (held ${JSON.stringify(state.facts)})` : undefined;
}
