/**
 * The result in full, behind 看明细: the points breakdown as a table with every item's note, one line per route with
 * its reasons and notes, every candidate certificate, the permits' dates and the sources. Texts come from
 * dialogs/messages.yaml. The rule files' notes (our assumptions, doubtful sources) are shown with what they qualify:
 * a figure that rests on our reading must say so where the user sees it (policy audit, finding 3).
 */
import type { PermitStatus } from '../scoring/national.js';
import type { EvaluationResult, NextCertificate, RouteResult } from '../scoring/result.js';
import type { Reply, ReplyTable } from '../contract/index.js';
import { fill, type DialogSpec } from './spec.js';
import { formatRange } from '../text/template.js';

/**
 * The reasons in brackets, each said once: "facts missing" is the status already, so it names the missing facts
 * instead of repeating "还缺少一些信息".
 */
export function reasonsText(route: RouteResult, spec: DialogSpec): string {
  const texts = (route.reasons ?? [])
    .filter((r) => r.code !== 'facts_missing')
    .map((r) => r.text)
    .filter(Boolean);
  if (route.status === 'unknown' && route.missing?.length) {
    const facts = missingLabels(route.missing, spec);
    if (facts.length) texts.push(fill(spec.messages.missingFacts!, { facts: facts.join('、') }));
  }
  return texts.length ? `（${texts.join('；')}）` : '';
}

/** Fact paths as the intake's labels, each once (certificates[0].matchesJob → 证书与岗位相符). */
export function missingLabels(paths: string[], spec: DialogSpec): string[] {
  const out: string[] = [];
  for (const path of paths) {
    const key = path.replace(/\[\d+\]/g, '');
    const label = spec.byId.get(key)?.label ?? spec.byFact.get(key)?.label ?? key;
    if (!out.includes(label)) out.push(label);
  }
  return out;
}

/**
 * The points route shown as the table: the first one that is not background. A background (supplementary) points
 * estimate is the table only when the city has nothing else; otherwise it is one short estimated line (Xuchang:
 * open settlement is the answer, the seed's points figure never is).
 */
export function mainPointsRoute(result: EvaluationResult): RouteResult | undefined {
  const points = result.routes.filter((r) => r.kind === 'points');
  const main = points.find((r) => !r.supplementary);
  if (main) return main;
  return result.routes.some((r) => !r.supplementary) ? undefined : points[0];
}

/** The marker for an item with a note (an assumption or a caveat), and the notes shown under the table. */
function hasNote(item: { note?: string }): boolean {
  return item.note !== undefined && item.note !== '';
}

export function pointsTable(route: RouteResult, spec: DialogSpec, city: string): ReplyTable {
  const m = spec.messages;
  const rows = (route.items ?? []).map((item) => {
    const estimated = item.certainty === 'estimated' || item.points.min !== item.points.max;
    const marks = `${estimated ? m.estimatedMark! : ''}${hasNote(item) ? m.noteMark! : ''}`;
    return { label: item.label, value: `${formatRange(item.points)}${marks}`, ...(estimated ? { estimated } : {}) };
  });
  const footer: string[] = [];
  // A city that publishes no threshold gets that said in words, never a dash for the figure.
  if (route.total)
    footer.push(
      route.threshold === undefined
        ? fill(m.resultTotalNoThreshold!, { total: formatRange(route.total), city })
        : fill(m.resultTotal!, { total: formatRange(route.total), threshold: route.threshold }),
    );
  if (route.gap && route.gap.max > 0) footer.push(fill(m.resultGap!, { gap: formatRange(route.gap) }));
  else if (route.total && route.threshold !== undefined) footer.push(m.resultReached!);
  return { title: route.name, rows, footer };
}

export function routeLine(route: RouteResult, spec: DialogSpec): string {
  const m = spec.messages;
  if (route.kind === 'points' && route.supplementary) return supplementaryPointsLine(route, spec);
  // Conditions met but the sources leave the route open (atMostUnknown): not "missing information".
  const unconfirmed = route.reasons?.some((r) => r.code === 'unconfirmed') === true;
  const status = unconfirmed ? m['status.unconfirmed']! : (m[`status.${route.status}`] ?? route.status);
  let line = fill(m.routeLine!, { name: route.name, status, reasons: reasonsText(route, spec) });
  // The unconfirmed reason already names the amount and its basis.
  if (route.amount && !unconfirmed) {
    if (route.amount.max === 0 && route.status === 'unknown') line += m.amountUnknown!;
    // A route that does not apply has nothing to pay; "金额 0 元" would only read as a figure.
    else if (route.amount.max === 0 && route.status === 'not_yet') line += '';
    else line += fill(route.certainty === 'estimated' ? m.amountEstimatedLine! : m.amountLine!, { amount: formatRange(route.amount) });
  }
  return line + routeNotes(route, spec);
}

/** A background points estimate in one line: what it would count, marked as an estimate, never a verdict. */
function supplementaryPointsLine(route: RouteResult, spec: DialogSpec): string {
  const m = spec.messages;
  const items = (route.items ?? []).map((i) =>
    fill(m.supplementaryPointsItem!, { label: i.label, points: formatRange(i.points), mark: m.estimatedMark! }),
  );
  return (
    fill(m.supplementaryPointsLine!, { name: route.name, items: items.length ? items.join('、') : m.supplementaryPointsNone! }) +
    routeNotes(route, spec)
  );
}

/** The route's notes under its line, one short line each. */
function routeNotes(route: RouteResult, spec: DialogSpec): string {
  return (route.notes ?? []).map((n) => `\n${fill(spec.messages.noteLine!, { note: n })}`).join('');
}

/** Under the table: the notes of the items shown (marked in the table) and of the route. */
function tableNotes(route: RouteResult, spec: DialogSpec): string[] {
  const m = spec.messages;
  const lines = (route.items ?? []).filter(hasNote).map((i) => fill(m.itemNoteLine!, { label: i.label, note: i.note! }));
  for (const n of route.notes ?? []) lines.push(fill(m.noteLine!, { note: n }));
  return lines;
}

/** The points route's total is at or above its threshold whatever the estimates (the whole gap range is 0). */
export function alreadyReached(route: RouteResult | undefined): boolean {
  if (!route?.total || route.threshold === undefined) return false;
  return route.gap ? route.gap.max <= 0 : route.total.min >= route.threshold;
}

/** What the candidate really brings to someone already above the threshold: points, money, routes it opens. */
function candidateValue(result: EvaluationResult, top: NextCertificate, main: RouteResult | undefined, spec: DialogSpec): string {
  const m = spec.messages;
  const values: string[] = [];
  if (top.gain && top.gain.max > 0) values.push(fill(m.nextValueGain!, { gain: formatRange(top.gain) }));
  if (top.amount && top.amount.max > 0) values.push(fill(m.nextValueAmount!, { amount: formatRange(top.amount) }));
  if (top.estimatedAmount && top.estimatedAmount.max > 0)
    values.push(fill(m.nextValueEstimatedAmount!, { amount: formatRange(top.estimatedAmount) }));
  for (const change of top.changes) {
    const route = result.routes.find((r) => r.id === change.routeId);
    if (!route || route === main || change.to === change.from || change.to !== 'eligible') continue;
    values.push(fill(m.nextValueRoute!, { route: route.name, status: m[`status.${change.to}`] ?? change.to }));
  }
  return values.length ? values.join('，') : m.nextValueNone!;
}

export function nextCertificateText(result: EvaluationResult, main: RouteResult | undefined, spec: DialogSpec): string {
  const m = spec.messages;
  const top = result.next[0];
  if (!top) return m.nextNone!;
  const reached = alreadyReached(main);
  const gains = !reached && top.gain !== undefined && top.gain.max > 0;
  // The engine's one-sentence explanation already names the certificate, what it brings and when it can be sat;
  // only without it do we assemble those parts here, so the user never reads the same thing twice.
  const parts: string[] = [];
  if (top.explanation) parts.push(top.explanation);
  else {
    parts.push(
      gains
        ? fill(m.nextCertificate!, { label: top.label, gain: formatRange(top.gain!) })
        : fill(m.nextCertificateNoGain!, { label: top.label }),
    );
    if (top.canSitNow) parts.push(m.nextCanSitNow!);
    else if (top.earliestDate) parts.push(fill(m.nextEarliest!, { date: top.earliestDate }));
    else parts.push(m.nextUnknownDate!);
  }
  if (reached)
    parts.push(
      top.explanation ? m.nextAlreadyReachedShort! : fill(m.nextAlreadyReached!, { value: candidateValue(result, top, main, spec) }),
    );
  else if (top.reachesThreshold) parts.push(m.nextReaches!);
  else if (top.reachesThresholdIf) parts.push(m.nextReachesIf!);
  else if (top.remainingGap && top.remainingGap.max > 0) parts.push(fill(m.nextRemaining!, { gap: formatRange(top.remainingGap) }));
  return parts.join('');
}

export function reachedText(route: RouteResult | undefined, spec: DialogSpec): string | undefined {
  if (!route || route.eligible || route.reachedOn === undefined) return undefined;
  const m = spec.messages;
  if (route.reachedOn) return fill(m.resultReachedOn!, { date: route.reachedOn });
  const stop = route.notByWaiting;
  if (stop?.age === undefined) return m.resultNeverReached!;
  return fill(m.resultNotBeforeAge!, {
    age: stop.age,
    limit: m[`ageLimit.${stop.limit}`] ?? '',
    losing: stop.losing ? m.resultLosingWithAge! : '',
  });
}

/** One short line naming the estimated figures: the main table's estimated items and the estimated routes. */
export function estimatesText(result: EvaluationResult, main: RouteResult | undefined, spec: DialogSpec): string | undefined {
  if (!result.hasEstimates) return undefined;
  const m = spec.messages;
  const items = (main?.items ?? []).filter((i) => i.certainty === 'estimated' || i.points.min !== i.points.max).map((i) => i.label);
  const routes = result.routes
    .filter((r) => r.certainty === 'estimated' && !(r === main && main.items?.length))
    .map((r) => fill(m.estimatedRoute!, { name: r.name }));
  const named = [...new Set([...items, ...routes])];
  return named.length ? fill(m.resultEstimates!, { items: named.join('、') }) : m.resultEstimateNote!;
}

/** Everything behind 看明细: every route with its reasons and notes, every candidate, the permits, the sources. */
export function detailsReply(result: EvaluationResult, spec: DialogSpec): Reply {
  const m = spec.messages;
  const main = mainPointsRoute(result);
  const others = result.routes.filter((r) => r !== main);
  const lines = [fill(m.detailsTitle!, { city: result.city.name })];
  if (main && !main.items?.length) lines.push(routeLine(main, spec));
  for (const r of others) lines.push(routeLine(r, spec));
  const after: string[] = [];
  if (main?.items?.length) after.push(...tableNotes(main, spec));
  after.push(nextCertificateText(result, main, spec));
  for (const candidate of result.next.slice(1)) after.push(candidateLine(candidate, spec));
  const reached = reachedText(main, spec);
  if (reached) after.push(reached);
  const stop = main?.notByWaiting?.note;
  if (stop) after.push(fill(m.noteLine!, { note: stop }));
  for (const permit of result.permits ?? []) after.push(permitDetails(permit, spec));
  const estimates = estimatesText(result, main, spec);
  if (estimates) after.push(estimates);
  after.push(...sourceLines(result, spec));
  return {
    kind: 'result',
    text: lines.join('\n'),
    ...(main?.items?.length ? { table: pointsTable(main, spec, result.city.name) } : {}),
    after: after.join('\n'),
  };
}

/** Another candidate, one line: what it brings and when. */
function candidateLine(c: NextCertificate, spec: DialogSpec): string {
  const m = spec.messages;
  const value =
    c.gain && c.gain.max > 0
      ? fill(m.nextValueGain!, { gain: formatRange(c.gain) })
      : c.conditionalGain
        ? fill(m.candidateConditional!, { gain: formatRange(c.conditionalGain) })
        : c.amount && c.amount.max > 0
          ? fill(m.nextValueAmount!, { amount: formatRange(c.amount) })
          : m.nextValueNone!;
  const when = c.canSitNow ? m.nextCanSitNow! : c.earliestDate ? fill(m.nextEarliest!, { date: c.earliestDate }) : m.nextUnknownDate!;
  return fill(m.candidateLine!, { label: c.label, value, when });
}

/** A permit's dates in full: review (and the 6-yearly one where 10 years allow it), expiry, where it stands. */
export function permitDetails(p: PermitStatus, spec: DialogSpec): string {
  const m = spec.messages;
  const lines = [
    fill(m.permitDates!, {
      permit: p.occupation,
      review: p.reviewDueOn,
      applyFrom: p.applyFrom,
      expires: p.expiresOn,
      basis: p.lastReviewKnown ? m.permitFromLastReview! : m.permitFromIssue!,
    }),
  ];
  if (p.extendedReviewDueOn) lines.push(fill(m.permitExtended!, { date: p.extendedReviewDueOn }));
  lines.push(permitState(p, spec));
  return lines.join('\n');
}

/** Where a permit stands, one line (also the first result's line when it needs doing now). */
export function permitState(p: PermitStatus, spec: DialogSpec): string {
  const m = spec.messages;
  return fill(m[`permit.${p.state}`]!, {
    permit: p.occupation,
    review: p.reviewDueOn,
    applyFrom: p.applyFrom,
    expires: p.expiresOn,
    basis: p.lastReviewKnown ? m.permitFromLastReview! : m.permitFromIssue!,
  });
}

/** The sources of the routes shown, each once. */
function sourceLines(result: EvaluationResult, spec: DialogSpec): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const r of result.routes)
    for (const src of r.sources) {
      if (seen.has(src.id)) continue;
      seen.add(src.id);
      lines.push(fill(spec.messages.sourceLine!, { title: src.title, url: src.url ? ` ${src.url}` : '' }));
    }
  return lines.length ? [spec.messages.sourcesTitle!, ...lines] : [];
}
