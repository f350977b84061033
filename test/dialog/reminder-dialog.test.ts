/**
 * The reminder dialog inside the pure engine: the date is read with ctx.now, the reminder waits in the stored state
 * (so 确认 may reach another process), and only 确认 produces the saveReminder effect.
 */
import { describe, expect, it } from 'vitest';
import { step, type DialogInput } from '../../src/dialog/engine.js';
import type { DialogContext } from '../../src/dialog/ports.js';
import { parseState, serializeState, type DialogState } from '../../src/dialog/state.js';
import { loadReminderTexts, reminderDialog } from '../../src/reminders/index.js';
import { loadCore } from '../../src/app/core.js';
import { fixedFaq } from '../support/fixed-faq.js';

const core = loadCore();
const start = Date.parse('2026-03-02T10:00:00+08:00');
const ctxAt = (now: number): DialogContext => ({
  ...core,
  faq: fixedFaq('稍后支持'),
  today: '2026-03-02',
  now,
  reminders: reminderDialog(loadReminderTexts(), 'Asia/Shanghai'),
});

/** Each turn goes through the stored form, as between two processes. */
function play(inputs: DialogInput[], now = start, from: DialogState | null = null) {
  let stored = from ? serializeState(from) : null;
  let last = step(parseState(stored), inputs[0]!, ctxAt(now));
  for (const input of inputs.slice(1)) {
    stored = last.state ? serializeState(last.state) : null;
    last = step(parseState(stored), input, ctxAt(now));
  }
  return { last, state: last.state, text: last.replies.map((r) => r.text).join('\n') };
}

describe('reminder dialog', () => {
  it('asks 上午还是下午 for "3点", reads the answer with the request, and saves only on 确认', () => {
    const asked = play([{ text: '明天3点提醒我开会' }]);
    expect(asked.text).toContain('上午还是下午');
    expect(asked.last.effects).toEqual([]);
    const confirm = play([{ text: '下午' }], start, asked.state);
    expect(confirm.text).toContain('2026年3月3日 15:00');
    expect(confirm.last.effects).toEqual([]);
    const saved = play([{ choice: 'reminder:yes' }], start, confirm.state);
    expect(saved.last.effects).toEqual([
      {
        type: 'saveReminder',
        reminder: { dueAt: Date.parse('2026-03-03T15:00:00+08:00'), what: '开会', kind: 'custom', precision: 'time' },
      },
    ]);
    expect(saved.state?.reminder).toBeUndefined();
  });

  it('keeps a yearly reminder yearly through the stored state', () => {
    const confirm = play([{ text: '每年3月提醒我申报积分' }]);
    expect(confirm.text).toContain('每年');
    const saved = play([{ text: '好的' }], start, confirm.state);
    expect(saved.last.effects).toEqual([
      {
        type: 'saveReminder',
        reminder: { dueAt: Date.parse('2027-03-01T09:00:00+08:00'), what: '申报积分', kind: 'custom', repeat: 'yearly', precision: 'day' },
      },
    ]);
  });

  it('asks for a new time when 确认 comes after the time itself', () => {
    const confirm = play([{ text: '5分钟后提醒我喝水' }]);
    const late = play([{ text: '确认' }], start + 10 * 60_000, confirm.state);
    expect(late.last.effects).toEqual([]);
    expect(late.text).toContain('已经过去');
    expect(late.state?.reminder?.ask).toBe('ask_future');
  });

  it('drops a waiting reminder when the user answers something else, and saves nothing', () => {
    const confirm = play([{ text: '上海' }, { text: '3个月后提醒我查证书' }]);
    expect(confirm.state?.reminder?.ask).toBe('confirm');
    const other = play([{ text: '我30岁' }], start, confirm.state);
    expect(other.state?.reminder).toBeUndefined();
    expect(other.state?.facts.age).toBe(30);
    expect(other.last.effects).toEqual([]);
  });

  it('stores the waiting reminder compactly and drops one that does not read right', () => {
    const confirm = play([{ text: '3个月后提醒我查证书' }]);
    const raw = serializeState(confirm.state!);
    expect(raw.length).toBeLessThan(300);
    expect(parseState(raw)?.reminder).toEqual({
      ask: 'confirm',
      what: '查证书',
      kind: 'custom',
      dueAt: Date.parse('2026-06-02T09:00:00+08:00'),
      precision: 'day',
    });
    const corrupt = JSON.stringify({ ...JSON.parse(raw), rm: { q: 'confirm', k: 'bogus', t: 1 } });
    expect(parseState(corrupt)?.reminder).toBeUndefined();
  });

  it('offers nothing it cannot date and says how to ask instead', () => {
    const { text, last } = play([{ text: '上海' }, { choice: 'cmd:remind' }]);
    expect(text).toContain('3个月后提醒我查证书');
    expect(last.effects).toEqual([]);
  });
});
