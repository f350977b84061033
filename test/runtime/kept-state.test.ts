/**
 * The runtime keeps the state it stored (settleState) and the store hands it back on the user's next turn, so a warm
 * turn skips parsing. Through the real runtime on a real Redis: a warm turn parses nothing; a turn after another
 * process wrote the user parses that process's string; a duplicate, a late commit or a failed commit leaves no
 * changed state behind; and a warm process answers exactly like one that parses every turn.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { InboundMessage, ReplyTarget, TurnResult } from '../../src/contract/index.js';
import { RESUME_AFTER_MS } from '../../src/dialog/engine.js';
import { parseState, type DialogState } from '../../src/dialog/state.js';
import { loadReminderTexts, reminderDialog } from '../../src/reminders/index.js';
import type { ReminderPort } from '../../src/runtime/effects.js';
import { loadCore } from '../../src/app/core.js';
import { createTurnHandler } from '../../src/runtime/turn-runtime.js';
import { MemorySessionStore, RedisSessionStore, StoreUnavailableError, userKeys } from '../../src/store/index.js';
import { ServerClock } from '../../src/store/server-clock.js';
import type { SessionStore } from '../../src/store/session-store.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const core = loadCore();
const redis = connectTestRedis();
afterAll(async () => {
  await redis.quit();
});

/** Every string the runtime parsed (null reads of a new session are left out: there is nothing to keep then). */
function countingReads() {
  const parsed: string[] = [];
  const readState = (raw: string | null): DialogState | null => {
    if (raw !== null) parsed.push(raw);
    return parseState(raw);
  };
  return { parsed, readState };
}

let messageSeq = 0;
const message = (userId: string, text: string, messageId = `m${messageSeq++}`): InboundMessage => {
  const command = text.startsWith('/') ? text.slice(1) : undefined;
  return { channel: 'telegram', userId, chatId: userId, messageId, text: command ? '' : text, ...(command ? { command } : {}), sentAt: 0 };
};
const texts = (r: TurnResult) => (r.status === 'applied' ? r.replies.map((x) => x.text).join('\n') : r.status);
const stateKey = (prefix: string, userId: string) => userKeys(prefix, { channel: 'telegram', userId }).state;
/** The stored state string (the key holds `<version>:<state>`). */
async function stored(prefix: string, userId: string): Promise<string> {
  const raw = (await redis.get(stateKey(prefix, userId)))!;
  return raw.slice(raw.indexOf(':') + 1);
}

describe('a kept state on the Redis store', () => {
  it('a warm turn parses nothing; a turn after another process wrote the user parses what that process stored', async () => {
    const prefix = uniquePrefix('kept');
    const reads = countingReads();
    const here = createTurnHandler({ ...core, store: new RedisSessionStore({ redis, prefix }), readState: reads.readState });
    const elsewhere = createTurnHandler({ ...core, store: new RedisSessionStore({ redis, prefix }) });

    for (const text of ['/start', '上海', '我32岁，本科有学位，电工四级，交了5年社保']) {
      expect((await here.handle(message('u1', text))).status).toBe('applied');
    }
    expect(reads.parsed).toEqual([]);

    // Another process (its own store, same Redis) corrects the age; this process's kept state is now stale.
    expect(texts(await elsewhere.handle(message('u1', '我40岁')))).toContain('年龄 32岁 → 40岁');
    const written = await stored(prefix, 'u1');

    // The stale kept state fails the version check; the turn is applied again on a parse of the fresh string.
    expect(texts(await here.handle(message('u1', '我41岁')))).toContain('年龄 40岁 → 41岁');
    expect(reads.parsed).toEqual([written]);

    // And the turn after that is warm again.
    expect(texts(await here.handle(message('u1', '我42岁')))).toContain('年龄 41岁 → 42岁');
    expect(reads.parsed).toHaveLength(1);
  });

  it('a duplicate delivery changes the kept state on its way, and that change is never seen', async () => {
    const prefix = uniquePrefix('kept-dup');
    const reads = countingReads();
    const handler = createTurnHandler({ ...core, store: new RedisSessionStore({ redis, prefix }), readState: reads.readState });
    for (const text of ['上海', '我30岁']) await handler.handle(message('u2', text));
    expect((await handler.handle(message('u2', '我35岁', 'same-id'))).status).toBe('applied');

    // A second delivery of the same id (its text differs here to make its step's change visible): the step runs on
    // the kept state before the script says "duplicate".
    expect(await handler.handle(message('u2', '我50岁', 'same-id'))).toEqual({ status: 'duplicate' });
    const afterDuplicate = await stored(prefix, 'u2');
    expect(parseState(afterDuplicate)?.facts.age).toBe(35);

    expect(texts(await handler.handle(message('u2', '我36岁')))).toContain('年龄 35岁 → 36岁');
    expect(reads.parsed).toEqual([afterDuplicate]);
  });

  it('a late commit (refused past its deadline) leaves no changed state behind', async () => {
    const prefix = uniquePrefix('kept-late');
    const reads = countingReads();
    // Our local clock, which a test may set back: the next commit's deadline then lies in the server's past.
    let behindMs = 0;
    const serverClock = new ServerClock({ now: () => performance.now() - behindMs });
    const store = new RedisSessionStore({ redis, prefix, serverClock, commitDeadlineMs: 1_000 });
    const handler = createTurnHandler({ ...core, store, readState: reads.readState });
    for (const text of ['上海', '我30岁']) await handler.handle(message('u3', text));
    const before = await stored(prefix, 'u3');

    behindMs = 60_000;
    const late = await handler.handle(message('u3', '我50岁')).catch((err: unknown) => err);
    expect(late).toBeInstanceOf(StoreUnavailableError);
    expect(await stored(prefix, 'u3')).toBe(before);

    expect(texts(await handler.handle(message('u3', '我31岁')))).toContain('年龄 30岁 → 31岁');
    expect(reads.parsed).toEqual([before]);
  });

  it('a failed commit leaves no changed state behind', async () => {
    const prefix = uniquePrefix('kept-error');
    const reads = countingReads();
    const handler = createTurnHandler({ ...core, store: new RedisSessionStore({ redis, prefix }), readState: reads.readState });
    for (const text of ['上海', '我30岁']) await handler.handle(message('u4', text));
    const before = await stored(prefix, 'u4');

    // The seen-ids key made the wrong type: the commit script fails with WRONGTYPE after the step ran.
    const seenKey = userKeys(prefix, { channel: 'telegram', userId: 'u4' }).seen;
    await redis.del(seenKey);
    await redis.set(seenKey, 'not a sorted set');
    expect(await handler.handle(message('u4', '我50岁')).catch((err: unknown) => err)).toBeInstanceOf(Error);
    await redis.del(seenKey);
    expect(await stored(prefix, 'u4')).toBe(before);

    expect(texts(await handler.handle(message('u4', '我31岁')))).toContain('年龄 30岁 → 31岁');
    expect(reads.parsed).toEqual([before]);
  });
});

/** A store that drops every memo: each turn parses what is stored, as a process with a cold cache does. */
function parsingEveryTurn(inner: SessionStore): SessionStore {
  return {
    runTurn: (key, messageId, apply, options) => inner.runTurn(key, messageId, (current) => apply(current), options),
    outbox: inner.outbox,
    read: (key) => inner.read(key),
    forget: (key) => inner.forget(key),
    close: () => inner.close(),
  };
}

function recordingReminders(): ReminderPort {
  const saved: string[] = [];
  return {
    dialog: reminderDialog(loadReminderTexts(), 'Asia/Shanghai'),
    save: async (_t: ReplyTarget, r) => (saved.push(`${r.kind}:${r.dueAt}`), [{ kind: 'notice', text: `saved ${r.kind} ${r.dueAt}` }]),
    list: async () => [{ kind: 'notice', text: `list ${saved.join(',')}` }],
    cancel: async (_t, i) => [{ kind: 'notice', text: `cancel ${i}` }],
    forgetUser: async () => [],
  };
}

describe('a warm process answers like a cold one', () => {
  it('the same replies and the same stored state, turn by turn, with kept and with parsed states', async () => {
    // Fractional clock readings, and one pause that is over RESUME_AFTER_MS only from the stored (whole-second)
    // updatedAt: a kept state with an unrounded time would not offer to resume there.
    const start = Date.parse('2026-03-02T09:00:00+08:00');
    const steps: Array<[string, number]> = [
      ['/start', 0.25],
      ['上海', 1_999.75],
      ['我32岁，本科有学位，电工四级，交了5年社保', 60_999.5],
      ['是', 61_999.9],
      ['对口', 62_500.5],
      ['2020年5月', 62_900.5],
      ['2020年5月', 62_500 + RESUME_AFTER_MS],
      ['继续', 62_999.5 + RESUME_AFTER_MS + 10_000],
      ['6年', 62_999.5 + RESUME_AFTER_MS + 20_000],
      ['上一步', 62_999.5 + RESUME_AFTER_MS + 30_000],
      ['6年', 62_999.5 + RESUME_AFTER_MS + 40_000],
      ['跳过', 62_999.5 + RESUME_AFTER_MS + 50_000],
      ['跳过', 62_999.5 + RESUME_AFTER_MS + 60_000],
      ['1', 62_999.5 + RESUME_AFTER_MS + 70_000],
      ['1', 62_999.5 + RESUME_AFTER_MS + 80_000],
      ['3个月后提醒我查证书', 62_999.5 + RESUME_AFTER_MS + 90_123.4],
      ['确认', 62_999.5 + RESUME_AFTER_MS + 99_999.9],
      ['下周一上午提醒我报名', 62_999.5 + RESUME_AFTER_MS + 110_000],
      ['确认', 62_999.5 + RESUME_AFTER_MS + 120_000],
      ['我的提醒', 62_999.5 + RESUME_AFTER_MS + 130_000],
      ['我有低压电工作业证，2019年3月拿的', 62_999.5 + RESUME_AFTER_MS + 140_000],
      ['我33岁', 62_999.5 + RESUME_AFTER_MS + 150_000],
      ['特种作业证要复审吗？', 62_999.5 + RESUME_AFTER_MS + 160_000],
      ['重新开始', 62_999.5 + RESUME_AFTER_MS + 170_000],
      ['重庆', 62_999.5 + RESUME_AFTER_MS + 180_000],
    ];
    let now = start;
    const clock = () => now;
    const prefix = uniquePrefix('kept-vs-cold');
    const reads = countingReads();
    const warm = createTurnHandler({
      ...core,
      reminders: recordingReminders(),
      clock,
      store: new RedisSessionStore({ redis, prefix }),
      readState: reads.readState,
    });
    const coldStore = new MemorySessionStore({ now: clock });
    const cold = createTurnHandler({ ...core, reminders: recordingReminders(), clock, store: parsingEveryTurn(coldStore) });

    let resumeOffered = false;
    for (const [i, [text, at]] of steps.entries()) {
      now = start + at;
      const w = await warm.handle(message('same', text, `t${i}`));
      const c = await cold.handle(message('same', text, `t${i}`));
      // `delivered` acknowledges each store's own outbox entry: a different function, the same presence.
      expect({ ...w, delivered: 'delivered' in w }, `turn ${i}: ${text}`).toEqual({ ...c, delivered: 'delivered' in c });
      expect(await stored(prefix, 'same'), `turn ${i}: ${text}`).toBe(await coldStore.read({ channel: 'telegram', userId: 'same' }));
      if (i === 6) resumeOffered = texts(w).includes(core.spec.messages.resumeOffer!);
    }
    // The turn after the long pause offered to resume (the rule, from the stored time), and no warm turn parsed.
    expect(resumeOffered).toBe(true);
    expect(reads.parsed).toEqual([]);
  });
});
