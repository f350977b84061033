/**
 * What a message does, decided in one place. A message may carry several dialogue acts at once — a command, an exit,
 * facts, a correction, an answer to the pending question, a question — and they are handled in one turn, in this
 * order:
 *   1. commands and navigation (上一步, 看结果, 删除我的数据, 转人工), leaving (算了, 再见);
 *   2. facts and corrections, recorded and confirmed in one line ("记下了：…", "改好了：年龄 32岁 → 39岁");
 *   3. the question, answered with the facts now known (the city just named included);
 *   4. the form goes on: a clarifying question, the next question, the re-scored result, or the same question again.
 */
import type { Certificate, Facts } from '../scoring/facts.js';
import { applyUnderstanding, labelOf } from './apply.js';
import { ambiguity, answerChoice, cityChangedNotice, recordFacts, resolveAmbiguity } from './answers.js';
import { switchCity } from './city-facts.js';
import { commandOf, runCommand } from './commands.js';
import { askAgain, miss } from './digressions.js';
import type { Understanding } from './ports.js';
import { afterChange, askNext, reAsk } from './progress.js';
import { ask, isOptional, parseKey } from './questions.js';
import { scorable } from './scorable.js';
import { sameJson } from './same-json.js';
import { choiceValue } from './text-choices.js';
import type { StepResult, Turn } from './turn.js';

type Conditions = NonNullable<Understanding['certificateConditions']>;

export function actOn(turn: Turn, said: Understanding, text: string): StepResult {
  const s = turn.state;
  const { ctx } = turn;
  const u = withCertificatePlace(said, s.city);

  // 1. Commands (a person included), leaving.
  const command = commandOf(u.intents);
  const statesFacts = statesSomething(u);
  // "我想算一下上海的积分 我今年三十八岁": the facts first, then the result (or comparison) asked for with them.
  if (command && statesFacts && FACTS_THEN_COMMAND.has(command.name)) {
    const next = withBirthYear(applyUnderstanding(s.facts, u, undefined, ctx.spec), u, ctx.today);
    const alsoNoted: string[] = [];
    let facts = next;
    if (u.city !== undefined && u.city !== s.city) {
      const from = s.city;
      // What this message says about the city (insurance years …) is the new city's; the old city's is put aside.
      const moved = switchCity(s, u.city, next);
      facts = moved.facts;
      if (from !== undefined) cityChangedNotice(turn, from, u.city, moved.stashed);
      else alsoNoted.push(`${labelOf(ctx.spec, 'city')} ${cityName(turn, u.city)}`);
    }
    if (recordFacts(turn, facts, alsoNoted, u.saidAs) === 'invalid') return reAsk(turn);
  }
  if (command) return runCommand(turn, command.name, command.intent);
  if (has(u, 'exit') && !statesFacts && !u.isQuestion) return leave(turn);
  s.resumeOffered = false;

  // The degree follow-up ("你的本科有没有学士学位？") answered in words: "有的", "拿了学位", "没有".
  if (u.choice !== undefined && s.offered.some((v) => v === `a:education:${u.choice}`)) {
    return resolveAmbiguity(turn, 'education', u.choice);
  }
  if (u.choice !== undefined && s.pending && s.pending !== 'city') {
    const value = choiceValue(turn, s.pending, u.choice);
    if (value !== undefined) return answerChoice(turn, s.pending, value);
  }

  // 2. Facts and corrections.
  const correcting = has(u, 'correction');
  const reading = correcting ? withCorrectionTargets(turn, u) : u;
  let next = applyUnderstanding(s.facts, reading, s.pending, ctx.spec);
  next = withBirthYear(next, reading, ctx.today);
  if (reading.backPaidYears !== undefined && next.socialInsuranceYears !== undefined && reading.facts.socialInsuranceYears === undefined) {
    next = { ...next, socialInsuranceYears: Math.max(0, next.socialInsuranceYears - reading.backPaidYears) };
  }
  // A question does not overwrite what the user said before ("大专毕业有四级证 考三级要等几年" after 高中): it may be
  // about someone else's case; only a correction changes a known fact.
  if (u.isQuestion && !correcting) next = keepKnown(s.facts, next);
  next = withCertificateDetails(next, reading, s.pending, correcting);
  // In the middle of the form, a question that says nothing of the user ("天津积分 高级工证算几分", "考个中级证 补贴
  //多少钱") names its topic, not the user's case: nothing in it is recorded, and the user does not move to its city.
  const topicOnly = u.isQuestion && !correcting && s.city !== undefined && !saysOwnCase(u, text);
  if (topicOnly) next = s.facts;
  const factsChanged = !sameJson(next, s.facts);
  const cityChanged = u.city !== undefined && u.city !== s.city && !topicOnly;
  const alsoNoted: string[] = [];
  if (cityChanged) {
    const from = s.city;
    // What this message says about the city (insurance years …) is the new city's; the old city's is put aside.
    const moved = switchCity(s, u.city, next);
    next = moved.facts;
    if (s.pending === 'city') s.misses = 0;
    if (from !== undefined) cityChangedNotice(turn, from, u.city!, moved.stashed);
    else alsoNoted.push(`${labelOf(ctx.spec, 'city')} ${cityName(turn, u.city!)}`);
  }
  let recorded = false;
  if (factsChanged || alsoNoted.length > 0 || cityChanged) {
    const outcome = recordFacts(turn, next, alsoNoted, reading.saidAs);
    if (outcome === 'invalid') {
      if (u.isQuestion) answerQuestion(turn, text);
      return reAsk(turn);
    }
    recorded = outcome === 'recorded';
  }
  // 3. The question, for this user; about a city not covered, the answer is which cities are.
  const uncovered = u.uncoveredCity !== undefined && u.city === undefined;
  if (uncovered) {
    const cities = ctx.rules.cities.map((c) => c.name).join('、');
    turn.notice('uncoveredCity', { city: u.uncoveredCity!, cities });
  } else if (u.isQuestion || has(u, 'faq')) answerQuestion(turn, text);

  // 4. The form goes on.
  // A topic-only question asks nothing back about the certificate it names ("非得有电工证不": which 电工证 is moot).
  const ambiguities = topicOnly ? [] : reading.ambiguities;
  if (ambiguities.length) return ambiguity(turn, { ...reading, ambiguities }, recorded || cityChanged ? turn.done() : undefined);
  if (recorded || cityChanged) return s.done ? afterChange(turn) : askNext(turn);
  if (u.isQuestion || has(u, 'faq') || uncovered) return reAsk(turn);
  const change = u.intents.find((i) => i.type === 'change');
  if (change?.type === 'change') return askAgain(turn, change.fact);
  if (has(u, 'dontKnow')) return dontKnow(turn);
  if (has(u, 'exit')) return leave(turn);
  if (has(u, 'greeting') || correcting) {
    if (has(u, 'greeting') && !turn.replies.length) turn.notice('welcome');
    return reAsk(turn);
  }
  return miss(turn);
}

/**
 * "是在北京考的" while the user's city is 上海: obtained elsewhere, and 北京 is not the city they mean. Said first, the
 * city is where they work.
 */
function withCertificatePlace(u: Understanding, city: string | undefined): Understanding {
  const place = u.certificatePlace;
  const target = city ?? u.city;
  if (place === undefined || target === undefined || place === target) return u;
  const out: Understanding = { ...u };
  if (out.city === place) delete out.city;
  if (u.certificateConditions?.issuedWhileWorkingInCity === true) {
    out.certificateConditions = { ...u.certificateConditions, issuedWhileWorkingInCity: false };
  }
  if (u.certificateUpdates?.some((x) => x.patch.issuedWhileWorkingInCity === true)) {
    out.certificateUpdates = u.certificateUpdates.map((x) =>
      x.patch.issuedWhileWorkingInCity === true ? { ...x, patch: { ...x.patch, issuedWhileWorkingInCity: false } } : x,
    );
  }
  if (u.certificates?.some((c) => c.issuedWhileWorkingInCity === true)) {
    out.certificates = u.certificates.map((c) => (c.issuedWhileWorkingInCity === true ? { ...c, issuedWhileWorkingInCity: false } : c));
  }
  return out;
}

function has(u: Understanding, type: string): boolean {
  return u.intents.some((i) => i.type === type);
}

function statesSomething(u: Understanding): boolean {
  return (
    Object.keys(u.facts).length > 0 ||
    (u.certificates?.length ?? 0) > 0 ||
    u.city !== undefined ||
    u.birthYear !== undefined ||
    u.certificateConditions !== undefined
  );
}

/**
 * The message speaks of the user ("我在天津干了三年 能积分吗", "有个中级证 能加分不", "干了八年了 社保交了六年 够不够")
 * rather than only asking about a place or a rule.
 */
function saysOwnCase(u: Understanding, text: string): boolean {
  const { age, socialInsuranceYears, occupationYears } = u.facts;
  return (
    /[我俺咱]|^(?:有|手上|手里)/u.test(text) || age !== undefined || socialInsuranceYears !== undefined || occupationYears !== undefined
  );
}

function cityName(turn: Turn, id: string): string {
  return turn.ctx.rules.cities.find((c) => c.id === id)?.name ?? id;
}

/** Through the FAQ, with the session's facts and city (a question that names no city is about the user's). */
export function answerQuestion(turn: Turn, text: string): void {
  const s = turn.state;
  const { ctx } = turn;
  const city = s.city === undefined ? undefined : cityName(turn, s.city);
  const context =
    city === undefined ? { facts: scorable(s.facts), today: ctx.today } : { facts: scorable(s.facts), today: ctx.today, city };
  turn.replies.push(ctx.faq.answer(text, context));
}

/** Commands that show something computed from the facts: facts said with them are recorded first. */
const FACTS_THEN_COMMAND = new Set(['result', 'compare']);

/** `next` with every fact already known in `known` put back (new facts kept). */
function keepKnown(known: Facts, next: Facts): Facts {
  const out = { ...next } as Record<string, unknown>;
  for (const [fact, value] of Object.entries(known)) {
    if (value === undefined) continue;
    if (fact === 'certificates' && Array.isArray(value) && value.length > 0) out[fact] = value;
    else if (fact !== 'certificates') out[fact] = value;
  }
  return out as Facts;
}

/** "算了", "再见": a polite close; everything said is kept for when the user comes back. */
function leave(turn: Turn): StepResult {
  turn.notice('goodbye');
  return turn.done();
}

/**
 * "不知道": first, one line on why the fact matters and how to go on without it; the second time (or after a reply
 * that was not understood) the question is set aside and the form goes on, so no sentence is said three times.
 */
function dontKnow(turn: Turn): StepResult {
  const s = turn.state;
  const { ctx } = turn;
  if (!s.pending) return reAsk(turn);
  if (isOptional(ctx, s, s.pending)) {
    s.skipped.push(s.pending);
    turn.notice('dontKnowOptional');
    return askNext(turn);
  }
  if (s.misses === 0) {
    s.misses = 1;
    const why = ctx.spec.byId.get(parseKey(s.pending).id)?.why;
    if (why) turn.notice('dontKnowWhy', { why });
    else turn.notice('dontKnowWhyDefault');
    turn.replies.push(ask(s.pending, s, ctx, 'choices'));
    return turn.done();
  }
  s.skipped.push(s.pending);
  turn.notice('dontKnowSkipped');
  return askNext(turn);
}

/** "85年的": the age this year (the birthday may still be ahead; a year's difference is what people say). */
function withBirthYear(facts: Facts, u: Understanding, today: string): Facts {
  if (u.birthYear === undefined || u.facts.age !== undefined) return facts;
  return { ...facts, age: Number(today.slice(0, 4)) - u.birthYear };
}

/**
 * A condition or date said of "the certificate" without naming it: for the certificate the pending question is
 * about, else for every skill certificate or title that does not have it yet (a correction changes it anyway).
 */
function withCertificateDetails(facts: Facts, u: Understanding, pending: string | undefined, correcting: boolean): Facts {
  const conditions: Conditions = { ...(u.certificateConditions ?? {}) };
  const date = u.certificateDate;
  if (Object.keys(conditions).length === 0 && date === undefined) return facts;
  const certs = facts.certificates;
  if (!certs?.length) return facts;
  const { index } = pending ? parseKey(pending) : { index: undefined };
  const targets = index !== undefined && certs[index] ? [index] : certs.map((_, i) => i);
  const out = certs.map((c, i) => {
    if (!targets.includes(i)) return c;
    const patch: Partial<Certificate> = {};
    for (const [field, value] of Object.entries(conditions) as Array<[keyof Conditions, boolean]>) {
      if (c.kind !== 'special_operation' && (correcting || c[field] === undefined)) patch[field] = value;
    }
    if (date !== undefined && (correcting || c.issuedOn === undefined) && targets.length === 1) patch.issuedOn = date;
    return Object.keys(patch).length ? { ...c, ...patch } : c;
  });
  return sameJson(out, certs) ? facts : { ...facts, certificates: out };
}

/** Numeric facts a bare number may correct, most recently asked first. */
const NUMERIC_FACTS = ['age', 'socialInsuranceYears', 'occupationYears'] as const;

/**
 * "我报错了 其实是39", "证书记错了 是五级的", "不是四级是三级": a correction naming only the new value. The level goes
 * to the user's skill certificate (when there is one), the number to the fact the user answered last that takes it.
 */
function withCorrectionTargets(turn: Turn, u: Understanding): Understanding {
  const s = turn.state;
  let out = u;
  if (u.bareLevel !== undefined && !u.certificates?.length) {
    const skills = (s.facts.certificates ?? []).filter((c) => c.kind === 'skill');
    if (skills.length === 1) {
      // Replaces the old level (one certificate per kind and occupation), its other details kept.
      const corrected: Certificate = { ...skills[0]!, level: u.bareLevel };
      out = { ...out, certificates: [corrected], ambiguities: out.ambiguities.filter((a) => a.about !== 'certificates') };
    }
  }
  const bare = u.bareNumber;
  if (bare !== undefined && bare.unit === 'months' && Object.keys(u.facts).length === 0) {
    // "不是八个月 是十个月": the months known, and the insurance years said in them.
    const facts: Record<string, number> = {};
    if (s.facts.continuousInsuranceMonths !== undefined) facts.continuousInsuranceMonths = bare.value;
    if (s.facts.socialInsuranceYears !== undefined && s.facts.socialInsuranceYears < 1) {
      facts.socialInsuranceYears = Math.floor((bare.value / 12) * 2) / 2;
    }
    return { ...out, facts: { ...out.facts, ...facts } };
  }
  if (bare !== undefined && Object.keys(u.facts).length === 0) {
    const fact =
      u.correctedFact ??
      heldAs(turn, u.replacedNumber) ??
      correctedNumberFact(turn, bare.value, bare.unit === 'months' ? undefined : bare.unit);
    if (fact) out = { ...out, facts: { ...out.facts, [fact]: bare.value } };
  }
  return out;
}

/** "是四十二不是四十": the numeric fact that holds the number said to be wrong, when one does. */
function heldAs(turn: Turn, wrong: number | undefined): string | undefined {
  if (wrong === undefined) return undefined;
  return NUMERIC_FACTS.find((f) => (turn.state.facts as Record<string, unknown>)[f] === wrong);
}

/**
 * The fact a bare number corrects: of those it can be (an age, or years), the one answered last that the number fits
 * ("其实是39" after the insurance years is the age: 39 insured years cannot be); else the first known one.
 */
function correctedNumberFact(turn: Turn, value: number, unit: 'age' | 'years' | undefined): string | undefined {
  if (unit === 'age') return 'age';
  const { answered, facts } = turn.state;
  const candidates = unit === 'years' ? NUMERIC_FACTS.filter((f) => f !== 'age') : NUMERIC_FACTS;
  const ordered: string[] = [];
  for (let i = answered.length - 1; i >= 0; i--) {
    const key = answered[i]!;
    if ((candidates as readonly string[]).includes(key) && !ordered.includes(key)) ordered.push(key);
  }
  for (const f of candidates) if ((facts as Record<string, unknown>)[f] !== undefined && !ordered.includes(f)) ordered.push(f);
  const fits = ordered.find((f) => turn.ctx.rules.validate({ ...facts, [f]: value }, turn.ctx.today).ok);
  return fits ?? ordered[0];
}
