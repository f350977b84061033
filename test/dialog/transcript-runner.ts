/**
 * Runs a conversation written in YAML (test/dialog/transcripts/*.yaml) through the real turn runtime:
 * real rules, real NLU, real FAQ, a real store. Expectations are checked on the rendered text the user would read
 * and on the stored state.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { renderReply } from '../../src/channels/console/render.js';
import { parseState } from '../../src/dialog/state.js';
import { loadCore, type Core } from '../../src/app/core.js';
import { createReminderPort } from '../../src/runtime/reminder-port.js';
import { createTurnHandler } from '../../src/runtime/turn-runtime.js';
import type { ReminderService } from '../../src/reminders/types.js';
import type { SessionStore } from '../../src/store/session-store.js';

const expectSchema = z.object({
  contains: z.array(z.coerce.string()).default([]),
  notContains: z.array(z.string()).default([]),
  /** The question key now waiting; null: none (result shown or session deleted). */
  pending: z.string().nullable().optional(),
  city: z.string().optional(),
  /** A subset of the stored facts. */
  facts: z.record(z.string(), z.unknown()).optional(),
  /** Facts that must be absent. */
  unknown: z.array(z.string()).default([]),
  /** The stored session must be gone. */
  deleted: z.boolean().default(false),
  /** Table rows by label: the value shown. */
  rows: z.record(z.string(), z.string()).optional(),
  kinds: z.array(z.string()).optional(),
  /** How many reminders the user has pending in the reminder service. */
  reminders: z.number().int().optional(),
  /** A reminder waiting for its date or 确认 in the stored state: its `ask` ("confirm", "ask_future"…), or null. */
  reminderAsk: z.string().nullable().optional(),
  /** Choice values offered by the replies of this turn, by prefix: at least one must start with each. */
  choices: z.array(z.string()).default([]),
});

const turnSchema = z.object({
  say: z.coerce.string().optional(),
  /** `say` repeated n times (a 5,000-character message). */
  repeat: z.number().int().positive().optional(),
  choice: z.string().optional(),
  command: z.string().optional(),
  /** Answers the remaining optional questions ("跳过"; "1" = 都没有 for the group questions) until the result. */
  finish: z.boolean().default(false),
  /** Hours passing before this message. */
  afterHours: z.number().default(0),
  expect: expectSchema.default({ contains: [], notContains: [], unknown: [], deleted: false, choices: [] }),
});

export const transcriptSchema = z.object({
  title: z.string(),
  /** Local start time, ISO with offset. */
  start: z.string().default('2026-03-02T10:00:00+08:00'),
  turns: z.array(turnSchema).min(1),
});
export type Transcript = z.infer<typeof transcriptSchema> & { file: string };

const dir = fileURLToPath(new URL('./transcripts/', import.meta.url));

export function loadTranscripts(): Transcript[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ ...transcriptSchema.parse(parse(readFileSync(join(dir, file), 'utf8'))), file }));
}

let core: Core | undefined;
export function botCore(): Core {
  core ??= loadCore();
  return core;
}

export interface TurnLog {
  said: string;
  heard: string;
}

/** Plays the transcript; throws an Error naming the turn and what differed. */
export async function playTranscript(
  t: Transcript,
  store: SessionStore,
  userId: string,
  reminderService?: ReminderService,
): Promise<TurnLog[]> {
  let now = Date.parse(t.start);
  const clock = () => now;
  const reminders = reminderService ? createReminderPort({ service: reminderService, clock }) : undefined;
  const handler = createTurnHandler({ ...botCore(), store, clock, ...(reminders ? { reminders } : {}) });
  const key = { channel: 'console' as const, userId };
  const log: TurnLog[] = [];
  for (const [i, turn] of t.turns.entries()) {
    now += turn.afterHours * 3_600_000 + 1000;
    let text = turn.say === undefined ? undefined : turn.say.repeat(turn.repeat ?? 1);
    let result = await handler.handle({
      channel: 'console',
      userId,
      chatId: userId,
      messageId: `${t.file}:${i}`,
      sentAt: now,
      ...(text !== undefined ? { text } : {}),
      ...(turn.choice ? { choice: turn.choice } : {}),
      ...(turn.command ? { command: turn.command } : {}),
    });
    for (let extra = 0; turn.finish && extra < 20; extra++) {
      const pending = parseState(await store.read(key))?.pending;
      if (!pending) break;
      text = ['bonus', 'deductions'].includes(pending) ? '1' : '跳过';
      now += 1000;
      result = await handler.handle({
        channel: 'console',
        userId,
        chatId: userId,
        messageId: `${t.file}:${i}:${extra}`,
        sentAt: now,
        text,
      });
    }
    if (result.status !== 'applied') throw new Error(`${t.file} turn ${i + 1}: status ${result.status}`);
    const heard = result.replies.map(renderReply).join('\n\n');
    const said = (turn.say ?? turn.choice ?? `/${turn.command}`).slice(0, 60);
    log.push({ said, heard });
    const fail = (what: string) => {
      throw new Error(`${t.file} turn ${i + 1} (${said}): ${what}\n--- replies:\n${heard}`);
    };
    const e = turn.expect;
    for (const s of e.contains) if (!heard.includes(s)) fail(`expected to contain "${s}"`);
    for (const s of e.notContains) if (heard.includes(s)) fail(`expected not to contain "${s}"`);
    if (e.kinds) {
      const kinds = result.replies.map((r) => r.kind);
      for (const k of e.kinds) if (!kinds.includes(k as never)) fail(`expected a reply of kind ${k}, got ${kinds.join(',')}`);
    }
    if (e.rows) {
      const rows = new Map(result.replies.flatMap((r) => r.table?.rows ?? []).map((r) => [r.label, r.value]));
      for (const [label, value] of Object.entries(e.rows))
        if (rows.get(label) !== value) fail(`row ${label}: expected ${value}, got ${rows.get(label)}`);
    }
    const raw = await store.read(key);
    if (e.deleted && raw !== null) fail('expected the session to be deleted');
    const state = parseState(raw);
    if (e.pending !== undefined && (state?.pending ?? null) !== e.pending) fail(`pending: expected ${e.pending}, got ${state?.pending}`);
    if (e.city !== undefined && state?.city !== e.city) fail(`city: expected ${e.city}, got ${state?.city}`);
    for (const [fact, value] of Object.entries(e.facts ?? {})) {
      const got = (state?.facts as Record<string, unknown> | undefined)?.[fact];
      if (JSON.stringify(got) !== JSON.stringify(value))
        fail(`fact ${fact}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got)}`);
    }
    if (e.reminders !== undefined) {
      const count = (await reminderService?.list({ channel: 'console', userId }))?.length;
      if (count !== e.reminders) fail(`reminders: expected ${e.reminders}, got ${count}`);
    }
    if (e.reminderAsk !== undefined && (state?.reminder?.ask ?? null) !== e.reminderAsk)
      fail(`reminder: expected ${e.reminderAsk}, got ${state?.reminder?.ask}`);
    const offered = result.replies.flatMap((r) => r.choices ?? []).map((c) => c.value);
    for (const prefix of e.choices)
      if (!offered.some((v) => v.startsWith(prefix))) fail(`expected a choice starting with ${prefix}, got ${offered.join(' ')}`);
    for (const fact of e.unknown)
      if ((state?.facts as Record<string, unknown> | undefined)?.[fact] !== undefined) fail(`fact ${fact} should be unknown`);
  }
  return log;
}
