/**
 * The one sentence of advice on the top-ranked next certificate, from the templates of rules/national/explanations.yaml:
 * what it brings (a threshold reached, a route opened, points, money; a conditional gain with its premise; an
 * estimate named as one), when it can be sat, and the caveats, each said once.
 */
import type { CityPlan } from './plan.js';
import type { NextCertificate, RouteResult } from './result.js';
import { fill, formatRange } from './templates.js';
import type { CityRules, NationalRules } from './types.js';

type Templates = NationalRules['explanations']['templates'];

export function explain(
  top: NextCertificate,
  makesEligible: boolean,
  alternative: NextCertificate | undefined,
  city: CityRules,
  national: NationalRules,
  plan: CityPlan,
  base: RouteResult[],
  today: string,
): string {
  const t = national.explanations.templates;
  const { text, kind } = headline(top, makesEligible, alternative, city, national, plan, base, today);
  // The caveats go before the final "。": an estimate named apart, a level condition named in full.
  const extra: string[] = [];
  if (top.estimatedAmount && kind !== 'estimated_amount_gain')
    extra.push(fill(t.estimated_amount, { route: top.estimatedAmountRoute, amount: formatRange(top.estimatedAmount) }));
  if (top.estimatedGain && kind !== 'estimated_points_gain' && plan.background >= 0)
    extra.push(fill(t.estimated_points, { route: city.routes[plan.background]!.name, gain: formatRange(top.estimatedGain) }));
  if (top.levelCondition && kind !== 'conditional_gain') extra.push(fill(t.level_condition, { condition: top.levelCondition }));
  if (extra.length === 0) return text;
  return `${text.endsWith('。') ? text.slice(0, -1) : text}${extra.join('')}。`;
}

function whenText(top: NextCertificate, t: Templates, national: NationalRules, today: string): string {
  const sit = top.canSitNow === true ? t.sit_now : top.earliestDate ? fill(t.sit_on, { date: top.earliestDate }) : undefined;
  if (!top.ifRelatedMajor) return sit ?? t.sit_unknown;
  const majors = national.standardFor(top.certificate.occupation)?.relatedMajors.slice(0, 2).join('、') ?? '';
  const ifMajor = fill(t.sit_if_related_major, {
    occupation: top.certificate.occupation,
    majors,
    when: top.ifRelatedMajor <= today ? t.sit_now : fill(t.sit_on, { date: top.ifRelatedMajor }),
  });
  return sit ? `${sit}；${ifMajor}` : ifMajor;
}

function headline(
  top: NextCertificate,
  makesEligible: boolean,
  alternative: NextCertificate | undefined,
  city: CityRules,
  national: NationalRules,
  plan: CityPlan,
  base: RouteResult[],
  today: string,
): { text: string; kind: string } {
  const t = national.explanations.templates;
  const primary = plan.primary;
  const primaryRoute = primary >= 0 ? city.routes[primary]! : undefined;
  const primaryWasEligible = primary >= 0 && base[primary]!.status === 'eligible';
  // One params object for whichever template applies (a template ignores the names it does not use).
  const params: Record<string, string | number | undefined> = {
    label: top.label,
    occupation: top.certificate.occupation,
    when: whenText(top, t, national, today),
    also: alternative ? fill(t.sit_now_alternative, { label: alternative.label, benefit: alternativeBenefit(alternative, t) }) : '',
  };
  // Points headlines say under which conditions the item counts, right after the figure.
  params.conditions = top.itemConditions?.length ? conditionsText(top.itemConditions, t) : '';
  if (top.reachesThreshold && !primaryWasEligible && primaryRoute?.kind === 'points' && primaryRoute.threshold) {
    params.route = primaryRoute.name;
    params.threshold = primaryRoute.threshold.value;
    return say(t, params, 'reaches_threshold');
  }
  if (makesEligible) {
    params.route = routeName(city, top.changes.find((c) => c.to === 'eligible' && c.from !== 'eligible')?.routeId);
    return say(t, params, 'makes_eligible');
  }
  if (top.gain && top.gain.max > 0 && primaryRoute) {
    params.route = primaryRoute.name;
    params.gain = formatRange(top.gain);
    return say(t, params, 'points_gain');
  }
  if (top.conditionalGain && primaryRoute) {
    params.route = primaryRoute.name;
    params.gain = formatRange(top.conditionalGain);
    if (top.offJob) return say(t, params, 'off_job');
    params.premise = top.levelCondition;
    return say(t, params, 'conditional_gain');
  }
  if (top.amount && top.amount.max > 0) {
    params.route = routeName(city, top.changes.find((c) => c.amount && isOfficialRoute(city, c.routeId))?.routeId);
    params.amount = formatRange(top.amount);
    return say(t, params, 'amount_gain');
  }
  if (top.estimatedAmount && top.estimatedAmount.max > 0) {
    params.route = top.estimatedAmountRoute;
    params.amount = formatRange(top.estimatedAmount);
    return say(t, params, 'estimated_amount_gain');
  }
  if (top.estimatedGain && plan.background >= 0) {
    params.route = city.routes[plan.background]!.name;
    params.gain = formatRange(top.estimatedGain);
    return say(t, params, 'estimated_points_gain');
  }
  // "No points under the current rules" is wrong where the only points figures are estimates (Xuchang, Fuzhou).
  return say(
    t,
    params,
    !primaryRoute || primaryRoute.supplementary || primaryRoute.certainty === 'estimated' ? 'no_gain_estimated' : 'no_gain',
  );
}

/** The item conditions in words, per conditions list (a route's list is built once and shared) and templates. */
const conditionsTexts = new WeakMap<readonly string[], { t: Templates; text: string }>();

function conditionsText(conditions: readonly string[], t: Templates): string {
  const known = conditionsTexts.get(conditions);
  if (known !== undefined && known.t === t) return known.text;
  const text = fill(t.item_conditions, { conditions: conditions.join(t.condition_join) });
  conditionsTexts.set(conditions, { t, text });
  return text;
}

function say(t: Templates, params: Record<string, string | number | undefined>, kind: keyof Templates): { text: string; kind: string } {
  return { text: fill(t[kind], params), kind };
}

function isOfficialRoute(city: CityRules, id: string): boolean {
  const route = city.routes.find((r) => r.id === id);
  return route !== undefined && !route.supplementary && route.certainty !== 'estimated';
}

function routeName(city: CityRules, id: string | undefined): string {
  return city.routes.find((r) => r.id === id)?.name ?? '';
}

function alternativeBenefit(x: NextCertificate, t: Templates): string {
  if (x.gain && x.gain.max > 0) return fill(t.alternative_points, { gain: formatRange(x.gain) });
  return fill(t.alternative_amount, { amount: formatRange(x.amount && x.amount.max > 0 ? x.amount : x.estimatedAmount!) });
}
