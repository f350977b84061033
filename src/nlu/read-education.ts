/**
 * Education (学历). The highest level named wins ("高中毕业后读了大专" → 大专). 本科 without a word about the
 * degree is read as bachelor (no degree) with a question back, since 学士学位 changes the points in some cities.
 */
import { EDUCATION_LEVELS, type Education } from '../scoring/facts.js';
import type { Compiled } from './compile.js';
import { blankHits } from '../text/phrase-matcher.js';
import type { Ambiguity } from './types.js';

export interface EducationReading {
  text: string;
  education?: Education;
  ambiguity?: Ambiguity;
}

export function readEducation(c: Compiled, text: string, expectingEducation: boolean): EducationReading {
  const named = c.education.findAll(text);
  const bachelor = c.bachelor.findAll(text);
  const degree = c.degree.findAll(text);
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
