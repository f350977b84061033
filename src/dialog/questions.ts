/**
 * Which question comes next, and how to ask it. The order follows the city's rules (`neededFacts`), so a new rule
 * needing a new fact is asked about as soon as `dialogs/intake.yaml` has an entry for it.
 */
import type { Certificate, FactName, Facts } from '../scoring/facts.js';
import type { Choice, Reply } from '../contract/index.js';
import { choiceValue } from './choice-value.js';
import { cityChoices, cityNames } from './city-choices.js';
import type { CityInfo, DialogContext, Expectation, NeededFact } from './ports.js';
import { coveredFacts, fill, type DialogSpec, type Question } from './spec.js';
import type { DialogState } from './state.js';
import { memoPerObject } from '../cache/memo-per-object.js';

export interface QuestionKey {
  id: string;
  /** Certificate index, for certificate sub-questions. */
  index?: number;
}

export function parseKey(key: string): QuestionKey {
  const hash = key.lastIndexOf('#');
  if (hash < 0) return { id: key };
  return { id: key.slice(0, hash), index: Number(key.slice(hash + 1)) };
}

export function keyOf(id: string, index?: number): string {
  return index === undefined ? id : `${id}#${index}`;
}

/**
 * Lookups derived from a spec, built on first use and kept as long as the spec: a spec does not change once loaded,
 * and these were searched anew several times a turn.
 */
interface SpecIndex {
  /** Fact → the group question (multi-choice) it belongs to; absent when it belongs to none. */
  groupByFact: Map<string, Question>;
  /** Needed fact ("certificates", "certificates.issuedOn") → the certificate field questions asked for it, in order. */
  certificateQuestions: Map<string, Question[]>;
  /** Question key → its buttons (and their values), built once: asking a question built them anew every turn. */
  choicesByKey: Map<string, { choices: readonly Choice[]; values: readonly string[] }>;
}
const indexOf = memoPerObject((spec: DialogSpec): SpecIndex => {
  const groupByFact = new Map<string, Question>();
  for (const q of spec.questions) if (q.multi) for (const fact of coveredFacts(q)) if (!groupByFact.has(fact)) groupByFact.set(fact, q);
  return { groupByFact, certificateQuestions: new Map(), choicesByKey: new Map() };
});

/** The group question (multi-choice) a fact belongs to, if any. */
export function groupOf(spec: DialogSpec, fact: string): Question | undefined {
  return indexOf(spec).groupByFact.get(fact);
}

/** The certificate field questions asked when the rules need `factPath`: its own and those asked `with` it. */
function certificateQuestionsFor(spec: DialogSpec, factPath: string): Question[] {
  const known = indexOf(spec).certificateQuestions;
  let qs = known.get(factPath);
  if (!qs) {
    qs = spec.questions.filter((q) => q.field && (q.id === factPath || q.with === factPath));
    known.set(factPath, qs);
  }
  return qs;
}

/** The question that asks `fact`: its group while the group is unanswered, else its own entry. */
export function questionForFact(spec: DialogSpec, facts: Facts, fact: string, skipped: string[]): Question | undefined {
  const group = groupOf(spec, fact);
  if (group && !groupAnswered(group, facts) && !skipped.includes(group.id)) return group;
  const own = spec.byFact.get(fact);
  if (own?.after && !skipped.includes(own.after)) {
    const parent = spec.byId.get(own.after);
    if (parent && !groupAnswered(parent, facts)) return parent;
  }
  return own;
}

export function groupAnswered(group: Question, facts: Facts): boolean {
  return coveredFacts(group).some((f) => (facts as Record<string, unknown>)[f] !== undefined);
}

function certField(c: Certificate, field: string): unknown {
  return (c as Record<string, unknown>)[field];
}

/** Is the question behind `key` answered (or skipped) in this state? */
export function isSettled(state: DialogState, spec: DialogSpec, key: string): boolean {
  if (state.skipped.includes(key)) return true;
  if (key === 'city') return state.city !== undefined;
  const { id, index } = parseKey(key);
  const q = spec.byId.get(id);
  if (!q) return true;
  if (q.field !== undefined) {
    const c = state.facts.certificates?.[index ?? -1];
    return !c || certField(c, q.field) !== undefined;
  }
  const facts = state.facts as Record<string, unknown>;
  if (q.multi) return groupAnswered(q, state.facts);
  return coveredFacts(q).every((f) => facts[f] !== undefined);
}

function needed(ctx: DialogContext, state: DialogState): NeededFact[] {
  return state.city ? ctx.rules.neededFacts(state.city) : [];
}

/** True when the user may skip the question: optional in the intake or for the city's rules. */
export function isOptional(ctx: DialogContext, state: DialogState, key: string): boolean {
  const { id } = parseKey(key);
  const q = ctx.spec.byId.get(id);
  if (q?.optional) return true;
  const facts = q ? (q.field ? [id] : coveredFacts(q)) : [id];
  const list = needed(ctx, state);
  const hits = list.filter((n) => facts.includes(n.fact));
  return hits.length > 0 && hits.every((n) => n.importance === 'optional');
}

/** The next question to ask, or null when the intake for the chosen city is complete. */
export function nextQuestion(state: DialogState, ctx: DialogContext): string | null {
  if (!state.city) return 'city';
  const { spec } = ctx;
  const facts = state.facts as Record<string, unknown>;
  for (const n of needed(ctx, state)) {
    const dot = n.fact.indexOf('.');
    const top = dot < 0 ? n.fact : n.fact.slice(0, dot);
    if (dot >= 0 || top === 'certificates') {
      if (state.facts.certificates === undefined) {
        if (!state.skipped.includes('certificates')) return 'certificates';
        continue;
      }
      const key = certificateQuestion(state, spec, n.fact);
      if (key) return key;
      continue;
    }
    if (facts[top] !== undefined) continue;
    const q = questionForFact(spec, state.facts, top, state.skipped);
    if (q && !state.skipped.includes(q.id) && asksNow(q, facts)) return q.id;
  }
  return null;
}

/** A question with `askIf` waits until its facts say it matters (a fact not known yet: not asked yet). */
function asksNow(q: Question, facts: Record<string, unknown>): boolean {
  if (!q.askIf) return true;
  for (const [fact, values] of Object.entries(q.askIf)) if (!values.includes(facts[fact] as string)) return false;
  return true;
}

/** The first certificate field question still open for `factPath` ("certificates.issuedOn#0"), or null. */
function certificateQuestion(state: DialogState, spec: DialogSpec, factPath: string): string | null {
  const certs = state.facts.certificates ?? [];
  for (const q of certificateQuestionsFor(spec, factPath)) {
    for (let i = 0; i < certs.length; i++) {
      const c = certs[i]!;
      // Kind and field first: the key is only written for a question this certificate still needs.
      if (!q.forKinds?.includes(c.kind) || certField(c, q.field!) !== undefined) continue;
      const key = keyOf(q.id, i);
      if (!state.skipped.includes(key)) return key;
    }
  }
  return null;
}

/** Certificate fields the reader knows how to read on its own; other fields are read through their choices. */
const READABLE_CERT_FIELDS = ['issuedOn', 'issuedWhileWorkingInCity', 'matchesJob', 'lastReviewOn'] as const;
type ReadableCertField = (typeof READABLE_CERT_FIELDS)[number];

export function expectationFor(key: string, spec: DialogSpec): Expectation {
  if (key === 'city') return { fact: 'city' };
  const { id, index } = parseKey(key);
  const q = spec.byId.get(id);
  if (q?.field !== undefined && (READABLE_CERT_FIELDS as readonly string[]).includes(q.field)) {
    return { certificateField: q.field as ReadableCertField, index: index ?? 0 };
  }
  if (q && (q.multi || q.field !== undefined)) return { choices: q.choices.map((c) => ({ label: c.label, value: String(c.value) })) };
  // A few named values (性别, 缴费基数档): the labels are how people answer. Education has its own reader.
  const named =
    id !== 'education' && q !== undefined && q.choices.length > 0 && q.choices.every((c) => typeof c.value === 'string' && !c.sets);
  return named
    ? { fact: id as FactName, choices: q.choices.map((c) => ({ label: c.label, value: String(c.value) })) }
    : { fact: id as FactName };
}

/** A short name for a certificate, e.g. "电工四级", "低压电工作业操作证". */
export function certificateLabel(c: Certificate, messages: Record<string, string>): string {
  if (c.kind === 'skill') return `${c.occupation}${c.level ? (messages[`level.${c.level}`] ?? `${c.level}级`) : ''}`;
  if (c.kind === 'title')
    return `${c.occupation}${c.titleLevel ? (messages[`title.${c.titleLevel}`] ?? '') : ''}${messages.titleSuffix ?? ''}`;
  return `${c.occupation}${messages.permitSuffix ?? ''}`;
}

export function choicesFor(key: string, _state: DialogState, ctx: DialogContext): Choice[] {
  return [...questionChoices(key, ctx).choices];
}

/** Keys kept per spec: question ids × certificate indexes (at most 10), with room to spare; stored keys are untrusted. */
const CHOICE_KEYS_KEPT = 1024;

/** A question's buttons, frozen (shared between turns and replies), and their values, only ever handed out copied. */
interface BuiltChoices {
  choices: readonly Choice[];
  /** Not frozen: V8 copies a frozen array with `slice` far more slowly (docs/benchmarks.md, "Why some code is shaped for speed"). */
  values: readonly string[];
}

function frozenChoices(choices: Choice[]): BuiltChoices {
  for (const c of choices) Object.freeze(c);
  return { choices: Object.freeze(choices), values: choices.map((c) => c.value) };
}

/**
 * The city buttons per list of cities and spec (both live as long as the process): the city question is asked to
 * every new user.
 */
const cityChoicesByCities = new WeakMap<readonly CityInfo[], WeakMap<DialogSpec, BuiltChoices>>();

/**
 * The buttons of the question `key` and their values, shared between turns: read only (a reply's `choices` and the
 * state's `offered` get these arrays, and neither is changed in place once built). Shared so that the Telegram
 * renderer, which memoises a keyboard per frozen array, builds each keyboard once.
 */
function questionChoices(key: string, ctx: DialogContext): BuiltChoices {
  if (key === 'city') {
    // The cities come from the rules, not the spec.
    const cities = ctx.rules.cities;
    let bySpec = cityChoicesByCities.get(cities);
    if (!bySpec) cityChoicesByCities.set(cities, (bySpec = new WeakMap()));
    let built = bySpec.get(ctx.spec);
    if (!built) {
      const choices = cityChoices(cities, ctx.spec.cityButtons);
      built = frozenChoices(choices.map((c) => ({ label: c.label, value: choiceValue.answer('city', c.id) })));
      bySpec.set(ctx.spec, built);
    }
    return built;
  }
  const known = indexOf(ctx.spec).choicesByKey;
  let built = known.get(key);
  if (!built) {
    const q = ctx.spec.byId.get(parseKey(key).id);
    // Frozen: a change made for one reply would otherwise show in every later one.
    built = frozenChoices((q?.choices ?? []).map((c) => ({ label: c.label, value: choiceValue.answer(key, c.value) })));
    if (known.size < CHOICE_KEYS_KEPT) known.set(key, built);
  }
  return built;
}

/** Per frozen choices, the same followed by a 跳过 button labelled `label` (one label per spec, so one entry). */
const withSkipByChoices = new WeakMap<readonly Choice[], { label: string; built: BuiltChoices }>();

/** `built` with the 跳过 button appended, shared like `built` (offered on every reprompt of an optional question). */
function withSkipChoice(built: BuiltChoices, label: string): BuiltChoices {
  const known = withSkipByChoices.get(built.choices);
  if (known?.label === label) return known.built;
  const withSkip = frozenChoices([...built.choices, { label, value: choiceValue.command('skip') }]);
  withSkipByChoices.set(built.choices, { label, built: withSkip });
  return withSkip;
}

/** The value of the button of question `key` labelled exactly `label`, if any. */
export function choiceByLabel(key: string, label: string, ctx: DialogContext): string | undefined {
  return questionChoices(key, ctx).choices.find((c) => c.label === label)?.value;
}

export type AskMode = 'first' | 'example' | 'choices';

/** The reply asking `key`; records the offered choices in the state. */
export function ask(key: string, state: DialogState, ctx: DialogContext, mode: AskMode = 'first'): Reply {
  const m = ctx.spec.messages;
  const { id, index } = parseKey(key);
  const q = key === 'city' ? ctx.spec.byId.get('city') : ctx.spec.byId.get(id);
  const cert = index !== undefined ? state.facts.certificates?.[index] : undefined;
  const cityName = ctx.rules.cities.find((c) => c.id === state.city)?.name ?? m.thisCity;
  const params = {
    certificate: cert ? certificateLabel(cert, m) : '',
    city: cityName,
    cities: key === 'city' ? cityNames(ctx.rules.cities) : '',
  };
  const prompt = fill(q?.prompt ?? key, params);
  let text = prompt;
  const withSkip = mode === 'choices' && isOptional(ctx, state, key);
  const built = withSkip ? withSkipChoice(questionChoices(key, ctx), m.skipChoice) : questionChoices(key, ctx);
  const choices = built.choices as Choice[];
  if (mode !== 'first') {
    const reprompt = fill(q?.reprompt ?? m.notUnderstood, params);
    // A reprompt that already gives an example ("比如“2021年6月”") is not followed by a second "比如".
    const lead = m.exampleLead.slice(0, m.exampleLead.indexOf('{')).replace(/[：:\s]+$/, '');
    const hasExample = lead !== '' && reprompt.includes(lead);
    const example = q?.examples.length && !hasExample ? fill(m.exampleLead, { example: q.examples.join('、') }) : '';
    text = [reprompt, example].filter(Boolean).join('\n');
  }
  // A copy: the state's list is the turn's own (commands replace it, nothing adds to it, but it is not ours to share).
  state.offered = built.values.slice();
  if (!choices.length) return { kind: 'question', text };
  text += `\n${q?.multi ? m.multiHint : m.choicesHint}`;
  return { kind: 'question', text, choices };
}
