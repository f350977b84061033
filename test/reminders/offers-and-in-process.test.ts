import { afterAll, describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../../src/scoring/result.js';
import type { Certificate } from '../../src/scoring/facts.js';
import { loadRules, permitSchedule } from '../../src/scoring/index.js';
import { InProcessReminderService, listReply, reminderOffers, savedReply } from '../../src/reminders/index.js';
import { DeliveryGuard } from '../../src/reminders/delivery-guard.js';
import { connectTestRedis, uniquePrefix } from '../support/redis.js';
import { httpSender, sleep, startRecordingApi, waitFor } from './fixtures/recording-api.js';

const result: EvaluationResult = {
  city: { id: 'shanghai', name: '上海' },
  today: '2026-11-21',
  hasEstimates: false,
  routes: [
    {
      id: 'points',
      kind: 'points',
      name: '居住证积分',
      status: 'not_yet',
      eligible: false,
      certainty: 'official',
      reachedOn: '2028-03-01',
      sources: [],
    },
    { id: 'never', kind: 'points', name: 'x', status: 'not_yet', eligible: false, certainty: 'official', reachedOn: null, sources: [] },
  ],
  next: [
    {
      id: 'electrician-3',
      certificate: { kind: 'skill', occupation: '电工', level: 3 },
      label: '电工三级（高级工）',
      reason: 'next_level',
      changes: [],
      canSitNow: false,
      earliestDate: '2027-06-30',
      reachesThreshold: false,
    },
  ],
};

// The permit dates come from rules/national/special-operation.yaml, as in production.
const national = loadRules().national;
const schedule = (cert: Certificate) => permitSchedule(cert, national);

describe('reminderOffers', () => {
  it('offers the sit date, the 复审 window, the online check and the threshold date', () => {
    const offers = reminderOffers(
      result,
      {
        certificates: [
          // 令第30号: review every 3 years → due 2027-06-01; apply within 60 days before → from 2027-04-02.
          { kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2024-06-01' },
          // Issued 2026-10-10: usually queryable within about 3 months → 2027-01-10.
          { kind: 'skill', occupation: '电工', level: 4, issuedOn: '2026-10-10' },
          // Issued long ago: its online check is in the past, no offer.
          { kind: 'skill', occupation: '电工', level: 5, issuedOn: '2020-01-01' },
        ],
      },
      '2026-11-21',
      schedule,
    );
    expect(offers.map((o) => [o.kind, o.dueAt])).toEqual([
      ['verify_online', '2027-01-10'],
      ['review', '2027-04-02'],
      ['sit_exam', '2027-06-30'],
      ['threshold', '2028-03-01'],
    ]);
    expect(offers.find((o) => o.kind === 'sit_exam')!.label).toContain('电工三级（高级工）');
    expect(offers.find((o) => o.kind === 'threshold')!.label).toContain('上海');
    expect(offers.find((o) => o.kind === 'review')!.label).toContain('2027年4月2日');
  });

  it('after the 3-year review date has passed, offers nothing: the overdue review is said in the result, not postponed', () => {
    // Last review 2023-01-10 → next review 2026-01-10 (Art. 21: every 3 years), past on 2026-11-21. Offering the
    // renewal before expiry (2027-03-01 − 60 days) instead would read as "the review can wait": it cannot.
    const offers = reminderOffers(
      { ...result, next: [], routes: [] },
      {
        certificates: [{ kind: 'special_operation', occupation: '低压电工作业', issuedOn: '2021-03-01', lastReviewOn: '2023-01-10' }],
      },
      '2026-11-21',
      schedule,
    );
    expect(offers.map((o) => [o.kind, o.dueAt])).toEqual([]);
  });

  it('never offers a date more than 10 years away', () => {
    // A projected threshold date 12 years on is said in the result but not offered as a reminder.
    const far = { ...result, next: [], routes: [{ ...result.routes[0]!, reachedOn: '2038-12-01' }] };
    expect(reminderOffers(far as typeof result, {}, '2026-11-21', schedule)).toEqual([]);
  });
});

describe('InProcessReminderService (embedded mode)', () => {
  it('delivers in process, lists, cancels and forgets; its confirmation says it is not durable', async () => {
    const api = await startRecordingApi();
    const s = new InProcessReminderService({ backoffMs: 50 });
    try {
      expect(s.durable).toBe(false);
      expect(savedReply(new Date('2027-03-01T01:00:00Z'), '报名', s.durable, 'Asia/Shanghai').text).toContain('程序关闭后提醒会丢失');
      await s.start([httpSender('console', api.url)]);
      const user = { channel: 'console' as const, userId: 'local' };
      const target = { channel: 'console' as const, chatId: 'local', userId: 'local' };
      const soon = await s.schedule({ user, target, dueAt: new Date(Date.now() + 300), text: '喝水', kind: 'custom' });
      const cancelled = await s.schedule({ user, target, dueAt: new Date(Date.now() + 400), text: '取消我', kind: 'custom' });
      await s.schedule({ user, target, dueAt: new Date(Date.now() + 60_000), text: '以后', kind: 'custom' });
      expect((await s.list(user)).map((e) => e.text)).toEqual(['喝水', '取消我', '以后']);
      expect(listReply(await s.list(user), 'Asia/Shanghai').text).toMatch(/^你的提醒：\n1\. .*喝水\n2\. .*取消我\n3\. .*以后$/);
      expect(await s.cancel(user, cancelled.id)).toBe(true);
      await waitFor(() => api.sends.length > 0, 5_000, 'delivery');
      await sleep(300);
      expect(api.sends.map((x) => x.text)).toEqual(['⏰ 提醒：喝水']);
      expect((await s.list(user)).map((e) => e.id)).not.toContain(soon.id);
      expect(await s.forgetUser(user)).toBe(1);
      expect(await s.list(user)).toEqual([]);
    } finally {
      await s.close();
      await api.close();
    }
  });
});

describe('DeliveryGuard', () => {
  const redis = connectTestRedis();
  afterAll(() => redis.quit());

  it('lets exactly one of many concurrent claimers send, and remembers the delivery', async () => {
    const guard = new DeliveryGuard(redis, uniquePrefix('guard'));
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => guard.claim('r-1', `w${i}`, 5_000)));
    expect(outcomes.filter((o) => o.status === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'busy')).toHaveLength(9);
    await guard.markDone('r-1', 'sent');
    expect(await guard.claim('r-1', 'late', 5_000)).toEqual({ status: 'done', how: 'sent' });
  });

  it('a released claim can be taken again; someone else cannot release it', async () => {
    const guard = new DeliveryGuard(redis, uniquePrefix('guard'));
    expect((await guard.claim('r-2', 'a', 5_000)).status).toBe('claimed');
    await guard.release('r-2', 'b');
    expect((await guard.claim('r-2', 'c', 5_000)).status).toBe('busy');
    await guard.release('r-2', 'a');
    expect((await guard.claim('r-2', 'c', 5_000)).status).toBe('claimed');
  });
});
