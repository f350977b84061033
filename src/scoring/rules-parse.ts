/**
 * Rule files (YAML text) → a compiled RulesRegistry. Pure: the caller reads the files (load-rules.ts does).
 * Every problem is reported as `<file>: <path inside it>: <message>`, all at once, in a RulesError.
 */
import type { z } from 'zod';
import { conditionFacts, conditionThresholds } from './conditions.js';
import { factsSchema, type FactName } from './facts.js';
import { buildNational } from './national.js';
import { checkData, parseYamlText } from '../yaml/load-yaml.js';
import {
  cityFileSchema,
  explanationsFileSchema,
  skillStandardsFileSchema,
  specialOperationFileSchema,
  type CityFile,
  type Condition,
  type ExplanationsFile,
  type Indicator,
  type RouteRule,
  type SkillStandardsFile,
  type SpecialOperationFile,
} from './rules-schema.js';
import type { SourceRef } from './result.js';
import type { CityRules, CompiledCatalog, FactPath, FactRequest, RouteMeta, RulesRegistry } from './types.js';

export class RulesError extends Error {
  override readonly name = 'RulesError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export interface RuleFileText {
  /** Path relative to the rules directory, e.g. "shanghai.yaml" or "national/skill-standards.yaml". */
  path: string;
  text: string;
}

/**
 * Facts that grow when time passes ("when do I get there"), with how much they grow in a year: durations in years
 * grow by 1, in months by 12; age grows by one each full year from today.
 */
export const GROWTH_PER_YEAR = {
  socialInsuranceYears: 1,
  continuousInsuranceMonths: 12,
  occupationYears: 1,
  sameEmployerYears: 1,
  housingYears: 1,
  residencePermitYears: 1,
  housingFundYears: 1,
  age: 1,
} as const satisfies Partial<Record<FactName, number>>;
export const GROWING_FACTS = Object.keys(GROWTH_PER_YEAR) as Array<keyof typeof GROWTH_PER_YEAR>;

/** Parses, validates and compiles all rule files. Throws RulesError naming each file and path with a problem. */
export function parseRulesFiles(files: RuleFileText[]): RulesRegistry {
  const problems: string[] = [];
  const cities: CityRules[] = [];
  let standards: SkillStandardsFile | undefined;
  let special: SpecialOperationFile | undefined;
  let explanations: ExplanationsFile | undefined;
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  for (const file of sorted) {
    const data = parseYaml(file, problems);
    if (data === undefined) continue;
    if (isNationalPath(file.path)) {
      const kind = (data as { kind?: unknown } | null)?.kind;
      if (kind === 'skill-standards') standards = check(skillStandardsFileSchema, data, file.path, problems) ?? standards;
      else if (kind === 'special-operation-permit') special = check(specialOperationFileSchema, data, file.path, problems) ?? special;
      else if (kind === 'explanations') explanations = check(explanationsFileSchema, data, file.path, problems) ?? explanations;
      else problems.push(`${file.path}: kind: expected "skill-standards", "special-operation-permit" or "explanations"`);
      continue;
    }
    const city = check(cityFileSchema, data, file.path, problems);
    if (!city) continue;
    const before = problems.length;
    checkCity(city, file.path, problems);
    if (problems.length === before) cities.push(compileCity(city, file.path));
  }
  if (!standards) problems.push('national/: no file with kind: skill-standards');
  if (!special) problems.push('national/: no file with kind: special-operation-permit');
  if (!explanations) problems.push('national/: no file with kind: explanations');
  if (cities.length === 0 && problems.length === 0) problems.push('no city rule files (rules/<city>.yaml)');
  checkUniqueCities(cities, problems);
  if (problems.length > 0) throw new RulesError(problems);
  const national = buildNational(standards!, special!, explanations!);
  const byIdMap = new Map(cities.map((c) => [c.id, c]));
  return { cities, byId: (id) => byIdMap.get(id), national };
}

function isNationalPath(path: string): boolean {
  return path.split(/[\\/]/).includes('national');
}

function parseYaml(file: RuleFileText, problems: string[]): unknown {
  const doc = parseYamlText(file.path, file.text);
  if (doc.ok) return doc.data;
  problems.push(...doc.problems);
  return undefined;
}

function check<S extends z.ZodType>(schema: S, data: unknown, file: string, problems: string[]): z.infer<S> | undefined {
  const checked = checkData(file, data, schema);
  if (checked.ok) return checked.data;
  problems.push(...checked.problems);
  return undefined;
}

// ---- cross-reference checks zod cannot make ----

type FactKind = 'number' | 'boolean' | 'enum' | 'other';

function factKind(fact: string): { kind: FactKind; values?: string[] } | undefined {
  const field = (factsSchema.shape as Record<string, z.ZodType>)[fact];
  if (!field) return undefined;
  let inner = field as unknown as { def: { type: string; innerType?: unknown }; options?: string[] };
  while (inner.def.type === 'optional') inner = inner.def.innerType as typeof inner;
  const t = inner.def.type;
  if (t === 'number') return { kind: 'number' };
  if (t === 'boolean') return { kind: 'boolean' };
  if (t === 'enum') return { kind: 'enum', values: inner.options ?? [] };
  return { kind: 'other' };
}

function checkCity(city: CityFile, file: string, problems: string[]): void {
  const base = file
    .split(/[\\/]/)
    .pop()!
    .replace(/\.ya?ml$/, '');
  if (city.id !== base) problems.push(`${file}: id: must equal the file name "${base}" (got "${city.id}")`);
  const source = (id: string | undefined, at: string) => {
    if (id !== undefined && !city.sources[id]) problems.push(`${file}: ${at}: unknown source "${id}" (not in sources:)`);
  };
  const fact = (name: string, want: FactKind, at: string, enumValue?: string) => {
    const k = factKind(name);
    if (!k) return problems.push(`${file}: ${at}: unknown fact "${name}"`);
    if (k.kind !== want) return problems.push(`${file}: ${at}: fact "${name}" is not a ${want}`);
    if (enumValue !== undefined && !k.values!.includes(enumValue)) {
      problems.push(`${file}: ${at}: "${enumValue}" is not a value of ${name} (${k.values!.join(', ')})`);
    }
  };
  const condition = (c: Condition, at: string): void => {
    if ('all' in c) c.all.forEach((x, i) => condition(x, `${at}.all[${i}]`));
    else if ('any' in c) c.any.forEach((x, i) => condition(x, `${at}.any[${i}]`));
    else if ('not' in c) condition(c.not, `${at}.not`);
    else if ('fact' in c) {
      if ('is' in c) {
        if (typeof c.is === 'boolean') fact(c.fact, 'boolean', `${at}.fact`);
        else fact(c.fact, 'enum', `${at}.is`, c.is);
      } else if ('in' in c) c.in.forEach((v, i) => fact(c.fact, 'enum', `${at}.in[${i}]`, v));
      else fact(c.fact, 'number', `${at}.fact`);
    }
  };
  for (const [id, catalog] of Object.entries(city.catalogs ?? {})) source(catalog.source, `catalogs.${id}.source`);
  const routeIds = new Set<string>();
  city.routes.forEach((route, r) => {
    const at = `routes[${r}]`;
    if (routeIds.has(route.id)) problems.push(`${file}: ${at}.id: duplicate route id "${route.id}"`);
    routeIds.add(route.id);
    source(route.source, `${at}.source`);
    route.alsoSources?.forEach((s, i) => source(s, `${at}.alsoSources[${i}]`));
    if (route.kind === 'points') {
      source(route.threshold?.source, `${at}.threshold.source`);
      source(route.ranking?.minimumToApply?.source, `${at}.ranking.minimumToApply.source`);
      route.prerequisites?.forEach((p, i) => {
        source(p.source, `${at}.prerequisites[${i}].source`);
        condition(p.when, `${at}.prerequisites[${i}].when`);
      });
      const ids = new Set<string>();
      route.indicators.forEach((ind, i) => {
        const iat = `${at}.indicators[${i}]`;
        if (ids.has(ind.id)) problems.push(`${file}: ${iat}.id: duplicate indicator id "${ind.id}"`);
        ids.add(ind.id);
        checkIndicator(ind, iat);
        if (ind.type === 'best_of') ind.of.forEach((child, j) => checkIndicator(child, `${iat}.of[${j}]`));
      });
    } else if (route.kind === 'eligibility') condition(route.requires, `${at}.requires`);
    else {
      if (route.requires) condition(route.requires, `${at}.requires`);
      if (route.amount?.instead) condition(route.amount.instead.when, `${at}.amount.instead.when`);
    }
  });

  function checkIndicator(ind: Indicator, at: string): void {
    source(ind.source, `${at}.source`);
    if (ind.when) condition(ind.when, `${at}.when`);
    switch (ind.type) {
      case 'bands':
      case 'per_unit':
      case 'deduction':
        fact(ind.fact, 'number', `${at}.fact`);
        break;
      case 'flag':
      case 'veto':
        fact(ind.fact, 'boolean', `${at}.fact`);
        break;
      case 'table':
        fact(ind.fact, 'enum', `${at}.fact`);
        for (const key of Object.keys(ind.points)) fact(ind.fact, 'enum', `${at}.points.${key}`, key);
        break;
      case 'certificate':
        if (ind.requires.catalog && !city.catalogs?.[ind.requires.catalog]) {
          problems.push(`${file}: ${at}.requires.catalog: unknown catalog "${ind.requires.catalog}" (not in catalogs:)`);
        }
        ind.requires.forLevels?.forEach((rule, i) => condition(rule.when, `${at}.requires.forLevels[${i}].when`));
        if (!ind.skillPoints && !ind.titlePoints) problems.push(`${file}: ${at}: needs skillPoints or titlePoints`);
        break;
      case 'best_of':
        break;
    }
  }
}

function checkUniqueCities(cities: CityRules[], problems: string[]): void {
  const owner = new Map<string, string>();
  for (const city of cities) {
    for (const name of [city.id, city.name, ...city.aliases]) {
      const key = name.toLowerCase();
      const other = owner.get(key);
      if (other && other !== city.id) problems.push(`${city.file}: aliases: "${name}" is also used by ${other}`);
      owner.set(key, city.id);
    }
  }
}

// ---- compilation ----

function compileCity(city: CityFile, file: string): CityRules {
  const sources: CityRules['sources'] = {};
  for (const [id, s] of Object.entries(city.sources)) {
    sources[id] = s.url ? { id, title: s.title, url: s.url, confidence: s.confidence } : { id, title: s.title, confidence: s.confidence };
  }
  const ref = (id: string): SourceRef => {
    const s = sources[id]!;
    return s.url ? { id, title: s.title, url: s.url } : { id, title: s.title };
  };
  const catalogs: Record<string, CompiledCatalog> = {};
  for (const [id, c] of Object.entries(city.catalogs ?? {})) {
    const names = new Set<string>();
    for (const entry of c.entries) for (const part of entry.split('/')) names.add(part.trim());
    catalogs[id] = { id, name: c.name, entries: c.entries, names, certainty: c.certainty, source: ref(c.source) };
  }
  const meta = city.routes.map((route) => routeMeta(route, ref, city));
  const compiled: CityRules = {
    id: city.id,
    name: city.name,
    aliases: city.aliases,
    file,
    sources,
    catalogs,
    routes: city.routes,
    meta,
    neededFacts: mergeRequests(meta.flatMap((m) => m.facts).concat(NEXT_CERTIFICATE_FACTS)),
    raw: city,
  };
  if (city.region) compiled.region = city.region;
  if (city.notes) compiled.notes = city.notes;
  return compiled;
}

/** What the next-certificate recommendation reads, for every city. */
const NEXT_CERTIFICATE_FACTS: FactRequest[] = [
  { fact: 'certificates', importance: 'core' },
  { fact: 'certificates.issuedOn', importance: 'optional' },
  { fact: 'occupationYears', importance: 'optional' },
  // A diploma in a related major moves the sit date (四级 for 技工学校, 三级 for 大专+): dialogs/intake.yaml asks it
  // only of those with such a diploma.
  { fact: 'relatedMajor', importance: 'optional' },
];

function routeMeta(route: RouteRule, ref: (id: string) => SourceRef, city: CityFile): RouteMeta {
  const routeImportance = route.importance ?? (route.supplementary ? 'optional' : 'core');
  const facts: FactRequest[] = [];
  const importance: Record<string, 'core' | 'optional'> = {};
  const sourceIds: string[] = [route.source, ...(route.alsoSources ?? [])];
  const thresholds: Record<string, number[]> = {};
  const use = (fact: string, imp: 'core' | 'optional', asked: 'core' | 'optional' = imp) => {
    if (importance[fact] !== 'core') importance[fact] = imp;
    facts.push({ fact: fact as FactPath, importance: asked });
  };
  const useCondition = (c: Condition, imp: 'core' | 'optional', asked: 'core' | 'optional' = imp) => {
    for (const f of conditionFacts(c)) use(f, imp, asked);
    for (const g of GROWING_FACTS) conditionThresholds(c, g, (thresholds[g] ??= []));
  };
  const useIndicator = (ind: Indicator, imp: 'core' | 'optional') => {
    if (ind.source) sourceIds.push(ind.source);
    if (ind.when) useCondition(ind.when, imp);
    switch (ind.type) {
      case 'certificate':
        use('certificates', imp);
        if (ind.requires.issuedWhileWorkingInCity) use('certificates.issuedWhileWorkingInCity', imp);
        if (ind.requires.matchesJob) use('certificates.matchesJob', imp);
        if (ind.requires.catalog) sourceIds.push(city.catalogs![ind.requires.catalog]!.source);
        // Level-specific conditions decide the status (core) but only matter to holders of those levels: asked later.
        ind.requires.forLevels?.forEach((rule) => useCondition(rule.when, imp, 'optional'));
        break;
      case 'best_of':
        ind.of.forEach((child) => useIndicator(child, imp));
        break;
      default:
        use(ind.fact, imp);
    }
  };
  if (route.kind === 'points') {
    if (route.threshold) sourceIds.push(route.threshold.source);
    if (route.ranking?.minimumToApply) sourceIds.push(route.ranking.minimumToApply.source);
    for (const pre of route.prerequisites ?? []) {
      if (pre.source) sourceIds.push(pre.source);
      useCondition(pre.when, routeImportance);
    }
    for (const ind of route.indicators) {
      const group = ind.group ?? (ind.type === 'deduction' ? 'deduction' : ind.type === 'flag' ? 'bonus' : 'basic');
      const imp = ind.importance ?? (ind.type === 'veto' || group !== 'basic' ? 'optional' : routeImportance);
      useIndicator(ind, imp);
    }
  } else if (route.kind === 'eligibility') useCondition(route.requires, routeImportance);
  else {
    if (route.requires) useCondition(route.requires, routeImportance);
    if (route.amount) {
      use('certificates', routeImportance);
      if (route.amount.certificatesIssuedOnOrAfter) use('certificates.issuedOn', routeImportance);
      if (route.amount.instead) useCondition(route.amount.instead.when, routeImportance);
    }
  }
  const growingIndicators: number[] = [];
  if (route.kind === 'points') {
    route.indicators.forEach((ind, i) => {
      if (indicatorFacts(ind).some((f) => (GROWING_FACTS as readonly string[]).includes(f))) growingIndicators.push(i);
    });
  }
  const growthThresholds: Record<string, number[]> = {};
  for (const [fact, values] of Object.entries(thresholds)) if (values.length > 0) growthThresholds[fact] = [...new Set(values)];
  return {
    growingFacts: GROWING_FACTS.filter((g) => importance[g] !== undefined),
    growingIndicators,
    growthThresholds,
    facts: mergeRequests(facts),
    importance,
    sources: [...new Set(sourceIds)].map(ref),
  };
}

/** The top-level facts an indicator reads, including the level-specific conditions of a certificate indicator. */
function indicatorFacts(ind: Indicator): string[] {
  const own = ind.when ? [...conditionFacts(ind.when)] : [];
  if (ind.type === 'best_of') return own.concat(ind.of.flatMap(indicatorFacts));
  if (ind.type === 'certificate') return own.concat((ind.requires.forLevels ?? []).flatMap((rule) => [...conditionFacts(rule.when)]));
  return own.concat(ind.fact);
}

/** The order the chat asks in: the order of factsSchema, certificate details right after certificates. */
const ASK_ORDER: string[] = Object.keys(factsSchema.shape).flatMap((f) =>
  f === 'certificates'
    ? [
        'certificates',
        'certificates.issuedOn',
        'certificates.issuedWhileWorkingInCity',
        'certificates.matchesJob',
        'certificates.lastReviewOn',
      ]
    : [f],
);

/** One request per fact (core wins), core facts first, each group in asking order. */
export function mergeRequests(requests: FactRequest[]): FactRequest[] {
  const byFact = new Map<string, FactRequest>();
  for (const r of requests) {
    const prev = byFact.get(r.fact);
    if (!prev || (prev.importance === 'optional' && r.importance === 'core'))
      byFact.set(r.fact, { fact: r.fact, importance: r.importance });
  }
  const rank = (f: string) => {
    const i = ASK_ORDER.indexOf(f);
    return i < 0 ? ASK_ORDER.length : i;
  };
  return [...byFact.values()].sort(
    (a, b) => (a.importance === b.importance ? 0 : a.importance === 'core' ? -1 : 1) || rank(a.fact) - rank(b.fact),
  );
}
