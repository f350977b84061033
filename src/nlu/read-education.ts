/**
 * Education (学历). The highest level named wins ("高中毕业后读了大专" → 大专). 本科 without a word about the
 * degree is read as bachelor (no degree) with a question back, since 学士学位 changes the points in some cities.
 */
import { EDUCATION_LEVELS, type Education } from '../scoring/facts.js';
import type { Compiled } from './compile.js';
import { blankHits, type PhraseHit } from '../text/phrase-matcher.js';
import type { Ambiguity } from './types.js';

export interface EducationReading {
  text: string;
  education?: Education;
  ambiguity?: Ambiguity;
}

/** 学位 or 学士 said in other words ("学位证也拿了", "学位没拿到"): denied when a 没/无/未/不 stands close to it. */
const DEGREE_WORD = /学位|学士/u;
const DENIAL = /[没无未不]/u;
const DENIAL_REACH = 4;

/** What a message says of the degree, from the lexicon's phrases or else from 学位/学士 and a denial next to it. */
export function degreeSaid(c: Compiled, text: string): PhraseHit<boolean> | undefined {
  const listed = c.degree.find(text);
  if (listed) return listed;
  const m = DEGREE_WORD.exec(text);
  if (!m) return undefined;
  const end = m.index + m[0].length;
  const near = text.slice(Math.max(0, m.index - DENIAL_REACH), Math.min(text.length, end + DENIAL_REACH));
  return { start: m.index, end, phrase: m[0], value: !DENIAL.test(near) };
}

export function readEducation(c: Compiled, text: string, expectingEducation: boolean): EducationReading {
  const named = c.education.findAll(text);
  const bachelor = c.bachelor.findAll(text);
  const listed = c.degree.findAll(text);
  const said = listed.length === 0 && (bachelor.length > 0 || expectingEducation) ? degreeSaid(c, text) : undefined;
  const degree = said ? [said] : listed;
  const rest = blankHits(text, [...named, ...bachelor, ...degree]);

  const candidates: Education[] = named.map((h) => h.value);
  let ambiguity: Ambiguity | undefined;
  const saysDegree = degree.some((h) => h.value);
  const saysNoDegree = degree.some((h) => !h.value);
  if (bachelor.length > 0 || (expectingEducation && degree.length > 0 && named.length === 0)) {
    if (saysDegree) candidates.push('bachelor_degree');
    else if (saysNoDegree) candidates.push('bachelor');
    else if (bachelor.length > 0) {
      candidates.push('bachelor');
      const q = c.lexicon.bachelorQuestion;
      ambiguity = { about: 'education', question: q.question, options: q.options };
    }
  }
  if (candidates.length === 0) return { text: rest };
  const education = candidates.reduce((a, b) => (EDUCATION_LEVELS.indexOf(b) > EDUCATION_LEVELS.indexOf(a) ? b : a));
  // A higher level named alongside (本科 then 硕士) makes the degree question moot.
  if (education !== 'bachelor') ambiguity = undefined;
  return ambiguity ? { text: rest, education, ambiguity } : { text: rest, education };
}
