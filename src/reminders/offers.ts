/**
 * Reminders the bot offers after a result (pure: `today` is a parameter). Each offer is one tap / number to accept.
 * Policy behind each date (docs/policy/README.md; docs/policy/sources-notes.md §2.2, §3.2, §3.4):
 *   sit_exam       the top next certificate's earliest sit date (电工 standard 6-31-01-03, computed by scoring)
 *   review         特种作业操作证: scoring's permit status (rules/national/special-operation.yaml, 令第30号: 复审 every
 *                  3 years from issue or the last review, apply within 60 days before) → offered for the day
 *                  applications open; a review already due or past is not offered (the result says to apply now)
 *   verify_online  a recent skill certificate is usually queryable online within about 3 months of issue (seed 002;
 *                  agencies say 7–20 working days; docs/policy/README.md: present it as "usually within about 3 months")
 *   threshold      a route's `reachedOn`: the day its points threshold is reached if only time passes
 * No offer is more than 10 years away.
 *   window         a city's yearly application window: not yet in EvaluationResult, so never offered for now
 */
import type { Certificate, Facts } from '../scoring/facts.js';
import type { PermitSchedule } from '../scoring/index.js';
import type { EvaluationResult } from '../scoring/result.js';
import { formatZhDate } from '../text/template.js';
import { fillText, loadReminderTexts, type ReminderTexts } from './texts.js';
import type { ReminderKind, ReminderOffer } from '../dialog/reminder-port.js';
import { addToIsoDay } from '../time/zoned-time.js';

export type { ReminderOffer } from '../dialog/reminder-port.js';

const VERIFY_AFTER_MONTHS = 3;
/** A date further away than this is said in the result but not offered as a reminder (plans change in ten years). */
const MAX_YEARS_AHEAD = 10;

/**
 * @example
 * reminderOffers(result, facts, '2026-11-21', (cert) => permitSchedule(cert, registry.national))
 * // → [{ kind: 'sit_exam', dueAt: '2027-06-30', label: '2027年6月30日 起可以报考电工三级（高级工），到时提醒我' }, …]
 */
export function reminderOffers(
  result: EvaluationResult,
  facts: Facts,
  today: string,
  schedule: (permit: Certificate) => PermitSchedule | undefined,
  texts: ReminderTexts = loadReminderTexts(),
): ReminderOffer[] {
  const offers: ReminderOffer[] = [];
  const t = texts.offers;
  const city = result.city.name;
  const latest = addToIsoDay(today, { years: MAX_YEARS_AHEAD });
  const add = (kind: ReminderKind, dueAt: string, template: string, values: Record<string, string> = {}) => {
    if (dueAt <= today || dueAt > latest || offers.some((o) => o.kind === kind && o.dueAt === dueAt)) return;
    offers.push({ kind, dueAt, label: fillText(template, { date: formatZhDate(dueAt), city, ...values }) });
  };

  const top = result.next[0];
  if (top?.earliestDate) add('sit_exam', top.earliestDate, t.sit_exam, { label: top.label });

  for (const [i, c] of (facts.certificates ?? []).entries()) {
    // The review is offered for the day applications open (60 days before it is due). One that is due now or past
    // is said in the result ("apply now"), never moved to a later date: the renewal at expiry is not the review.
    const status = result.permits?.find((p) => p.index === i);
    const permit = status ?? schedule(c);
    if (permit && (status ? status.state === 'ok' : permit.applyFrom > today)) add('review', permit.applyFrom, t.review);
    if (c.kind === 'skill' && c.issuedOn) add('verify_online', addToIsoDay(c.issuedOn, { months: VERIFY_AFTER_MONTHS }), t.verify_online);
  }

  for (const r of result.routes) if (r.reachedOn) add('threshold', r.reachedOn, t.threshold);

  return offers.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
