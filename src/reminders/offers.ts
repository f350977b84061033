/**
 * Reminders the bot offers after a result (pure: `today` is a parameter). Each offer is one tap / number to accept.
 * Policy behind each date (docs/policy/README.md; docs/policy/sources-notes.md §2.2, §3.2, §3.4):
 *   sit_exam       the top next certificate's earliest sit date (电工 standard 6-31-01-03, computed by scoring)
 *   review         特种作业操作证: scoring's permitSchedule (rules/national/special-operation.yaml, 令第30号: 复审 every
 *                  3 years, apply within 60 days before) → offered for the day applications open; once the review
 *                  date is past, the renewal before expiry (valid 6 years), applied for the same way
 *   verify_online  a recent skill certificate is usually queryable online within about 3 months of issue (seed 002;
 *                  agencies say 7–20 working days; docs/policy/README.md: present it as "usually within about 3 months")
 *   threshold      a route's `reachedOn`: the day its points threshold is reached if only time passes
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
  const add = (kind: ReminderKind, dueAt: string, template: string, values: Record<string, string> = {}) => {
    if (dueAt <= today || offers.some((o) => o.kind === kind && o.dueAt === dueAt)) return;
    offers.push({ kind, dueAt, label: fillText(template, { date: formatZhDate(dueAt), city, ...values }) });
  };

  const top = result.next[0];
  if (top?.earliestDate) add('sit_exam', top.earliestDate, t.sit_exam, { label: top.label });

  for (const c of facts.certificates ?? []) {
    const permit = schedule(c);
    if (permit) {
      // Once the 3-yearly review date has passed (reviewed since, or only the issue date known), the next date that
      // matters is the renewal at expiry; both are applied for within the same days before.
      add('review', permit.reviewDueOn > today ? permit.applyFrom : permit.renewFrom, t.review);
    }
    if (c.kind === 'skill' && c.issuedOn) add('verify_online', addToIsoDay(c.issuedOn, { months: VERIFY_AFTER_MONTHS }), t.verify_online);
  }

  for (const r of result.routes) if (r.reachedOn) add('threshold', r.reachedOn, t.threshold);

  return offers.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
