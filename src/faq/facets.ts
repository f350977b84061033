/**
 * The few things that tell two neighbouring entries apart even when they share most words: which skill level, which
 * city, which kind of certificate a text is about. "考中级要什么条件" and "考初级要什么条件" differ in one word that BM25
 * weighs like any other; an entry scoped to 五级 must not answer a question about 四级.
 */
import type { FaqScope } from './entry.js';
import type { Place, Places } from './places.js';

export type CertificateKindMention = 'special_operation' | 'skill';

export interface Facets {
  /** Skill levels named, 5 = 五级/初级工 … 1 = 一级/高级技师. */
  levels: Set<number>;
  /** Covered cities named (rules ids), and 'elsewhere' for any other place. */
  places: Set<Place>;
  certificates: Set<CertificateKindMention>;
  /** One level is named in two ways ("三级是高级工吗"): the question is about what the levels are called. */
  levelNamedTwice: boolean;
}

// Order matters: the longer names are matched (and blanked) first, so 高级技师 is not also read as 高级 + 技师, and the
// school names 技师学院 / 高级技工学校 are not read as levels at all.
const LEVEL_PATTERNS: ReadonlyArray<readonly [RegExp, number | null]> = [
  [/技师学院|高级技工学校|技工学校|高级技校/g, null],
  [/高级技师|一级|1级/g, 1],
  [/技师|二级|2级/g, 2],
  [/高级工|高级电工|高级证|三级|3级|高级/g, 3],
  [/中级工|中级|四级|4级/g, 4],
  [/初级工|初级|五级|5级/g, 5],
];

const SPECIAL_OPERATION = /操作证|特种作业|作业证|低压|高压|安监|应急管理|应急局|应急部/;
const SKILL = /等级证|技能等级|资格证|职业资格|技能证|人社|鉴定/;

/** What a normalised text names; `places` knows the covered cities (from the rules) and the others. */
export function facetsOf(normalised: string, places: Places): Facets {
  const levels = new Set<number>();
  const names = new Map<number, Set<string>>();
  let rest = normalised;
  for (const [pattern, level] of LEVEL_PATTERNS) {
    rest = rest.replace(pattern, (name) => {
      if (level !== null) {
        levels.add(level);
        const known = names.get(level) ?? new Set<string>();
        // 4级 and 四级 are one name written two ways.
        known.add(name.replace(/^[1-5]/, (d) => '_一二三四五'[Number(d)]!));
        names.set(level, known);
      }
      return '　';
    });
  }
  const levelNamedTwice = [...names.values()].some((n) => n.size > 1);
  const named = places.of(normalised);
  const certificates = new Set<CertificateKindMention>();
  if (SPECIAL_OPERATION.test(normalised)) certificates.add('special_operation');
  // A level is only ever a skill certificate's (the permit has no levels).
  if (SKILL.test(normalised) || levels.size > 0) certificates.add('skill');
  return { levels, places: named, certificates, levelNamedTwice };
}

/** How far an entry's answer is from what the question names; 0 = none of its scope conflicts. */
export interface ScopeConflicts {
  level: boolean;
  place: boolean;
  certificate: boolean;
  /** The entry is about one city and the question names none. */
  unnamedCity: boolean;
}

/**
 * `impliedCity`: the session's city, for a question that names none.
 * A question about several levels ("五级拿了4年能报四级吗") asks about the highest one: the lower one is what the
 * worker already holds.
 */
export function scopeConflicts(question: Facets, scope: FaqScope | undefined, impliedCity?: Place): ScopeConflicts {
  const none = { level: false, place: false, certificate: false, unnamedCity: false };
  if (!scope) return none;
  const conflicts = { ...none };
  if (scope.levels && question.levels.size > 0) {
    const target = Math.min(...question.levels);
    conflicts.level = !scope.levels.includes(target);
  }
  if (scope.cities) {
    if (question.places.size === 0) {
      conflicts.unnamedCity = true;
      // The session's city stands in for the unnamed one: an entry about another city is as far off as if named.
      conflicts.place = impliedCity !== undefined && !scope.cities.includes(impliedCity);
    } else conflicts.place = !scope.cities.some((c) => question.places.has(c));
  }
  if (scope.certificate && question.certificates.size > 0) {
    conflicts.certificate = !question.certificates.has(scope.certificate);
  }
  return conflicts;
}
