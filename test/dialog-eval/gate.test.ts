/**
 * The understanding's gate: the held-out part of the dialog evaluation, run through the production wiring, must not
 * fall below the figures it has reached (a ratchet, raised whenever the understanding improves; the targets are in
 * test/dialog-eval/README.md). The floors are rates of the held-out part as a whole (both rounds), and no internal value
 * may ever reach a user. Failures print only figures: the held-out items are never shown while tuning.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createEvalBot, runDialogEval } from '../../src/eval/dialog/index.js';
import type { Figure, PartReport } from '../../src/eval/dialog/index.js';

/** The held-out figures reached, rounded down to the per-mille: a regression below any of them fails the suite. */
const FLOORS = {
  factAccuracy: 0.932,
  answeredQuestions: 0.974,
  conversationsRight: 0.831,
  faqFirstMessage: 0.945,
  faqMidForm: 0.902,
  questionVsAnswer: 0.932,
} as const satisfies Partial<Record<keyof PartReport, number>>;

const bot = createEvalBot();
afterAll(() => bot.close());

describe('understanding gate (held-out part, production wiring)', () => {
  it('keeps every held-out figure at or above its floor and shows no raw value', async () => {
    const report = await runDialogEval({ bot, faqQuestions: null });
    expect('absent' in report.heldout).toBe(false);
    const heldout = report.heldout as PartReport;
    const below = Object.entries(FLOORS)
      .map(([name, floor]) => ({ name, floor, figure: heldout[name as keyof typeof FLOORS] as Figure }))
      .filter(({ floor, figure }) => (figure.rate ?? 0) < floor)
      .map(({ name, floor, figure }) => `${name} ${figure.right}/${figure.total} < ${floor}`);
    expect(below).toEqual([]);
    expect(heldout.rawValues.count).toBe(0);
    expect(heldout.failures).toBeUndefined();
  });
});
