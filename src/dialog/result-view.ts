/**
 * The result as replies: the points breakdown as a table, total vs threshold, one line per other route,
 * the recommended next certificate and the "when you get there" date. Texts come from dialogs/messages.yaml.
 */
import type { CityComparison, EvaluationResult, Range, RouteResult } from '../scoring/result.js';
import type { Reply, ReplyTable } from './reply.js';
import { fill, type DialogSpec } from './spec.js';

export function formatRange(r: Range): string {
  return r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;
}

function reasonsText(route: RouteResult): string {
  const texts = (route.reasons ?? []).map((r) => r.text).filter(Boolean);
  return texts.length ? `（${texts.join('；')}）` : '';
}

/** The points route shown as the table: the first one that is not background, else the first. */
function mainPointsRoute(result: EvaluationResult): RouteResult | undefined {
  const points = result.routes.filter((r) => r.kind === 'points');
  return points.find((r) => !r.supplementary) ?? points[0];
}

function pointsTable(route: RouteResult, spec: DialogSpec): ReplyTable {
  const m = spec.messages;
  const rows = (route.items ?? []).map((item) => {
    const estimated = item.certainty === 'estimated' || item.points.min !== item.points.max;
    return { label: item.label, value: `${formatRange(item.points)}${estimated ? m.estimatedMark! : ''}`, ...(estimated ? { estimated } : {}) };
  });
  const footer: string[] = [];
  if (route.total) footer.push(fill(m.resultTotal!, { total: formatRange(route.total), threshold: route.threshold ?? '—' }));
  if (route.gap && route.gap.max > 0) footer.push(fill(m.resultGap!, { gap: formatRange(route.gap) }));
  else if (route.total && route.threshold !== undefined) footer.push(m.resultReached!);
  return { title: route.name, rows, footer };
}

function routeLine(route: RouteResult, spec: DialogSpec): string {
  const m = spec.messages;
  const status = m[`status.${route.status}`] ?? route.status;
  let line = fill(m.routeLine!, { name: route.name, status, reasons: reasonsText(route) });
  if (route.amount) line += fill(m.amountLine!, { amount: formatRange(route.amount) });
  return line;
}

function nextCertificateText(result: EvaluationResult, spec: DialogSpec): string {
  const m = spec.messages;
  const top = result.next[0];
  if (!top) return m.nextNone!;
  const gains = top.gain !== undefined && top.gain.max > 0;
  const parts = [gains ? fill(m.nextCertificate!, { label: top.label, gain: formatRange(top.gain!) }) : fill(m.nextCertificateNoGain!, { label: top.label })];
  if (top.canSitNow) parts.push(m.nextCanSitNow!);
  else if (top.earliestDate) parts.push(fill(m.nextEarliest!, { date: top.earliestDate }));
  else parts.push(m.nextUnknownDate!);
  if (top.reachesThreshold) parts.push(m.nextReaches!);
  else if (top.remainingGap && top.remainingGap.max > 0) parts.push(fill(m.nextRemaining!, { gap: formatRange(top.remainingGap) }));
  if (top.explanation) parts.push(top.explanation);
  return parts.join('');
}

function reachedText(route: RouteResult | undefined, spec: DialogSpec): string | undefined {
  if (!route || route.eligible || route.reachedOn === undefined) return undefined;
  const m = spec.messages;
  return route.reachedOn ? fill(m.resultReachedOn!, { date: route.reachedOn }) : m.resultNeverReached!;
}

/** The result (final or so far) as one reply with the breakdown table and the next steps. */
export function resultReply(result: EvaluationResult, spec: DialogSpec, missingLabels: string[]): Reply {
  const m = spec.messages;
  const main = mainPointsRoute(result);
  const others = result.routes.filter((r) => r !== main);
  const lines = [fill(m.resultTitle!, { city: result.city.name })];
  if (main && !main.items?.length) lines.push(routeLine(main, spec));
  for (const r of others) lines.push(routeLine(r, spec));
  const after: string[] = [];
  after.push(nextCertificateText(result, spec));
  const reached = reachedText(main, spec);
  if (reached) after.push(reached);
  if (missingLabels.length) after.push(fill(m.resultMissing!, { facts: missingLabels.join('、') }));
  if (result.hasEstimates) after.push(m.resultEstimateNote!);
  return {
    kind: 'result',
    text: lines.join('\n'),
    ...(main?.items?.length ? { table: pointsTable(main, spec) } : {}),
    after: after.join('\n'),
    choices: [
      { label: m.compareChoice!, value: 'cmd:compare' },
      { label: m.remindChoice!, value: 'cmd:remind' },
      { label: m.restartChoice!, value: 'cmd:restart' },
    ],
  };
}

function summary(result: EvaluationResult, spec: DialogSpec): string {
  const m = spec.messages;
  const eligible = result.routes.find((r) => r.eligible && !r.supplementary);
  const route = eligible ?? mainPointsRoute(result) ?? result.routes[0];
  if (!route) return m['status.unknown']!;
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
    text: m.compareTitle!,
    table: { rows },
    ...(estimated ? { after: m.resultEstimateNote! } : {}),
    choices: comparison.cities.map((c) => ({ label: c.city.name, value: `q:city=${c.city.id}` })),
  };
}
