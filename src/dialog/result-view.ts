/**
 * The result as replies: the points breakdown as a table, total vs threshold, one line per other route,
 * the recommended next certificate and the "when you get there" date. Texts come from dialogs/messages.yaml.
 * The rule files' notes (our assumptions, doubtful sources) are shown for the items and routes shown, one short
 * line each: a figure that rests on our reading must say so where the user sees it (policy audit, finding 3).
 */
import type { CityComparison, EvaluationResult, NextCertificate, RouteResult } from '../scoring/result.js';
import type { Reply, ReplyTable } from '../contract/index.js';
import { choiceValue } from './choice-value.js';
import { fill, type DialogSpec } from './spec.js';
import { formatRange } from '../text/template.js';

function reasonsText(route: RouteResult): string {
  const texts = (route.reasons ?? []).map((r) => r.text).filter(Boolean);
  return texts.length ? `（${texts.join('；')}）` : '';
}

/**
 * The points route shown as the table: the first one that is not background. A background (supplementary) points
 * estimate is the table only when the city has nothing else; otherwise it is one short estimated line (Xuchang:
 * open settlement is the answer, the seed's points figure never is).
 */
function mainPointsRoute(result: EvaluationResult): RouteResult | undefined {
  const points = result.routes.filter((r) => r.kind === 'points');
  const main = points.find((r) => !r.supplementary);
  if (main) return main;
  return result.routes.some((r) => !r.supplementary) ? undefined : points[0];
}

/** The marker for an item with a note (an assumption or a caveat), and the notes shown under the table. */
function hasNote(item: { note?: string }): boolean {
  return item.note !== undefined && item.note !== '';
}

function pointsTable(route: RouteResult, spec: DialogSpec): ReplyTable {
  const m = spec.messages;
  const rows = (route.items ?? []).map((item) => {
    const estimated = item.certainty === 'estimated' || item.points.min !== item.points.max;
    const marks = `${estimated ? m.estimatedMark : ''}${hasNote(item) ? m.noteMark : ''}`;
    return { label: item.label, value: `${formatRange(item.points)}${marks}`, ...(estimated ? { estimated } : {}) };
  });
  const footer: string[] = [];
  if (route.total) footer.push(fill(m.resultTotal, { total: formatRange(route.total), threshold: route.threshold ?? '—' }));
  if (route.gap && route.gap.max > 0) footer.push(fill(m.resultGap, { gap: formatRange(route.gap) }));
  else if (route.total && route.threshold !== undefined) footer.push(m.resultReached);
  return { title: route.name, rows, footer };
}

function routeLine(route: RouteResult, spec: DialogSpec): string {
  const m = spec.messages;
  if (route.kind === 'points' && route.supplementary) return supplementaryPointsLine(route, spec);
  // Conditions met but the sources leave the route open (atMostUnknown): not "missing information".
  const unconfirmed = route.reasons?.some((r) => r.code === 'unconfirmed') === true;
  const status = unconfirmed ? m['status.unconfirmed'] : (m[`status.${route.status}`] ?? route.status);
  let line = fill(m.routeLine, { name: route.name, status, reasons: reasonsText(route) });
  // The unconfirmed reason already names the amount and its basis.
  if (route.amount && !unconfirmed) {
    if (route.amount.max === 0 && route.status === 'unknown') line += m.amountUnknown;
    // A route that does not apply has nothing to pay; "金额 0 元" would only read as a figure.
    else if (route.amount.max === 0 && route.status === 'not_yet') line += '';
    else line += fill(route.certainty === 'estimated' ? m.amountEstimatedLine : m.amountLine, { amount: formatRange(route.amount) });
  }
  return line + routeNotes(route, spec);
}

/** A background points estimate in one line: what it would count, marked as an estimate, never a verdict. */
function supplementaryPointsLine(route: RouteResult, spec: DialogSpec): string {
  const m = spec.messages;
  const items = (route.items ?? []).map((i) =>
    fill(m.supplementaryPointsItem, { label: i.label, points: formatRange(i.points), mark: m.estimatedMark }),
  );
  return (
    fill(m.supplementaryPointsLine, { name: route.name, items: items.length ? items.join('、') : m.supplementaryPointsNone }) +
    routeNotes(route, spec)
  );
}

/** The route's notes under its line, one short line each. */
function routeNotes(route: RouteResult, spec: DialogSpec): string {
  return (route.notes ?? []).map((n) => `\n${fill(spec.messages.noteLine, { note: n })}`).join('');
}

/** Under the table: the notes of the items shown (marked in the table) and of the route. */
function tableNotes(route: RouteResult, spec: DialogSpec): string[] {
  const m = spec.messages;
  const lines = (route.items ?? []).filter(hasNote).map((i) => fill(m.itemNoteLine, { label: i.label, note: i.note! }));
  for (const n of route.notes ?? []) lines.push(fill(m.noteLine, { note: n }));
  return lines;
}

/** The points route's total is at or above its threshold whatever the estimates (the whole gap range is 0). */
function alreadyReached(route: RouteResult | undefined): boolean {
  if (!route?.total || route.threshold === undefined) return false;
  return route.gap ? route.gap.max <= 0 : route.total.min >= route.threshold;
}

/** What the candidate really brings to someone already above the threshold: points, money, routes it opens. */
function candidateValue(result: EvaluationResult, top: NextCertificate, main: RouteResult | undefined, spec: DialogSpec): string {
  const m = spec.messages;
  const values: string[] = [];
  if (top.gain && top.gain.max > 0) values.push(fill(m.nextValueGain, { gain: formatRange(top.gain) }));
  if (top.amount && top.amount.max > 0) values.push(fill(m.nextValueAmount, { amount: formatRange(top.amount) }));
  if (top.estimatedAmount && top.estimatedAmount.max > 0)
    values.push(fill(m.nextValueEstimatedAmount, { amount: formatRange(top.estimatedAmount) }));
  for (const change of top.changes) {
    const route = result.routes.find((r) => r.id === change.routeId);
    if (!route || route === main || change.to === change.from || change.to !== 'eligible') continue;
    values.push(fill(m.nextValueRoute, { route: route.name, status: m[`status.${change.to}`] ?? change.to }));
  }
  return values.length ? values.join('，') : m.nextValueNone;
}

function nextCertificateText(result: EvaluationResult, main: RouteResult | undefined, spec: DialogSpec): string {
  const m = spec.messages;
  const top = result.next[0];
  if (!top) return m.nextNone;
  const reached = alreadyReached(main);
  const gains = !reached && top.gain !== undefined && top.gain.max > 0;
  // The engine's one-sentence explanation already names the certificate, what it brings and when it can be sat;
  // only without it do we assemble those parts here, so the user never reads the same thing twice.
  const parts: string[] = [];
  if (top.explanation) parts.push(top.explanation);
  else {
    parts.push(
      gains
        ? fill(m.nextCertificate, { label: top.label, gain: formatRange(top.gain!) })
        : fill(m.nextCertificateNoGain, { label: top.label }),
    );
    if (top.canSitNow) parts.push(m.nextCanSitNow);
    else if (top.earliestDate) parts.push(fill(m.nextEarliest, { date: top.earliestDate }));
    else parts.push(m.nextUnknownDate);
  }
  if (reached)
    parts.push(
      top.explanation ? m.nextAlreadyReachedShort : fill(m.nextAlreadyReached, { value: candidateValue(result, top, main, spec) }),
    );
  else if (top.reachesThreshold) parts.push(m.nextReaches);
  else if (top.remainingGap && top.remainingGap.max > 0) parts.push(fill(m.nextRemaining, { gap: formatRange(top.remainingGap) }));
  return parts.join('');
}

function reachedText(route: RouteResult | undefined, spec: DialogSpec): string | undefined {
  if (!route || route.eligible || route.reachedOn === undefined) return undefined;
  const m = spec.messages;
  return route.reachedOn ? fill(m.resultReachedOn, { date: route.reachedOn }) : m.resultNeverReached;
}

/** Facts still unknown when a result is shown early: the core ones by name, the optional ones only counted. */
export interface MissingFacts {
  core: string[];
  optional: number;
}

/** One short line naming the estimated figures: the main table's estimated items and the estimated routes. */
function estimatesText(result: EvaluationResult, main: RouteResult | undefined, spec: DialogSpec): string | undefined {
  if (!result.hasEstimates) return undefined;
  const m = spec.messages;
  const items = (main?.items ?? []).filter((i) => i.certainty === 'estimated' || i.points.min !== i.points.max).map((i) => i.label);
  const routes = result.routes
    .filter((r) => r.certainty === 'estimated' && !(r === main && main.items?.length))
    .map((r) => fill(m.estimatedRoute, { name: r.name }));
  const named = [...new Set([...items, ...routes])];
  return named.length ? fill(m.resultEstimates, { items: named.join('、') }) : m.resultEstimateNote;
}

/** The result (final or so far) as one reply with the breakdown table and the next steps. */
export function resultReply(result: EvaluationResult, spec: DialogSpec, missing: MissingFacts = { core: [], optional: 0 }): Reply {
  const m = spec.messages;
  const main = mainPointsRoute(result);
  const others = result.routes.filter((r) => r !== main);
  const lines = [fill(m.resultTitle, { city: result.city.name })];
  if (main && !main.items?.length) lines.push(routeLine(main, spec));
  for (const r of others) lines.push(routeLine(r, spec));
  const after: string[] = [];
  if (main?.items?.length) after.push(...tableNotes(main, spec));
  after.push(nextCertificateText(result, main, spec));
  const reached = reachedText(main, spec);
  if (reached) after.push(reached);
  if (missing.core.length) after.push(fill(m.resultMissing, { facts: missing.core.join('、') }));
  if (missing.optional > 0) after.push(fill(m.resultMissingOptional, { count: missing.optional }));
  const estimates = estimatesText(result, main, spec);
  if (estimates) after.push(estimates);
  return {
    kind: 'result',
    text: lines.join('\n'),
    ...(main?.items?.length ? { table: pointsTable(main, spec) } : {}),
    after: after.join('\n'),
    choices: [
      { label: m.compareChoice, value: choiceValue.command('compare') },
      { label: m.remindChoice, value: choiceValue.command('remind') },
      { label: m.restartChoice, value: choiceValue.command('restart') },
    ],
  };
}

function summary(result: EvaluationResult, spec: DialogSpec): string {
  const m = spec.messages;
  const eligible = result.routes.find((r) => r.eligible && !r.supplementary);
  const route = eligible ?? mainPointsRoute(result) ?? result.routes[0];
  if (!route) return m['status.unknown'];
  const status = m[`status.${route.status}`] ?? route.status;
  const points = route.total ? ` ${formatRange(route.total)}/${route.threshold ?? '—'}` : '';
  return `${route.name}：${status}${points}`;
}

export function compareReply(comparison: CityComparison, spec: DialogSpec): Reply {
  const m = spec.messages;
  const rows = [...comparison.cities]
    .sort((a, b) => a.rank - b.rank)
    .map((c) => ({ label: `${c.rank}. ${c.city.name}`, value: summary(c.result, spec) }));
  const estimated = comparison.cities.some((c) => c.result.hasEstimates);
  return {
    kind: 'result',
    text: m.compareTitle,
    table: { rows },
    ...(estimated ? { after: m.resultEstimateNote } : {}),
    choices: comparison.cities.map((c) => ({ label: c.city.name, value: choiceValue.answer('city', c.city.id) })),
  };
}
