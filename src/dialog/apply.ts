/**
 * Turning what was understood (or chosen) into new facts, and describing the change back to the user.
 * Pure: returns new objects, never mutates the facts it is given.
 */
import type { Certificate, Facts } from '../scoring/facts.js';
import type { Understanding } from './ports.js';
import { certificateLabel, groupOf, parseKey } from './questions.js';
import { sameJson } from './same-json.js';
import { coveredFacts, fill, type DialogSpec, type Question } from './spec.js';

type FactRecord = Record<string, unknown>;

function sameCertificate(a: Certificate, b: Certificate): boolean {
  return a.kind === b.kind && a.occupation === b.occupation;
}

/** Adds certificates; one of the same kind and occupation is replaced (a correction), keeping its known details. */
export function mergeCertificates(known: Certificate[] | undefined, added: Certificate[]): Certificate[] {
  const out = [...(known ?? [])];
  const before = out.length;
  for (const c of added) {
    const i = out.findIndex((k) => sameCertificate(k, c));
    // Two levels named in one message ("一个高级工一个技师") are two certificates, not a correction.
    if (i < 0 || i >= before) out.push(c);
    else {
      const old = out[i]!;
      const levelChanged = c.level !== undefined && c.level !== old.level;
      // A different level is a different certificate: its date and conditions must be asked again.
      out[i] = levelChanged ? { ...c } : withDefinedValues(old, c);
    }
  }
  return out;
}

/**
 * `{ ...base, ...extras }`, written with Object.assign into a fresh object: V8 (Node 20) adds keys to an object made
 * by a spread much more slowly than to a plain one (once the most expensive line of a turn; docs/benchmarks.md).
 * Facts and certificates get new keys all the time.
 */
function withValues<T extends object>(base: T, ...extras: object[]): T {
  return Object.assign({}, base, ...extras);
}

/**
 * `withValues(base, extras)` leaving out the undefined values of `extras` (an unknown value does not erase a known
 * one). Set key by key: stripping `extras` into a copy first built two throwaway arrays and an object every message.
 */
function withDefinedValues<T extends object>(base: T, extras: object): T {
  const out = Object.assign({}, base) as Record<string, unknown>;
  const values = extras as Record<string, unknown>;
  for (const k of Object.keys(values)) if (values[k] !== undefined) out[k] = values[k];
  return out as T;
}

/** Applies one reading of a message to the facts. `pending` lets a bare 是/否 answer a yes/no question. */
export function applyUnderstanding(facts: Facts, u: Understanding, pending: string | undefined, spec: DialogSpec): Facts {
  let next: Facts = withDefinedValues(facts, u.facts);
  const added = u.certificates ?? [];
  if (u.noCertificates && !added.length) next.certificates = [];
  if (added.length) next.certificates = mergeCertificates(next.certificates, added);
  if (u.certificateUpdates?.length && next.certificates) {
    const certs = [...next.certificates];
    for (const up of u.certificateUpdates) {
      const c = certs[up.index];
      if (c) certs[up.index] = withDefinedValues(c, up.patch);
    }
    next.certificates = certs;
  }
  if (u.yesNo !== undefined && pending) next = applyYesNo(next, pending, u.yesNo, spec);
  return next;
}

function applyYesNo(facts: Facts, pending: string, yes: boolean, spec: DialogSpec): Facts {
  const { id, index } = parseKey(pending);
  const q = spec.byId.get(id);
  if (!q) return facts;
  const yesNoChoice = q.choices.some((c) => typeof c.value === 'boolean');
  if (!yesNoChoice) return facts;
  if (q.field !== undefined && index !== undefined) {
    const certs = [...(facts.certificates ?? [])];
    const c = certs[index];
    if (!c || (c as FactRecord)[q.field] !== undefined) return facts;
    certs[index] = withValues(c, { [q.field]: yes });
    return withValues(facts, { certificates: certs });
  }
  const [fact] = coveredFacts(q);
  if (!fact || (facts as FactRecord)[fact] !== undefined) return facts;
  return withValues(facts, { [fact]: yes });
}

/** Applies choices (by their values) made for the question `key`. Unknown values return null. */
export function applyChoices(facts: Facts, key: string, values: string[], spec: DialogSpec): Facts | null {
  const { id, index } = parseKey(key);
  const q = spec.byId.get(id);
  if (!q) return null;
  const chosen = values.map((v) => q.choices.find((c) => String(c.value) === v));
  if (!chosen.length || chosen.some((c) => !c)) return null;
  const next: Facts = withValues(facts);
  const set = (extra: Record<string, unknown> | undefined) => {
    if (!extra) return;
    for (const [k, v] of Object.entries(extra)) {
      if (k === 'certificates' && Array.isArray(v))
        next.certificates = v.length ? mergeCertificates(next.certificates, v as Certificate[]) : [];
      else (next as FactRecord)[k] = v;
    }
  };
  if (q.multi) {
    const picked = new Set(chosen.map((c) => String(c!.value)));
    // Members not picked take their "nothing" value; a picked member without `sets` stays unknown and is asked next.
    for (const [fact, none] of Object.entries(q.none ?? {})) if (!picked.has(fact)) (next as FactRecord)[fact] = none;
    for (const c of chosen) set(c!.sets);
    return next;
  }
  const c = chosen[0]!;
  if (q.field !== undefined) {
    const certs = [...(next.certificates ?? [])];
    const cert = certs[index ?? -1];
    if (!cert) return null;
    certs[index!] = withValues(cert, { [q.field]: c.value });
    next.certificates = certs;
  } else if (!c.sets) {
    const [fact] = coveredFacts(q);
    if (fact) (next as FactRecord)[fact] = c.value;
  }
  set(c.sets);
  return next;
}

/** Removes what the question `key` filled, so 上一步 asks it again. */
export function clearQuestion(facts: Facts, key: string, spec: DialogSpec): Facts {
  const { id, index } = parseKey(key);
  const q = spec.byId.get(id);
  if (!q) return facts;
  const next: FactRecord = { ...facts };
  if (q.field !== undefined) {
    const certs = [...(facts.certificates ?? [])];
    const c = certs[index ?? -1];
    if (c) {
      const copy: FactRecord = { ...c };
      delete copy[q.field];
      certs[index!] = copy as Certificate;
      next.certificates = certs;
    }
  } else for (const f of coveredFacts(q)) delete next[f];
  return next as Facts;
}

/** How a fact's value reads in a confirmation: the matching choice label, a number with its unit, or 是/否. */
export function describeValue(spec: DialogSpec, fact: string, value: unknown): string {
  const m = spec.messages;
  if (fact === 'certificates' && Array.isArray(value)) {
    return value.length ? (value as Certificate[]).map((c) => certificateLabel(c, m)).join('、') : m.nothing;
  }
  const q: Question | undefined = spec.byFact.get(fact) ?? groupOf(spec, fact);
  const choice = q?.choices.find((c) => c.value === value || (c.sets && c.sets[fact] === value));
  if (choice) return choice.label;
  // A value no button offers ("没上过学" is education none): its own text, never the stored id.
  const named = m[`value.${fact}.${String(value)}`];
  if (named) return named;
  if (typeof value === 'boolean') return value ? m.yes : m.no;
  if (typeof value === 'number') return `${value}${spec.byFact.get(fact)?.unit ?? ''}`;
  return String(value);
}

export function labelOf(spec: DialogSpec, fact: string): string {
  return spec.byFact.get(fact)?.label ?? groupOf(spec, fact)?.label ?? fact;
}

/**
 * One line per changed fact: "年龄 35岁" for new ones, "年龄 32岁 → 35岁" for corrections; a fact read from a vague
 * amount says how it was counted ("本市社保年限 10年（“十几年”按10年算）").
 */
export function describeChanges(
  spec: DialogSpec,
  before: Facts,
  after: Facts,
  saidAs?: Partial<Record<string, string>>,
): { added: string[]; changed: string[] } {
  const added: string[] = [];
  const changed: string[] = [];
  const b = before as FactRecord;
  const a = after as FactRecord;
  for (const fact of Object.keys(a)) {
    if (sameJson(a[fact], b[fact]) || a[fact] === undefined) continue;
    // Group members (bonus items, deductions) are confirmed by the labels of the choices picked, not one by one.
    const group = groupOf(spec, fact);
    if (group && (!spec.byFact.has(fact) || sameJson(group.none?.[fact], a[fact]))) continue;
    // Certificates said for the first time (none included) are one line; details of known ones are lines of their own.
    if (fact === 'certificates' && b[fact] !== undefined) {
      const fields = certificateFieldChanges(spec, (b[fact] ?? []) as Certificate[], (a[fact] ?? []) as Certificate[]);
      if (fields) {
        (fields.changed ? changed : added).push(...fields.lines);
        continue;
      }
    }
    if (fact === 'certificates') {
      // New certificates with what was said of them ("证书 电工四级；电工四级 在本市工作期间取得 是"): one line says it all.
      const lines = newCertificateDetails(spec, (b[fact] ?? []) as Certificate[], (a[fact] ?? []) as Certificate[]);
      const none = b[fact] === undefined || (b[fact] as Certificate[]).length === 0;
      if (lines.length > 0 && none) {
        added.push(`${labelOf(spec, fact)} ${describeValue(spec, fact, a[fact])}`, ...lines);
        continue;
      }
      added.push(...lines);
    }
    const label = labelOf(spec, fact);
    const now = describeValue(spec, fact, a[fact]);
    if (b[fact] !== undefined && now === describeValue(spec, fact, b[fact])) continue;
    const said = saidAs?.[fact];
    const counted = said === undefined ? '' : fill(spec.messages.countedAs, { said, value: now });
    if (b[fact] === undefined) added.push(`${label} ${now}${counted}`);
    else changed.push(fill('{label} {from} → {to}', { label, from: describeValue(spec, fact, b[fact]), to: now }) + counted);
  }
  return { added, changed };
}

/** The details said with certificates not held before ("电工四级 在本市工作期间取得 是"). */
function newCertificateDetails(spec: DialogSpec, before: Certificate[], after: Certificate[]): string[] {
  const lines: string[] = [];
  for (const c of after) {
    // A certificate said again, or corrected ("是五级的"), keeps its details: they are not news.
    if (before.some((k) => sameCertificate(k, c))) continue;
    const bare = (
      c.kind === 'title'
        ? { kind: c.kind, occupation: c.occupation, titleLevel: c.titleLevel }
        : { kind: c.kind, occupation: c.occupation, level: c.level }
    ) as Certificate;
    lines.push(...(certificateFieldChanges(spec, [bare], [c])?.lines ?? []));
  }
  return lines;
}

/** When the same certificates only gained or changed details: "电工四级 发证日期 2020-05-01". */
function certificateFieldChanges(
  spec: DialogSpec,
  before: Certificate[],
  after: Certificate[],
): { lines: string[]; changed: boolean } | null {
  if (before.length !== after.length || before.some((c, i) => !sameCertificate(c, after[i]!) || c.level !== after[i]!.level)) return null;
  const lines: string[] = [];
  let changed = false;
  after.forEach((c, i) => {
    const old = before[i] as FactRecord;
    for (const [field, value] of Object.entries(c)) {
      if (old[field] === value || field === 'kind' || field === 'occupation') continue;
      const q = spec.byId.get(`certificates.${field}`);
      const choice = q?.choices.find((x) => x.value === value);
      const shown = choice ? choice.label : typeof value === 'boolean' ? (value ? spec.messages.yes : spec.messages.no) : String(value);
      lines.push(`${certificateLabel(c, spec.messages)} ${q?.label ?? field} ${shown}`);
      if (old[field] !== undefined) changed = true;
    }
  });
  return { lines, changed };
}
