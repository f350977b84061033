import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/scoring/dates.js';

describe('addDays', () => {
  it('agrees with the Date object every week from 1990 to 2100, ±60 days and more (leap years, centuries)', () => {
    let checked = 0;
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2100, 0, 1); t += 86_400_000 * 7) {
      const iso = new Date(t).toISOString().slice(0, 10);
      for (const d of [-60, -1, 0, 1, 59, 60, 400, -400]) {
        expect(addDays(iso, d)).toBe(new Date(t + d * 86_400_000).toISOString().slice(0, 10));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40_000);
  });

  it('60 days before 2026-05-01 is 2026-03-02 (令第30号 Art. 22: apply within 60 days before)', () => {
    expect(addDays('2026-05-01', -60)).toBe('2026-03-02');
  });
});
