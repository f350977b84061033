/**
 * The suite's tally: every reliability case records how many items it ran and how many were lost or duplicated,
 * one JSON file per record in a folder the global setup provides; `summary-setup.ts` prints the table at the end.
 * A case records *before* it asserts, so a failing case still shows its numbers in the table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { inject } from 'vitest';

export interface CaseTally {
  /** Short name of the case, as shown in the table. */
  case: string;
  /** Items exercised: updates, turns, reminders, requests… (the unit is named in `unit`). */
  run: number;
  /** Items that behaved exactly as required. */
  passed: number;
  /** Items with no effect where one was due (a turn not applied, a reply or reminder never sent). */
  lost: number;
  /** Items with more than one effect (a second reply, a second state change, a second delivery). */
  duplicated: number;
  unit: string;
}

export function recordCase(tally: CaseTally): void {
  const dir = inject('reliabilitySummaryDir');
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${randomUUID()}.json`), JSON.stringify({ ...tally, at: Date.now() }));
}
