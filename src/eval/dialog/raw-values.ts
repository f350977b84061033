/**
 * Internal values that leaked into a text a user reads: enum ids ("学历 none", "bachelor_degree"), JavaScript values
 * (true, undefined, NaN, [object Object]), unfilled `{placeholders}`, and fills that lost their context (an empty
 * quote 「」, a label followed by nothing "学历 。", a quoted phrase that starts with a word's tail such as 「份 报名」
 * left from "6月份提醒我报名"). Pure; the ids come from the facts schema, so a new enum value is covered at once.
 */
import {
  AWARD_LEVELS,
  CERTIFICATE_KINDS,
  EDUCATION_LEVELS,
  INSURANCE_BASE_TIERS,
  SUBSIDY_TARGET_GROUPS,
  TITLE_LEVELS,
} from '../../scoring/facts.js';

const ENUM_IDS = [
  ...new Set([
    ...EDUCATION_LEVELS,
    ...CERTIFICATE_KINDS,
    ...TITLE_LEVELS,
    ...INSURANCE_BASE_TIERS,
    ...AWARD_LEVELS,
    ...SUBSIDY_TARGET_GROUPS,
    'true',
    'false',
    'undefined',
    'null',
    'NaN',
  ]),
];
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An id standing alone (not part of a longer ASCII word, e.g. inside a URL that survived the cut below). */
const ENUM_PATTERN = new RegExp(`(?<![A-Za-z0-9_])(?:${ENUM_IDS.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'u');
/** Addresses legitimately hold ASCII words; they are cut before the scan. */
const URL_PATTERN = /(?:https?:\/\/|www\.)[^\s，。；）)]+|[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[^\s，。；）)]*)?/giu;

const CHECKS: Array<{ name: string; pattern: RegExp }> = [
  { name: 'enum id or JS value', pattern: ENUM_PATTERN },
  { name: 'object', pattern: /\[object \w+\]/u },
  { name: 'placeholder', pattern: /\{[A-Za-z_][\w.]*\}/u },
  { name: 'empty fill', pattern: /[「“『（(]\s*[」”』）)]/u },
  { name: 'label without value', pattern: /[：:]\s*[。；;，,]|[\u4e00-\u9fff] [。；;，,]/u },
  // A quoted phrase cannot begin with a measure word or particle that belongs to the word before it.
  { name: 'fill lost its first word', pattern: /[「“『]\s*[份号日的了个后]/u },
];

export interface RawValue {
  check: string;
  match: string;
  /** The surrounding text, for the report. */
  context: string;
}

/** Every leak found in one rendered text (at most one per check). */
export function findRawValues(text: string): RawValue[] {
  // A word in place of the address, so a bracket around it does not read as empty.
  const scanned = text.replace(URL_PATTERN, '网址');
  const found: RawValue[] = [];
  for (const { name, pattern } of CHECKS) {
    const m = pattern.exec(scanned);
    if (!m) continue;
    const at = m.index;
    found.push({ check: name, match: m[0], context: text.slice(Math.max(0, at - 12), at + m[0].length + 12).replace(/\n/g, '⏎') });
  }
  return found;
}
