/**
 * The result as it first reaches a phone: at most RESULT_LINES lines. Total against the threshold (or eligible /
 * not yet) of the main routes, the items that count, the one next step with its gain and date, one line on what is
 * estimated; each said once. Every note, every route, every candidate and the sources are behind 看明细
 * (result-details.ts). Texts come from dialogs/messages.yaml.
 */
import type { CityComparison, EvaluationResult, RouteResult } from '../scoring/result.js';
import { CITY_SCOPED_FACTS } from '../scoring/facts.js';
import type { Reply, ReplyTable } from '../contract/index.js';
import { choiceValue } from './choice-value.js';
import { fill, type DialogSpec } from './spec.js';
import { formatRange } from '../text/template.js';
import {
  alreadyReached,
  estimatesText,
  mainPointsRoute,
  missingLabels,
  nextCertificateText,
  permitState,
  pointsTable,
  reachedText,
  reasonsText,
} from './result-details.js';

export { detailsReply } from './result-details.js';

/** The first result message fits a phone screen: this many lines at most (text, table and the lines after it). */
export const RESULT_LINES = 12;
/** Table rows shown at most; the smaller items beyond are summed into one row. */
const TABLE_ROWS = 5;

/** Facts still unknown when a result is shown early: the core ones by name, the optional ones only counted. */
export interface MissingFacts {
  core: string[];
  optional: number;
}

/** The main routes: neither a benefit nor a background estimate (those are behind 看明细, or the next step says them). */
function mainRoutes(result: EvaluationResult, table: RouteResult | undefined): RouteResult[] {
  return result.routes.filter((r) => r !== table && r.kind !== 'benefit' && !r.supplementary);
}

function statusText(route: RouteResult, spec: DialogSpec): string {
  const m = spec.messages;
  const unconfirmed = route.reasons?.some((r) => r.code === 'unconfirmed') === true;
  return unconfirmed ? m['status.unconfirmed']! : (m[`status.${route.status}`] ?? route.status);
}

function routeShort(route: RouteResult, spec: DialogSpec): string {
  return fill(spec.messages.routeLine!, { name: route.name, status: statusText(route, spec), reasons: firstReason(route, spec) });
}

/** One reason, the one that decides: the first failed condition, or what is missing. */
function firstReason(route: RouteResult, spec: DialogSpec): string {
  const all = reasonsText(route, spec);
  if (!all) return '';
  const first = all.slice(1, -1).split('；')[0];
  return `（${first}）`;
}

/** The table with at most TABLE_ROWS rows (the smallest beyond summed into one) and one footer line. */
function compactTable(route: RouteResult, spec: DialogSpec, city: string): ReplyTable {
  const full = pointsTable(route, spec, city);
  const m = spec.messages;
  // The ※ notes are behind 看明细: only the estimate mark stays here.
  let rows = full.rows.map((r) => ({ ...r, value: r.value.replaceAll(m.noteMark!, '') }));
  if (rows.length > TABLE_ROWS) {
    const rest = (route.items ?? []).slice(TABLE_ROWS - 1);
    const min = rest.reduce((a, i) => a + i.points.min, 0);
    const max = rest.reduce((a, i) => a + i.points.max, 0);
    const estimated = rest.some((i) => i.certainty === 'estimated' || i.points.min !== i.points.max);
    const value = `${formatRange({ min, max })}${estimated ? m.estimatedMark! : ''}`;
    rows = [
      ...rows.slice(0, TABLE_ROWS - 1),
      { label: fill(m.otherItems!, { count: rest.length }), value, ...(estimated ? { estimated } : {}) },
    ];
  }
  const footer = full.footer?.length ? [full.footer.join('，')] : [];
  return { rows, footer };
}

function lineCount(text: string | undefined): number {
  return text ? text.split('\n').length : 0;
}

/** The result (final or so far) as one reply that fits a phone; the rest behind 看明细. */
export function resultReply(result: EvaluationResult, spec: DialogSpec, missing: MissingFacts = { core: [], optional: 0 }): Reply {
  const m = spec.messages;
  const main = mainPointsRoute(result);
  const table = main?.items?.length && !main.supplementary ? main : undefined;
  const lines = [fill(m.resultTitle!, { city: result.city.name })];
  const routes = mainRoutes(result, table);
  // Open settlement: the first thing to know is that no certificate is needed to settle.
  const open = !table && routes.find((r) => r.noCertificateNeeded);
  if (open) lines.push(fill(m.noCertificateNeeded!, { city: result.city.name, route: open.name }));
  for (const r of routes) lines.push(routeShort(r, spec));
  if (!table && !routes.length && main) lines.push(routeShort(main, spec));

  // What comes after, most important first; cut to fit (everything is behind 看明细 anyway).
  const after: string[] = [];
  const benefits = result.routes.filter((r) => r.kind === 'benefit' && r.status === 'eligible' && r.amount && r.amount.max > 0);
  if (benefits.length)
    after.push(
      fill(m.benefitsLine!, {
        items: benefits.map((b) => fill(m.benefitItem!, { name: b.name, amount: formatRange(b.amount!) })).join('、'),
      }),
    );
  after.push(result.next.length ? fill(m.nextStep!, { text: nextCertificateText(result, main, spec) }) : m.nextNone!);
  for (const permit of result.permits ?? []) if (permit.state !== 'ok') after.push(permitState(permit, spec));
  const reached = reachedText(table, spec);
  if (reached && !alreadyReached(table)) after.push(reached);
  if (missing.core.length) after.push(fill(m.resultMissing!, { facts: missing.core.join('、') }));
  if (missing.optional > 0) after.push(fill(m.resultMissingOptional!, { count: missing.optional }));
  const estimates = estimatesText(result, main, spec);

  const tableLines = table ? compactTable(table, spec, result.city.name) : undefined;
  const budget =
    RESULT_LINES - lines.length - (tableLines ? tableLines.rows.length + (tableLines.footer?.length ?? 0) : 0) - (estimates ? 1 : 0) - 1; // the 看明细 line
  while (after.length > 1 && after.reduce((n, a) => n + lineCount(a), 0) > budget) after.splice(after.length - 1, 1);
  if (estimates) after.push(estimates);
  after.push(m.detailsHint!);
  return {
    kind: 'result',
    text: lines.join('\n'),
    ...(tableLines ? { table: tableLines } : {}),
    after: after.join('\n'),
    choices: [
      { label: m.detailsChoice!, value: choiceValue.command('details') },
      { label: m.compareChoice!, value: choiceValue.command('compare') },
      { label: m.remindChoice!, value: choiceValue.command('remind') },
      { label: m.restartChoice!, value: choiceValue.command('restart') },
    ],
  };
}

/** One row of the comparison: the best main route, its figures in words where the city publishes none. */
function summary(result: EvaluationResult, spec: DialogSpec, scoped: boolean): string {
  const m = spec.messages;
  const eligible = result.routes.find((r) => r.eligible && !r.supplementary && r.kind !== 'benefit');
  const route = eligible ?? mainPointsRoute(result) ?? result.routes.find((r) => !r.supplementary) ?? result.routes[0];
  if (!route) return m['status.unknown']!;
  let text = `${route.name}：${statusText(route, spec)}`;
  if (route.total)
    text +=
      route.threshold === undefined
        ? fill(m.compareNoThreshold!, { total: formatRange(route.total) })
        : fill(m.comparePoints!, { total: formatRange(route.total), threshold: route.threshold });
  // Facts about the current city were not carried here: say which of them this city still needs.
  if (scoped) {
    const needed = new Set<string>();
    for (const r of result.routes) if (!r.supplementary) for (const path of r.missing ?? []) needed.add(path);
    const scopedNeeded = [...needed].filter(
      (p) => (CITY_SCOPED_FACTS as readonly string[]).includes(p) || p.endsWith('.issuedWhileWorkingInCity'),
    );
    if (scopedNeeded.length)
      text += fill(m.compareScopedMissing!, { city: result.city.name, facts: missingLabels(scopedNeeded, spec).join('、') });
  }
  return text;
}

/** @param current the city the session's city-scoped facts belong to (the others did not get them). */
export function compareReply(comparison: CityComparison, spec: DialogSpec, current?: string): Reply {
  const m = spec.messages;
  const rows = [...comparison.cities]
    .sort((a, b) => a.rank - b.rank)
    .map((c) => ({ label: `${c.rank}. ${c.city.name}`, value: summary(c.result, spec, current !== undefined && c.city.id !== current) }));
  const estimated = comparison.cities.some((c) => c.result.hasEstimates);
  return {
    kind: 'result',
    text: m.compareTitle!,
    table: { rows },
    ...(estimated ? { after: m.resultEstimateNote! } : {}),
    choices: comparison.cities.map((c) => ({ label: c.city.name, value: choiceValue.answer('city', c.city.id) })),
  };
}
