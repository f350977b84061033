/**
 * The conversation state of one user, and its compact stored form.
 * Stored as JSON with one-letter keys and no undefined values: a typical finished intake stays well under 1 KB.
 */
import type { CityFacts } from '../scoring/city-scope.js';
import type { Facts } from '../scoring/facts.js';
import { BoundedTable } from '../cache/memo-per-object.js';
import { type ButtonCommand, choiceValue, decodeChoice } from './choice-value.js';
import { REMINDER_KINDS, type ReminderDateQuestion, type ReminderKind } from './reminder-port.js';

/**
 * A reminder being set up, kept in the state (not in process memory) so 确认 may come in the next message, to another
 * process. `ask` is what we wait for: 'confirm' (then `dueAt` is set) or the date question asked.
 */
export interface PendingReminder {
  ask: 'confirm' | ReminderDateQuestion;
  /** What to remind of, in the user's words or an offer's; '' → the default wording. */
  what: string;
  kind: ReminderKind;
  /** ms since epoch (whole seconds). */
  dueAt?: number;
  repeat?: 'yearly';
  precision?: 'day' | 'time';
  /** For 'ask_meridiem': the user's request, read again with their 上午/下午 put in. */
  text?: string;
}

export interface DialogState {
  /** Chosen city id. */
  city?: string;
  /** Everything known; its city-scoped facts (CITY_SCOPED_FACTS) are those of `city` (or of the city chosen next). */
  facts: Facts;
  /**
   * City-scoped facts given for other cities, by city id: stashed when the city changes, put back when it is chosen
   * again, and used for that city in a comparison (city-facts.ts). Absent in sessions stored before it existed.
   */
  elsewhere?: Record<string, CityFacts>;
  /** The question waiting for an answer: "city", a fact, a group, or "certificates.issuedOn#0". */
  pending?: string;
  /** Unreadable answers to the pending question so far. */
  misses: number;
  /** Values of the last choices offered, so "2" picks the second (WeCom has no buttons). */
  offered: string[];
  /** Answered question keys, most recent last (for 上一步). */
  answered: string[];
  /** Optional questions the user skipped; not asked again. */
  skipped: string[];
  /** The result has been shown at least once. */
  done: boolean;
  /** Waiting for 继续 / 重新开始 after a long pause. */
  resumeOffered: boolean;
  /** A reminder waiting for its date or for 确认. */
  reminder?: PendingReminder;
  updatedAt: number;
}

/** Keeps 上一步 useful without letting the stored state grow without bound. */
export const ANSWERED_KEPT = 12;

export function newState(now: number): DialogState {
  return { facts: {}, misses: 0, offered: [], answered: [], skipped: [], done: false, resumeOffered: false, updatedAt: now };
}

/**
 * A deep copy of a state, so a turn may change its copy freely. Written out for the state's known shape (facts hold
 * primitives and certificates of primitives) because `structuredClone` was the costliest single call of a turn.
 */
export function cloneState(state: DialogState): DialogState {
  const copy: DialogState = {
    ...state,
    facts: cloneFacts(state.facts),
    offered: state.offered.slice(),
    answered: state.answered.slice(),
    skipped: state.skipped.slice(),
  };
  if (state.reminder) copy.reminder = { ...state.reminder };
  if (state.elsewhere) copy.elsewhere = cloneElsewhere(state.elsewhere);
  return copy;
}

function cloneElsewhere(elsewhere: Record<string, CityFacts>): Record<string, CityFacts> {
  const copy: Record<string, CityFacts> = {};
  for (const [city, part] of Object.entries(elsewhere))
    copy[city] = part.certificates ? { ...part, certificates: part.certificates.map((c) => c && { ...c }) } : { ...part };
  return copy;
}

function cloneFacts(facts: Facts): Facts {
  const copy = { ...facts };
  if (facts.certificates) copy.certificates = facts.certificates.map((c) => ({ ...c }));
  return copy;
}

/**
 * Stable short names for the stored form. Append only: a code, once used, keeps its meaning, or stored sessions
 * would read wrong. Names without a code are stored as they are.
 */
const FACT_CODES: Record<string, string> = {
  age: 'a',
  education: 'e',
  certificates: 'c',
  occupationYears: 'oy',
  socialInsuranceYears: 'si',
  insuranceBaseAboveAverage: 'ib',
  insuranceBaseTier: 'it',
  stableEmployment: 'se',
  stableResidence: 'sr',
  ownsHome: 'oh',
  insuredEmployee: 'ie',
  shortageOccupation: 'so',
  acuteShortageOccupation: 'ao',
  subsidyTargetGroup: 'sg',
  shortageMajor: 'sm',
  freshGraduate: 'fg',
  award: 'aw',
  spouseLocalHukouYears: 'sh',
  publicServiceYears: 'ps',
  remoteSuburbYears: 'rs',
  investmentTax100k: 'ix',
  entrepreneurTalent: 'et',
  falseMaterialRecords: 'fm',
  detentionRecords: 'dr',
  criminalRecords: 'cr',
  familyPlanningViolation: 'fp',
  seriousCrime: 'sc',
  city: 'ci',
  relatedMajor: 'rj',
  currentJob: 'cj',
};
const CERT_CODES: Record<string, string> = {
  kind: 'k',
  occupation: 'o',
  level: 'l',
  titleLevel: 't',
  issuedOn: 'd',
  issuedWhileWorkingInCity: 'w',
  matchesJob: 'm',
  lastReviewOn: 'r',
};
const invert = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [v, k]));
const FACT_NAMES_BY_CODE = invert(FACT_CODES);
const CERT_NAMES_BY_CODE = invert(CERT_CODES);

function renameKeys(o: Record<string, unknown>, table: Record<string, string>): Record<string, unknown> {
  const renamed: Record<string, unknown> = {};
  for (const k of Object.keys(o)) renamed[table[k] ?? k] = o[k];
  return renamed;
}

function packFacts(facts: Facts): Record<string, unknown> {
  const packed = renameKeys(facts, FACT_CODES);
  if (facts.certificates) packed[FACT_CODES.certificates!] = facts.certificates.map((c) => renameKeys(c, CERT_CODES));
  return packed;
}

function unpackFacts(packed: Record<string, unknown>): Facts {
  const facts = renameKeys(packed, FACT_NAMES_BY_CODE);
  if (Array.isArray(facts.certificates)) {
    facts.certificates = facts.certificates.map((c: unknown) => renameKeys(c as Record<string, unknown>, CERT_NAMES_BY_CODE));
  }
  return facts as Facts;
}

/**
 * Question keys and offered choice values come from a small set (the intake's questions and choices × certificate
 * indexes), and every turn packs and unpacks the same few of them: remember the translations. Bounded, since stored
 * values are not ours to trust.
 */
const MEMO_LIMIT = 2048;
function memoised(translate: (key: string) => string): (key: string) => string {
  const table = new BoundedTable<string>(MEMO_LIMIT);
  return (key) => table.get(key, translate);
}

const packKey = memoised(translatePackKey);
const unpackKey = memoised(translateUnpackKey);
const packValue = memoised(translatePackValue);
const unpackValue = memoised(translateUnpackValue);

/** "certificates.issuedOn#0" ↔ "c.d#0". */
function translatePackKey(key: string): string {
  const [id, index] = key.split('#');
  const parts = id!.split('.');
  const packed = parts.map((p, i) => (i === 0 ? (FACT_CODES[p] ?? p) : (CERT_CODES[p] ?? p))).join('.');
  return index === undefined ? packed : `${packed}#${index}`;
}

function translateUnpackKey(key: string): string {
  const [id, index] = key.split('#');
  const parts = id!.split('.');
  const name = parts.map((p, i) => (i === 0 ? (FACT_NAMES_BY_CODE[p] ?? p) : (CERT_NAMES_BY_CODE[p] ?? p))).join('.');
  return index === undefined ? name : `${name}#${index}`;
}

/** Offered choice values: "q:<key>=v" → "=<packed key>=v", "cmd:x" → "/x". */
function translatePackValue(v: string): string {
  const decoded = decodeChoice(v);
  if (decoded?.type === 'command') return `/${decoded.name}`;
  if (decoded?.type === 'answer') return `=${packKey(decoded.key)}=${decoded.value}`;
  return v;
}

function translateUnpackValue(v: string): string {
  // A stored name is not trusted here: the engine checks it when the value comes back as a choice.
  if (v.startsWith('/')) return choiceValue.command(v.slice(1) as ButtonCommand);
  const eq = v.startsWith('=') ? v.indexOf('=', 1) : -1;
  if (eq > 0) return choiceValue.answer(unpackKey(v.slice(1, eq)), v.slice(eq + 1));
  return v;
}

interface Stored {
  v: 1;
  c?: string;
  f?: Record<string, unknown>;
  p?: string;
  m?: number;
  o?: string[];
  a?: string[];
  s?: string[];
  d?: 1;
  r?: 1;
  /** City-scoped facts given for other cities: city id → packed facts (certificate fields by index, null = none). */
  x?: Record<string, Record<string, unknown>>;
  /** The pending reminder: q ask, w what, k kind (absent = custom), t dueAt in seconds, y 1 = yearly, p 1 = has a time, x text. */
  rm?: { q: string; w?: string; k?: string; t?: number; y?: 1; p?: 1; x?: string };
  /** updatedAt in whole seconds. */
  u: number;
}

export function serializeState(state: DialogState): string {
  const stored: Stored = {
    v: 1,
    c: state.city,
    f: Object.keys(state.facts).length ? packFacts(state.facts) : undefined,
    p: state.pending === undefined ? undefined : packKey(state.pending),
    m: state.misses || undefined,
    o: state.offered.length ? state.offered.map(packValue) : undefined,
    a: state.answered.length ? packLast(state.answered, ANSWERED_KEPT) : undefined,
    s: state.skipped.length ? state.skipped.map(packKey) : undefined,
    d: state.done ? 1 : undefined,
    r: state.resumeOffered ? 1 : undefined,
    rm: state.reminder ? packReminder(state.reminder) : undefined,
    x: state.elsewhere && Object.keys(state.elsewhere).length ? packElsewhere(state.elsewhere) : undefined,
    u: toSeconds(state.updatedAt),
  };
  // JSON.stringify leaves out undefined properties by itself (a replacer function doing it cost a tenth of a turn).
  return JSON.stringify(stored);
}

/**
 * Exactly what `parseState(serializeState(state))` returns, built from `state` (usually without any JSON): the
 * runtime keeps it for the user's next turn instead of parsing the string it just stored, and a process that kept it
 * must behave like one that reads the string. Shares `state`'s parts where they already read back as they are and
 * never changes them (like the dialog, which treats facts as copy-on-write); what JSON would write its own way goes
 * through the stored form.
 */
export function settleState(state: DialogState): DialogState | null {
  // A time or count JSON would not write as it is (NaN, Infinity, -0) reads back otherwise, if at all: go the long way.
  if (!writtenAsIs(toSeconds(state.updatedAt)) || !Number.isFinite(state.misses)) return parseState(serializeState(state));
  const facts = settledFacts(state.facts);
  const reminder = state.reminder && settledReminder(state.reminder);
  const { answered } = state;
  // The same keys in the same order as parseState's literal: sameJson, like JSON, sees key order.
  return {
    city: state.city,
    facts,
    pending: state.pending === undefined ? undefined : settleKey(state.pending),
    misses: state.misses || 0,
    offered: settledStrings(state.offered, settleValue),
    answered: settledStrings(answered.length > ANSWERED_KEPT ? answered.slice(-ANSWERED_KEPT) : answered, settleKey),
    skipped: settledStrings(state.skipped, settleKey),
    done: state.done,
    resumeOffered: state.resumeOffered,
    ...(reminder ? { reminder } : NO_REMINDER),
    ...(state.elsewhere ? elsewhereOf(packElsewhere(state.elsewhere), true) : NO_REMINDER),
    updatedAt: toSeconds(state.updatedAt) * 1000,
  };
}

function packElsewhere(elsewhere: Record<string, CityFacts>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [city, part] of Object.entries(elsewhere)) {
    const packed = renameKeys(part, FACT_CODES);
    if (part.certificates) packed[FACT_CODES.certificates!] = part.certificates.map((c) => (c ? renameKeys(c, CERT_CODES) : null));
    out[city] = packed;
  }
  return out;
}

/** Stored other-city facts: only known city-scoped names are kept (stored data is not ours to trust). */
function unpackElsewhere(x: unknown): Record<string, CityFacts> | undefined {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const out: Record<string, CityFacts> = {};
  for (const [city, packed] of Object.entries(x as Record<string, unknown>)) {
    if (!packed || typeof packed !== 'object' || Array.isArray(packed)) continue;
    const facts = renameKeys(packed as Record<string, unknown>, FACT_NAMES_BY_CODE);
    if (Array.isArray(facts.certificates))
      facts.certificates = facts.certificates.map((c: unknown) =>
        c && typeof c === 'object' ? renameKeys(c as Record<string, unknown>, CERT_NAMES_BY_CODE) : null,
      );
    out[city] = facts as CityFacts;
  }
  return Object.keys(out).length ? out : undefined;
}

const NO_REMINDER = {};

/** Whole seconds, as `u` and a reminder's `t` are stored. */
function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** JSON writes and reads back this number unchanged (not NaN, ±Infinity, which become null, nor -0, which becomes 0). */
function writtenAsIs(n: number): boolean {
  return Number.isFinite(n) && !Object.is(n, -0);
}

/** A key or choice value as it reads back after packing (the same string for every key the dialog uses). */
const settleKey = memoised((key) => unpackKey(packKey(key)));
const settleValue = memoised((value) => unpackValue(packValue(value)));

/** `list` with every string settled: the same array when none changes (the usual case), else a copy. */
function settledStrings(list: string[], settle: (s: string) => string): string[] {
  let out = list;
  for (let i = 0; i < list.length; i++) {
    const settled = settle(list[i]!);
    if (settled === list[i]) continue;
    if (out === list) out = list.slice();
    out[i] = settled;
  }
  return out;
}

/**
 * The facts themselves when they hold only known names with values JSON writes as they are (every fact the dialog
 * records); otherwise their stored form read back.
 */
function settledFacts(facts: Facts): Facts {
  if (plainRecord(facts, FACT_CODES, true)) return facts;
  return unpackFacts(JSON.parse(JSON.stringify(packFacts(facts))) as Record<string, unknown>);
}

/** A plain object whose keys are all named in `names`, values JSON-stable primitives (for facts, also certificates). */
function plainRecord(o: object, names: Record<string, string>, isFacts: boolean): boolean {
  if (Object.getPrototypeOf(o) !== Object.prototype) return false;
  for (const k in o) {
    if (!Object.hasOwn(names, k)) return false;
    const v = (o as Record<string, unknown>)[k];
    if (typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number' && writtenAsIs(v)) continue;
    if (isFacts && k === 'certificates' && Array.isArray(v) && plainCertificates(v)) continue;
    return false;
  }
  return true;
}

function plainCertificates(list: unknown[]): boolean {
  for (const c of list) if (typeof c !== 'object' || c === null || !plainRecord(c, CERT_CODES, false)) return false;
  return true;
}

/** A pending reminder as it reads back: rare (only while one is being set up), so simply through its stored form. */
function settledReminder(r: PendingReminder): PendingReminder | undefined {
  return unpackReminder(JSON.parse(JSON.stringify(packReminder(r))) as NonNullable<Stored['rm']>).reminder;
}

/** Reads a stored state; anything unreadable (corrupt, older format) counts as no session rather than a crash. */
export function parseState(raw: string | null): DialogState | null {
  if (raw === null) return null;
  let s: Partial<Stored>;
  try {
    s = JSON.parse(raw) as Partial<Stored>;
  } catch {
    return null;
  }
  if (!s || typeof s !== 'object' || s.v !== 1 || typeof s.u !== 'number') return null;
  return {
    city: typeof s.c === 'string' ? s.c : undefined,
    facts: s.f && typeof s.f === 'object' ? unpackFacts(s.f) : {},
    pending: typeof s.p === 'string' ? unpackKey(s.p) : undefined,
    misses: typeof s.m === 'number' ? s.m : 0,
    offered: unpackStrings(s.o, unpackValue),
    answered: unpackStrings(s.a, unpackKey),
    skipped: unpackStrings(s.s, unpackKey),
    done: s.d === 1,
    resumeOffered: s.r === 1,
    ...(s.rm && typeof s.rm === 'object' ? unpackReminder(s.rm) : {}),
    ...elsewhereOf(s.x),
    updatedAt: s.u * 1000,
  };
}

/** `x` stored (or, `viaJson`, about to be: other cities' facts are rare, so they simply go the long way). */
function elsewhereOf(x: unknown, viaJson = false): { elsewhere?: Record<string, CityFacts> } {
  const elsewhere = unpackElsewhere(viaJson ? JSON.parse(JSON.stringify(x)) : x);
  return elsewhere ? { elsewhere } : {};
}

/** The last `kept` keys, packed: one array instead of a slice and its map. */
function packLast(keys: string[], kept: number): string[] {
  const packed: string[] = [];
  for (let i = Math.max(0, keys.length - kept); i < keys.length; i++) packed.push(packKey(keys[i]!));
  return packed;
}

/** The strings of a stored list, translated; anything else in it is dropped (stored data is not ours to trust). */
function unpackStrings(list: unknown, translate: (s: string) => string): string[] {
  const out: string[] = [];
  if (!Array.isArray(list)) return out;
  for (const e of list) if (typeof e === 'string') out.push(translate(e));
  return out;
}

function packReminder(r: PendingReminder): NonNullable<Stored['rm']> {
  return {
    q: r.ask,
    w: r.what || undefined,
    k: r.kind === 'custom' ? undefined : r.kind,
    t: r.dueAt === undefined ? undefined : toSeconds(r.dueAt),
    y: r.repeat ? 1 : undefined,
    p: r.precision === 'time' ? 1 : undefined,
    x: r.text,
  };
}

/** A stored pending reminder that does not read right is dropped (the user is asked again), never guessed. */
function unpackReminder(rm: NonNullable<Stored['rm']>): { reminder?: PendingReminder } {
  const kind = rm.k ?? 'custom';
  if (typeof rm.q !== 'string' || !(REMINDER_KINDS as readonly string[]).includes(kind)) return {};
  if (rm.q === 'confirm' && typeof rm.t !== 'number') return {};
  const r: PendingReminder = {
    ask: rm.q as PendingReminder['ask'],
    what: typeof rm.w === 'string' ? rm.w : '',
    kind: kind as ReminderKind,
  };
  if (typeof rm.t === 'number') r.dueAt = rm.t * 1000;
  if (rm.y === 1) r.repeat = 'yearly';
  if (typeof rm.t === 'number') r.precision = rm.p === 1 ? 'time' : 'day';
  if (typeof rm.x === 'string') r.text = rm.x;
  return { reminder: r };
}
