/** Answers that change the facts: button picks, the city, resolved ambiguities, and the validated commit of them all. */
import { switchCity } from './city-facts.js';
import type { Certificate, Facts } from '../scoring/facts.js';
import { applyChoices, mergeCertificates, describeChanges, describeValue, labelOf } from './apply.js';
import { choiceValue } from './choice-value.js';
import { cityNames, OTHER_CITIES } from './city-choices.js';
import type { Understanding } from './ports.js';
import { sameJson } from './same-json.js';
import { afterChange, askNext, reAsk } from './progress.js';
import type { StepResult, Turn } from './turn.js';

/** A button press or numbered pick answering a question (possibly not the pending one: a late press corrects). */
export function answerChoice(turn: Turn, key: string, value: string, extra: string[] = []): StepResult {
  const s = turn.state;
  const values = [value, ...extra];
  if (key === 'city') return setCity(turn, values[0]!);
  const next = applyChoices(s.facts, key, values, turn.ctx.spec);
  if (!next) return turn.entries.readText(turn, values.join(' '));
  if (key !== s.pending) s.pending = key;
  const q = turn.ctx.spec.byId.get(key);
  const picked = q?.multi
    ? [
        `${q.label} ${q.choices
          .filter((c) => values.includes(String(c.value)))
          .map((c) => c.label)
          .join('、')}`,
      ]
    : [];
  return commitFacts(turn, next, picked);
}

/** 城市换成了…; when facts about the old city were put aside, which ones (they hold there, not here). */
export function cityChangedNotice(turn: Turn, from: string, to: string, stashed: string[]): void {
  const name = (id: string) => turn.ctx.rules.cities.find((c) => c.id === id)?.name ?? id;
  if (!stashed.length) {
    turn.notice('cityChanged', { city: name(to) });
    return;
  }
  const label = (f: string) => turn.ctx.spec.byId.get(f)?.label ?? labelOf(turn.ctx.spec, f);
  const facts = [...new Set(stashed.map(label))].join('、');
  turn.notice('cityChangedScoped', { city: name(to), old: name(from), facts });
}

export function setCity(turn: Turn, cityId: string): StepResult {
  const s = turn.state;
  if (cityId === OTHER_CITIES) return listCities(turn);
  const city = turn.ctx.rules.cities.find((c) => c.id === cityId);
  if (!city) return turn.entries.readText(turn, cityId);
  const changed = s.city !== undefined && s.city !== city.id;
  const from = s.city;
  const moved = switchCity(s, city.id);
  s.facts = moved.facts;
  if (changed) cityChangedNotice(turn, from!, city.id, moved.stashed);
  else turn.notice('noted', { facts: `${labelOf(turn.ctx.spec, 'city')} ${city.name}` });
  if (s.pending === 'city' || changed) s.misses = 0;
  if (changed && s.done) {
    s.answered.push('city');
    return afterChange(turn);
  }
  return askNext(turn);
}

/** 其他城市: every covered city by name, and the question stays open for a typed name (any alias works). */
function listCities(turn: Turn): StepResult {
  const s = turn.state;
  if (!s.city) s.pending = 'city';
  s.offered = [];
  turn.notice('otherCities', { cities: cityNames(turn.ctx.rules.cities) }, 'question');
  return turn.done();
}

/** A skill certificate without its level (or a title without its grade) is not wrong, only incomplete: asked next. */
const INCOMPLETE = /^certificates\[\d+\]\.(level|titleLevel)$/;
/** Codes whose wording does not depend on the fact (dates, years beyond a working life). */
const CODE_MESSAGES = new Set(['future_date', 'before_working_age', 'exceeds_working_life', 'before_issue', 'invalid_date']);

/** Validates merged facts; invalid → a friendly error naming the value, the old facts kept, the question again. */
export function commitFacts(turn: Turn, next: Facts, alsoNoted: string[] = []): StepResult {
  const outcome = recordFacts(turn, next, alsoNoted);
  if (outcome === 'invalid') return reAsk(turn);
  if (turn.state.done && outcome === 'recorded') return afterChange(turn);
  return askNext(turn);
}

/**
 * Validates merged facts and keeps them, saying in one line what was recorded or changed. Invalid: a friendly error
 * naming the value, the old facts kept. 'same' when nothing the user sees changed.
 */
export function recordFacts(
  turn: Turn,
  next: Facts,
  alsoNoted: string[] = [],
  saidAs?: Understanding['saidAs'],
): 'invalid' | 'recorded' | 'same' {
  const s = turn.state;
  const { ctx } = turn;
  const checked = ctx.rules.validate(next, ctx.today);
  const errors = checked.ok ? [] : checked.errors.filter((e) => !(e.code === 'required' && INCOMPLETE.test(e.path)));
  if (errors.length) {
    for (const problem of errors.slice(0, 3)) {
      const fact = problem.path.split(/[.[]/)[0] ?? '';
      const value = valueAt(next, problem.path);
      const m = ctx.spec.messages;
      const key =
        CODE_MESSAGES.has(problem.code) && m[`invalid.${problem.code}`]
          ? `invalid.${problem.code}`
          : m[`invalid.${fact}`]
            ? `invalid.${fact}`
            : 'invalid.default';
      const shown = value === undefined ? '' : typeof value === 'object' ? '' : String(value);
      turn.notice(key, { label: labelOf(ctx.spec, fact), value: shown }, 'error');
    }
    turn.notice('keptOld');
    return 'invalid';
  }
  const facts = checked.ok ? checked.facts : next;
  const { added: addedFacts, changed } = describeChanges(ctx.spec, s.facts, facts, saidAs);
  const added = [...alsoNoted, ...addedFacts];
  const same = sameJson(facts, s.facts);
  s.facts = facts;
  if (changed.length) turn.notice('updated', { facts: changed.join('；') });
  if (added.length) turn.notice('noted', { facts: added.join('；') });
  return changed.length || added.length || !same ? 'recorded' : 'same';
}

function valueAt(facts: Facts, path: string): unknown {
  let cur: unknown = facts;
  for (const part of path.split(/[.[\]]+/).filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function ambiguity(turn: Turn, u: Understanding, previous?: StepResult): StepResult {
  const first = u.ambiguities[0]!;
  // The question asked by the commit (if any) is replaced by the clarifying one; notices stay.
  if (previous) {
    const drop = turn.replies.findIndex((r) => r.kind === 'question' || r.kind === 'result');
    if (drop >= 0) turn.replies.splice(drop, 1);
  }
  const choices = first.options.map((o) => ({ label: o.label, value: choiceValue.ambiguity(first.about, o.value) }));
  turn.state.offered = choices.map((c) => c.value);
  const text = turn.ctx.spec.messages[`ambiguity.${first.question}`] ?? turn.msg('ambiguity.default');
  turn.replies.push({ kind: 'question', text: `${text}\n${turn.msg('choicesHint')}`, choices });
  return turn.done();
}

const CERT_OPTION = /^(skill|special_operation|title):([^:]+)(?::(\d))?$/;

/** The user picked one reading of an ambiguous phrase: apply it as if they had said it plainly. */
export function resolveAmbiguity(turn: Turn, about: string, picked: string): StepResult {
  const s = turn.state;
  if (about === 'city') return setCity(turn, picked);
  if (about === 'education') {
    // "本科" was kept as no degree while the question was open: the answer "没有" changes nothing but is confirmed.
    const said =
      s.facts.education === picked ? [`${labelOf(turn.ctx.spec, 'education')} ${describeValue(turn.ctx.spec, 'education', picked)}`] : [];
    return commitFacts(turn, { ...s.facts, education: picked as Facts['education'] }, said);
  }
  const cert = CERT_OPTION.exec(picked);
  if (cert) {
    const c: Certificate = { kind: cert[1] as Certificate['kind'], occupation: cert[2]!, ...(cert[3] ? { level: Number(cert[3]) } : {}) };
    return commitFacts(turn, { ...s.facts, certificates: mergeCertificates(s.facts.certificates, [c]) });
  }
  // "none of these" (e.g. an English-test level): nothing to record.
  if (picked === 'other') return reAsk(turn);
  return turn.entries.readText(turn, picked);
}
