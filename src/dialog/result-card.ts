/**
 * The picture of a result (contract ResultCard), built next to the text result from the same EvaluationResult: the
 * main points route's items as bars against its pass mark and the road to it, or, for a city whose answer is a route
 * with conditions, the route's state and what decides it. Every text comes from dialogs/ (CardTexts).
 */
import type { CardCondition, ResultCard } from '../contract/index.js';
import type { EvaluationResult, Range, RouteResult } from '../scoring/result.js';
import type { Road } from '../scoring/road.js';
import { fill } from '../text/template.js';

export interface CardTexts {
  /** {date} {total} {threshold} {gap} */
  subtitlePoints: string;
  /** {date} {total}: a points route without a pass mark (a yearly ranking or no published table). */
  subtitleNoThreshold: string;
  /** {date} {status} */
  subtitleRoute: string;
  /** {threshold} */
  thresholdLabel: string;
  /** The bar of the sum, measured against the pass mark. */
  totalLabel: string;
  roadTitle: string;
  roadWithout: string;
  /** {label}: the next certificate */
  roadWith: string;
  met: string;
  unmet: string;
  unknown: string;
  /** {fact}: a fact still unknown that decides the route */
  missingFact: string;
  noteEstimated: string;
  noteOfficial: string;
  /** {path}: where the terminal chat saved the picture. */
  savedTo: string;
  notSaved: string;
}

/** The card's texts: the `card.*` keys of dialogs/messages.yaml (spec.ts checks they are all there). */
export const CARD_TEXT_KEYS = [
  'subtitlePoints',
  'subtitleNoThreshold',
  'subtitleRoute',
  'thresholdLabel',
  'totalLabel',
  'roadTitle',
  'roadWithout',
  'roadWith',
  'met',
  'unmet',
  'unknown',
  'missingFact',
  'noteEstimated',
  'noteOfficial',
  'savedTo',
  'notSaved',
] as const satisfies ReadonlyArray<keyof CardTexts>;

export function cardTexts(messages: Readonly<Record<string, string>>): CardTexts {
  const texts = {} as CardTexts;
  for (const key of CARD_TEXT_KEYS) texts[key] = messages[`card.${key}`] ?? '';
  return texts;
}

export interface CardInput {
  result: EvaluationResult;
  road?: Road;
  texts: CardTexts;
  /** Status words (符合条件 / 暂不符合 / …), by RouteStatus. */
  statusText: (status: RouteResult['status']) => string;
  /** The user-facing name of a fact path ("socialInsuranceYears" → 本市社保年限). */
  factLabel: (path: string) => string;
}

/** Undefined when a picture would say nothing the text does not (no scored items and no route). */
export function resultCard({ result, road, texts, statusText, factLabel }: CardInput): ResultCard | undefined {
  const note = result.hasEstimates ? texts.noteEstimated : texts.noteOfficial;
  const points = result.routes.find((r) => r.kind === 'points' && !r.supplementary && r.items && r.items.length > 0);
  if (points?.total) {
    const card: ResultCard = {
      title: points.name,
      subtitle:
        points.threshold !== undefined
          ? fill(texts.subtitlePoints, {
              date: result.today,
              total: range(points.total),
              threshold: points.threshold,
              gap: range(points.gap ?? { min: 0, max: 0 }),
            })
          : fill(texts.subtitleNoThreshold, { date: result.today, total: range(points.total) }),
      bars: [
        {
          label: texts.totalLabel,
          min: points.total.min,
          max: points.total.max,
          estimated: points.total.min !== points.total.max,
          total: true,
        },
        ...points.items!.map((i) => ({
          label: i.label,
          min: i.points.min,
          max: i.points.max,
          estimated: i.certainty === 'estimated' || i.points.min !== i.points.max,
        })),
      ],
      note,
    };
    if (points.threshold !== undefined) {
      card.threshold = points.threshold;
      card.thresholdLabel = fill(texts.thresholdLabel, { threshold: points.threshold });
    }
    if (road && road.routeId === points.id && road.years.length > 1) {
      const next = result.next[0];
      const withCert = road.years.some((y) => y.with) ? road.years.map((y) => (y.with ? y.with.min : null)) : undefined;
      card.road = {
        title: texts.roadTitle,
        years: road.years.map((y) => y.year),
        without: road.years.map((y) => y.without.min),
        withoutLabel: texts.roadWithout,
        threshold: road.threshold,
        ...(withCert && next ? { with: withCert, withLabel: fill(texts.roadWith, { label: next.label }) } : {}),
      };
    }
    return card;
  }
  const route = result.routes.find((r) => r.kind === 'eligibility' && !r.supplementary);
  if (!route) return undefined;
  return {
    title: route.name,
    subtitle: fill(texts.subtitleRoute, { date: result.today, status: statusText(route.status) }),
    conditions: conditionsOf(route, texts, factLabel),
    note,
  };
}

/** What decides the route: the conditions it failed, the facts still unknown, or that it is met. */
function conditionsOf(route: RouteResult, texts: CardTexts, factLabel: (path: string) => string): CardCondition[] {
  const rows: CardCondition[] = [];
  for (const r of route.reasons ?? []) {
    if (r.code === 'condition_failed' || r.code === 'prerequisite_failed') rows.push({ label: r.text, met: false, state: texts.unmet });
  }
  for (const path of route.missing ?? []) {
    rows.push({ label: fill(texts.missingFact, { fact: factLabel(path) }), met: null, state: texts.unknown });
  }
  if (route.status === 'eligible') rows.unshift({ label: route.name, met: true, state: texts.met });
  return rows;
}

function range(r: Range): string {
  return r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;
}
