/**
 * The reminders' send pacing on the real redis-server: whatever order concurrent workers plan and take slots in, the
 * send times it records (the Redis clock of each grant) respect the global and the per-chat limit, and each reminder
 * is granted once. Assertions are on the recorded times, never on how long anything took.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SendPacer } from '../../src/reminders/send-pacing.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';

const redis = connectTestRedis();
afterAll(() => redis.quit());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a worker does with one due reminder: plan, wait for the slot, take it (waiting again if told). */
async function deliverPaced(pacer: SendPacer, chat: string, id: string): Promise<number> {
  const planned = await pacer.plan(chat, id);
  await sleep(planned.waitMs);
  for (;;) {
    const taken = await pacer.take(chat, id);
    if (taken.waitMs === 0) return taken.at;
    await sleep(taken.waitMs);
  }
}

function mostInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

function shortestGap(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!);
  return gap;
}

describe('SendPacer', () => {
  it('a burst of 300 reminders of 60 chats, taken by 3 pacers at once: ≤ 100 per second, ≥ 1 s apart per chat', async () => {
    const base = `${uniquePrefix('pace')}burst`;
    const limits = { globalPerSecond: 100, perChat: [{ max: 1, windowMs: 1_000 }] };
    // Three pacers on the same keys stand for three worker processes.
    const pacers = [0, 1, 2].map(() => new SendPacer(redis, base, limits));
    const jobs = Array.from({ length: 300 }, (_, i) => ({ chat: `c${i % 60}`, id: `r${i}` }));
    // Shuffled, so a chat's reminders do not arrive in a convenient order.
    jobs.sort(() => Math.random() - 0.5);
    const granted = await Promise.all(jobs.map((job, i) => deliverPaced(pacers[i % 3]!, job.chat, job.id).then((at) => ({ ...job, at }))));

    expect(new Set(granted.map((g) => g.id)).size).toBe(300);
    // Telegram-like limits as given: 100 in any 1,000 ms, one per chat per 1,000 ms.
    expect(
      mostInAnyWindow(
        granted.map((g) => g.at),
        1_000,
      ),
    ).toBeLessThanOrEqual(100);
    for (let c = 0; c < 60; c++) {
      const times = granted.filter((g) => g.chat === `c${c}`).map((g) => g.at);
      expect(times).toHaveLength(5);
      expect(shortestGap(times)).toBeGreaterThanOrEqual(1_000);
    }
  }, 30_000);

  it('a reminder taken late waits for the limit instead of bunching with the one planned after it', async () => {
    const pacer = new SendPacer(redis, `${uniquePrefix('pace')}late`, { perChat: [{ max: 1, windowMs: 1_000 }] });
    expect((await pacer.plan('zhang', 'early')).waitMs).toBe(0);
    const second = await pacer.plan('zhang', 'second');
    expect(second.waitMs).toBeGreaterThanOrEqual(1_000);
    // "early" stalls past the second one's slot; the second one is sent on time.
    const secondAt = await deliverPaced(pacer, 'zhang', 'second');
    const earlyAt = await deliverPaced(pacer, 'zhang', 'early');
    expect(earlyAt - secondAt).toBeGreaterThanOrEqual(1_000);
  }, 15_000);

  it('WeCom 30/min and 1000/h per member: one slot per 3.6 s at least, the same slot when planned again', async () => {
    const limits = {
      perChat: [
        { max: 30, windowMs: 60_000 },
        { max: 1000, windowMs: 3_600_000 },
      ],
    };
    const pacer = new SendPacer(redis, `${uniquePrefix('pace')}wecom`, limits);
    const plans = [];
    for (let i = 0; i < 4; i++) plans.push(await pacer.plan('zhangsan', `r${i}`));
    const slots = plans.map((p) => p.at + p.waitMs);
    expect(plans[0]!.waitMs).toBe(0);
    // 3,600,000 ms ÷ 1000 = 3,600 ms is the stricter of the two (60,000 ÷ 30 = 2,000).
    for (let i = 1; i < 4; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(3_600);
    const again = await pacer.plan('zhangsan', 'r2');
    // The slot is kept (the waits are rounded up to whole ms, hence the 1 ms).
    expect(Math.abs(again.at + again.waitMs - slots[2]!)).toBeLessThanOrEqual(1);
    // Another member is not held up by zhangsan's queue.
    expect((await pacer.plan('lisi', 'r9')).waitMs).toBe(0);
  });

  it('forget leaves no trace of the chat in the pacing keys', async () => {
    const base = `${uniquePrefix('pace')}forget`;
    const pacer = new SendPacer(redis, base, { globalPerSecond: 30, perChat: [{ max: 1, windowMs: 1_000 }] });
    await deliverPaced(pacer, 'wangwu', 'a');
    await pacer.plan('wangwu', 'b');
    await pacer.forget('wangwu', ['a', 'b']);
    const keys = await redis.keys(`${base}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const type = await redis.type(key);
      let members: string[] = [];
      if (type === 'zset') members = await redis.zrange(key, '0', '-1');
      if (type === 'list') members = await redis.lrange(key, 0, -1);
      expect(members.filter((m) => m === 'wangwu' || m === 'a' || m === 'b')).toEqual([]);
    }
  });
});
