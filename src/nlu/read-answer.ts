/**
 * Bare answers, read through the pending question: "32" is an age only when age was asked, "是" answers the
 * yes/no question, "2" picks the second choice.
 */
import type { Certificate, Facts } from '../scoring/facts.js';
import type { Compiled } from './compile.js';
import { readDateAnswer } from './dates.js';
import { factKind } from './fact-kinds.js';
import { parseChineseNumber, parseDurationYears } from './numbers.js';
import { stripEnds } from './normalise.js';
import type { Expectation } from './types.js';

type BooleanCertificateField = 'issuedWhileWorkingInCity' | 'matchesJob';

/** Whether the pending question can be answered by yes or no. */
export function expectsYesNo(expecting: Expectation | undefined): boolean {
  if (!expecting) return false;
  if ('yesNo' in expecting || 'degree' in expecting) return true;
  if ('certificateField' in expecting) return isBooleanField(expecting.certificateField);
  if ('fact' in expecting) return expecting.fact === 'certificates' || factKind(expecting.fact).type === 'boolean';
  return false;
}

function isBooleanField(field: string): field is BooleanCertificateField {
  return field === 'issuedWhileWorkingInCity' || field === 'matchesJob';
}

/**
 * The yes/no word a message starts with ("是的，有学位" → true, "有的有的" → true), with the length of that word, or
 * its first clause when that is one ("对 就干这个": the space ended it).
 */
export function readYesNo(c: Compiled, stripped: string, firstClause?: string): { value: boolean; length: number } | undefined {
  const plain = yesNoRun(c, stripped);
  if (plain) return plain;
  const hedge = HEDGE.exec(stripped)?.[0].length ?? 0;
  const hedged = hedge > 0 ? yesNoRun(c, stripped.slice(hedge)) : undefined;
  if (hedged) return { value: hedged.value, length: hedged.length + hedge };
  const clause = firstClause === undefined ? undefined : stripEnds(firstClause);
  const value = clause ? (c.yesNo.exact(clause) ?? c.yesNo.exact(clause.slice(HEDGE.exec(clause)?.[0].length ?? 0))) : undefined;
  return value === undefined ? undefined : { value, length: firstClause!.length };
}

/** "应该没有", "好像不是", "那倒没有": a hedge before the yes or no does not change it. */
const HEDGE = /^(?:应该|好像|大概|可能|估计|那倒|那倒是|倒是|嗯|呃|额|这个)/u;

/** Yes/no words at the start, one or several of the same sense ("是是是", "嗯嗯对"); not when they disagree ("嗯没有"). */
function yesNoRun(c: Compiled, text: string): { value: boolean; length: number } | undefined {
  const run = c.yesNoAtStart.exec(text)?.[1];
  if (run === undefined) return undefined;
  const whole = c.yesNo.exact(run);
  if (whole !== undefined) return { value: whole, length: run.length };
  let value: boolean | undefined;
  let covered = 0;
  for (const hit of c.yesNo.findAll(run)) {
    if (hit.start !== covered || (value !== undefined && hit.value !== value)) return undefined;
    value = hit.value;
    covered = hit.end;
  }
  return value === undefined || covered !== run.length ? undefined : { value, length: run.length };
}

/** The answer with correction words and fillers removed: "不对,我今年35了吧" → "35". */
export function answerCore(c: Compiled, stripped: string): string {
  let core = stripped;
  for (const hit of c.correction.findAll(core)) core = core.replace(hit.phrase, '');
  core = core.replace(/^[,.;!?。、]+/u, '');
  let previous: string;
  do {
    previous = core;
    core = core.replace(c.fillersAtEnds, '');
  } while (core !== previous && core.length > 0);
  return core;
}

/** A number answering a question about a numeric fact; "32年" is not an age and "5岁" not a number of years. */
export function readBareNumber(fact: string, core: string): number | undefined {
  if (factKind(fact).type !== 'number') return undefined;
  if (fact === 'age' && /[年月]/u.test(core)) return undefined;
  const value = fact === 'age' ? parseChineseNumber(core) : parseDurationYears(core);
  if (value === undefined) return undefined;
  if (fact !== 'age' && /岁/u.test(core)) return undefined;
  // A fact counted in months answered in years ("连续交了两年" to a months question): 12 months a year.
  if (fact.endsWith('Months') && /年/u.test(core) && !/月/u.test(core)) return value * 12;
  return value;
}

/** A fact answered by yes or no ("有房吗？" "有"). */
export function booleanFactAnswer(fact: string, yesNo: boolean | undefined): Partial<Facts> {
  if (yesNo === undefined || factKind(fact).type !== 'boolean') return {};
  return { [fact]: yesNo } as Partial<Facts>;
}

/** An enum fact answered with its stored value, e.g. a button that sends "80_100". */
export function enumFactAnswer(fact: string, core: string): Partial<Facts> {
  const kind = factKind(fact);
  return kind.type === 'enum' && kind.values.includes(core) ? ({ [fact]: core } as Partial<Facts>) : {};
}

export function certificateFieldAnswer(
  expecting: { certificateField: string; index: number },
  core: string,
  yesNo: boolean | undefined,
): { index: number; patch: Partial<Certificate> } | undefined {
  const field = expecting.certificateField;
  if (isBooleanField(field)) {
    return yesNo === undefined ? undefined : { index: expecting.index, patch: { [field]: yesNo } };
  }
  if (field === 'issuedOn' || field === 'lastReviewOn') {
    const iso = readDateAnswer(core);
    return iso === undefined ? undefined : { index: expecting.index, patch: { [field]: iso } };
  }
  return undefined;
}

const ORDINAL = /^(?:第|选)?(\d+|[一二三四五六七八九十]+)(?:个|项|条|号)?$/u;

/** "2", "第二个", the label, or words of the label: the chosen value, or undefined when none or several fit. */
export function readChoice(c: Compiled, choices: Array<{ label: string; value: string }>, core: string): string | undefined {
  const ordinal = ORDINAL.exec(core);
  if (ordinal?.[1] !== undefined) {
    const n = parseChineseNumber(ordinal[1]);
    const picked = n === undefined ? undefined : choices[n - 1];
    if (picked) return picked.value;
  }
  if (core.length === 0) return undefined;
  const exact = choices.find((x) => c.normalise(x.value) === core || c.normalise(x.label) === core);
  if (exact) return exact.value;
  const fitting = choices.filter((x) => {
    const label = c.normalise(x.label);
    return core.includes(label) || (core.length >= 2 && label.includes(core));
  });
  if (fitting.length === 1) return fitting[0]?.value;
  if (fitting.length > 1) return undefined;
  // "有 前年被行政拘留过一次" for "5年内被行政拘留": the label without its time limit, said inside the answer.
  const said = choices.filter((x) => {
    const words = c.normalise(x.label).replace(TIME_LIMIT, '');
    return words.length >= 3 && core.includes(words);
  });
  return said.length === 1 ? said[0]?.value : undefined;
}

const TIME_LIMIT = /^(?:\d+|[一二三四五六七八九十]+)年内/u;
