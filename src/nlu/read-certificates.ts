/**
 * Certificates named in a message: 特种作业操作证 (a licence, policy §3), 职称, and skill levels 五级…一级
 * (policy §2). The text is read clause by clause ("有低压电工证和电工四级" → two clauses) so that a level finds
 * its occupation and its date in its own part of the sentence.
 */
import type { Certificate } from '../scoring/facts.js';
import type { Compiled } from './compile.js';
import { findDates, type DateHit } from './dates.js';
import { blankHits, type PhraseHit } from '../text/phrase-matcher.js';
import type { Ambiguity } from './types.js';

export interface CertificateReading {
  /** The text with certificate phrases and dates blanked, for the other readers. */
  text: string;
  certificates: Certificate[];
  ambiguities: Ambiguity[];
}

// A dot between digits is a date (2018.6) or a decimal, not the end of a clause.
const CLAUSE_BREAK = /[,;!?。、~]|\.(?!\d)|以及|还有|另外|并且|同时|和|及|跟|与/gu;

interface Found {
  certificate: Certificate;
  at: number;
}

/**
 * @param levelsNeedNoOccupation the pending question is about certificates, so a bare "四级" is the default
 * occupation's level rather than something to ask about.
 */
export function readCertificates(c: Compiled, input: string, levelsNeedNoOccupation: boolean): CertificateReading {
  let text = blankHits(input, c.notCertificates.findAll(input));
  const certificates: Certificate[] = [];
  const ambiguities: Ambiguity[] = [];
  /** "电工证" with no level in its clause: unclear unless the message names the certificate elsewhere ("我有电工证，四级"). */
  const unclear: Ambiguity[] = [];
  let carriedOccupation: string | undefined;
  let previousClauseCertificate: Certificate | undefined;
  // The permit said last, in any earlier clause: "低压证，20年考的，23年复审的" reviews it two clauses on.
  let lastPermit: Certificate | undefined;

  for (const [start, end] of clauses(text)) {
    const clause = text.slice(start, end);
    const found: Found[] = [];
    const consumed: Array<{ start: number; end: number }> = [];

    for (const hit of c.specialOperations.findAll(clause)) {
      consumed.push(hit);
      if (held(c, clause, hit)) found.push({ at: hit.start, certificate: { kind: 'special_operation', occupation: hit.value } });
    }
    let rest = blankHits(clause, consumed);
    const fields = c.titleFields.findAll(rest);
    for (const hit of c.titles.findAll(rest)) {
      consumed.push(hit);
      const field = fields.find((f) => f.end === hit.start);
      if (field) consumed.push(field);
      if (!held(c, clause, field ?? hit)) continue;
      const occupation = field?.value ?? c.lexicon.defaultTitleField;
      found.push({ at: hit.start, certificate: { kind: 'title', occupation, titleLevel: hit.value } });
    }
    rest = blankHits(clause, consumed);

    const occupations = c.occupations.findAll(rest);
    const levels = c.levels.findAll(rest);
    for (const hit of levels) {
      consumed.push(hit);
      if (!held(c, clause, hit)) continue;
      const occupation = nearest(occupations, hit)?.value ?? carriedOccupation;
      if (occupation !== undefined || hit.value.named || levelsNeedNoOccupation) {
        const name = occupation ?? c.lexicon.defaultOccupation;
        found.push({ at: hit.start, certificate: { kind: 'skill', occupation: name, level: hit.value.level } });
      } else {
        ambiguities.push(levelWithoutOccupation(c, hit.value.level));
      }
    }
    if (levels.length === 0) {
      for (const hit of c.ambiguousCertificates.findAll(rest)) {
        consumed.push(hit);
        if (held(c, clause, hit)) unclear.push({ about: 'certificates', question: hit.value.question, options: hit.value.options });
      }
    }
    const lastOccupation = occupations.at(-1);
    if (lastOccupation) carriedOccupation = lastOccupation.value;

    const dates = findDates(clause);
    attachDates(found, dates, { previous: previousClauseCertificate, permit: lastPermit }, clause);
    consumed.push(...dates);
    for (const f of found) addUnique(certificates, f.certificate);
    previousClauseCertificate = found.at(-1)?.certificate;
    lastPermit = found.findLast((f) => f.certificate.kind === 'special_operation')?.certificate ?? lastPermit;
    text = text.slice(0, start) + blankHits(clause, consumed) + text.slice(end);
  }
  if (!certificates.some((x) => x.kind !== 'title')) ambiguities.push(...unclear);
  return { text, certificates: certificates.slice(0, 10), ambiguities: uniqueAmbiguities(ambiguities) };
}

/** "没有电工证" names a certificate the user does not hold: the words before the phrase in its clause say so. */
function held(c: Compiled, clause: string, hit: { start: number }): boolean {
  return !c.certificateNotHeld.has(clause.slice(0, hit.start));
}

/** [start, end) of each clause. */
function clauses(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    if (m.index > start) out.push([start, m.index]);
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push([start, text.length]);
  return out;
}

/** The hit closest to `to`; of equally close ones the first (a stable sort's first, without sorting a copy). */
function nearest<T>(hits: Array<PhraseHit<T>>, to: { start: number; end: number }): PhraseHit<T> | undefined {
  let best: PhraseHit<T> | undefined;
  let bestDistance = Infinity;
  for (const h of hits) {
    const d = h.end <= to.start ? to.start - h.end : h.start - to.end;
    if (d < bestDistance) {
      best = h;
      bestDistance = d;
    }
  }
  return best;
}

/** A date said with 复审 next to it ("2024年8月复审过", "复审是24年") is when the permit was last reviewed. */
const REVIEW_AFTER = /^\s*(的时候|那年)?(又|刚|才|也)?(去)?(做|办)?(了|过)?复审/;
const REVIEW_BEFORE = /复审(是|在|时间|日期)?(是|在)?\s*$/;

/**
 * "2020年拿的四级": the date goes to the nearest certificate of its clause, or to the one just before ("电工四级，2020年拿的").
 * A review date goes to the nearest permit's last review instead (only a permit is reviewed), so "低压证2021年8月发的
 * 2024年8月复审过" keeps both dates.
 */
function attachDates(
  found: Found[],
  dates: DateHit[],
  before: { previous: Certificate | undefined; permit: Certificate | undefined },
  clause: string,
): void {
  const { previous } = before;
  for (const date of dates) {
    if (REVIEW_AFTER.test(clause.slice(date.end)) || REVIEW_BEFORE.test(clause.slice(Math.max(0, date.start - 6), date.start))) {
      const permits = found.filter((f) => f.certificate.kind === 'special_operation');
      const permit = closestTo(permits, date.start)?.certificate ?? before.permit;
      if (permit && permit.lastReviewOn === undefined) permit.lastReviewOn = date.iso;
      continue;
    }
    const target = closestTo(found, date.start)?.certificate ?? (previous?.issuedOn === undefined ? previous : undefined);
    if (target && target.issuedOn === undefined) target.issuedOn = date.iso;
  }
}

/** The certificate found closest to `at`; of equally close ones the first. */
function closestTo(found: Found[], at: number): Found | undefined {
  let best: Found | undefined;
  let bestDistance = Infinity;
  for (const f of found) {
    const d = Math.abs(f.at - at);
    if (d < bestDistance) {
      best = f;
      bestDistance = d;
    }
  }
  return best;
}

function levelWithoutOccupation(c: Compiled, level: number): Ambiguity {
  const q = c.lexicon.levelWithoutOccupation;
  const occupation = c.lexicon.defaultOccupation;
  return {
    about: 'certificates',
    question: q.question,
    options: [
      { label: `${occupation}${c.levelNames.get(level) ?? level}`, value: `skill:${occupation}:${level}` },
      { label: q.otherLabel, value: q.otherValue },
    ],
  };
}

function addUnique(list: Certificate[], certificate: Certificate): void {
  const same = list.find(
    (x) =>
      x.kind === certificate.kind &&
      x.occupation === certificate.occupation &&
      x.level === certificate.level &&
      x.titleLevel === certificate.titleLevel,
  );
  if (!same) list.push(certificate);
  else {
    if (same.issuedOn === undefined && certificate.issuedOn !== undefined) same.issuedOn = certificate.issuedOn;
    if (same.lastReviewOn === undefined && certificate.lastReviewOn !== undefined) same.lastReviewOn = certificate.lastReviewOn;
  }
}

function uniqueAmbiguities(list: Ambiguity[]): Ambiguity[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = `${a.question}|${a.options.map((o) => o.value).join('|')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
