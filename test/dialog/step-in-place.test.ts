/**
 * `stepInPlace` (the runtime's path: it changes the state it is handed) answers exactly as `step` (which copies
 * first), turn after turn of random conversations, and `step` never changes its input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCore } from '../../src/app/core.js';
import { type DialogInput, step, stepInPlace } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import { type DialogState, parseState, serializeState } from '../../src/dialog/state.js';
import { loadReminderTexts, reminderDialog } from '../../src/reminders/index.js';

const core = loadCore();
const ctx: DialogContext = {
  ...core,
  today: '2026-03-02',
  now: Date.parse('2026-03-02T02:00:00Z'),
  reminders: reminderDialog(loadReminderTexts(), 'Asia/Shanghai'),
};

const TEXTS = [
  '上海',
  '魔都',
  '厦门',
  '我32岁，本科有学位，电工四级，社保交了5年',
  '35岁',
  '不对，我35岁',
  '大专',
  '电工三级',
  '低压电工证，2020年5月1日发的',
  '是',
  '不是',
  '1',
  '2',
  '1 3',
  '跳过',
  '上一步',
  '看结果',
  '对比城市',
  '特种作业证要复审吗？',
  '3个月后提醒我查证书',
  '确认',
  '我的提醒',
  'asdfgh🙂',
  '',
];
const COMMANDS = ['start', 'help', 'restart', 'result', 'compare', 'reminders', 'back', 'skip'];

/** One user action: a text, a command, or the n-th button offered by the previous turn. */
const action = fc.oneof(
  fc.constantFrom(...TEXTS).map((text) => ({ text })),
  fc.constantFrom(...COMMANDS).map((command) => ({ command })),
  fc.nat({ max: 9 }).map((button) => ({ button })),
);

function inputFor(a: { text?: string; command?: string; button?: number }, offered: string[]): DialogInput {
  if (a.button === undefined) return a;
  const choice = offered[a.button % Math.max(1, offered.length)];
  return choice === undefined ? { text: String(a.button + 1) } : { choice };
}

describe('stepInPlace', () => {
  it('answers as step does, on random conversations, and step leaves its input alone', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 14 }), (actions) => {
        let stored: string | null = null;
        for (const a of actions) {
          const before: DialogState | null = parseState(stored);
          const input = inputFor(a, before?.offered ?? []);
          const copied = step(before, input, ctx);
          // The input state is untouched by step: it still serialises to what was stored.
          expect(before === null ? null : serializeState(before)).toEqual(stored);
          const inPlace = stepInPlace(parseState(stored), input, ctx);
          expect(inPlace).toEqual(copied);
          stored = inPlace.state ? serializeState(inPlace.state) : null;
        }
      }),
      { numRuns: 150 },
    );
  });
});
