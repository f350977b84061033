/**
 * Reminders kept in this process with timers: the embedded mode (no Redis), e.g. the terminal chat.
 * Not durable — everything is lost when the process stops; the confirmation text tells the user so.
 */
import { PermanentDeliveryError, type ChannelId, type ChannelSender } from '../contract/index.js';
import type { ReminderLogger } from './bullmq-service.js';
import { oneYearLater, reminderId, reminderReply } from './reminder-message.js';
import { loadReminderTexts, type ReminderTexts } from './texts.js';
import type { ReminderEntry, ReminderService, ReminderUser, ScheduleReminder } from './types.js';

interface Pending {
  request: ScheduleReminder;
  timer?: NodeJS.Timeout;
  attempts: number;
}

/** setTimeout cannot wait longer than 2^31-1 ms (~24.8 days); longer waits are re-armed in steps. */
const MAX_TIMER_MS = 2_147_483_647;

export interface InProcessReminderOptions {
  texts?: ReminderTexts;
  logger?: ReminderLogger;
  /** Transient failures are retried this many times, doubling from `backoffMs`. Default 5 from 1 s. */
  attempts?: number;
  backoffMs?: number;
}

export class InProcessReminderService implements ReminderService {
  readonly durable = false;
  private readonly pending = new Map<string, Pending>();
  private readonly senders = new Map<ChannelId, ChannelSender>();
  private readonly texts: ReminderTexts;
  private started = false;

  constructor(private readonly options: InProcessReminderOptions = {}) {
    this.texts = options.texts ?? loadReminderTexts();
  }

  private key(user: ReminderUser, id: string): string {
    return `${user.channel}:${user.userId}:${id}`;
  }

  async schedule(request: ScheduleReminder): Promise<{ id: string }> {
    if (Number.isNaN(request.dueAt.getTime())) throw new Error('dueAt is not a valid date');
    const id = reminderId(request.user, request.kind, request.dueAt, request.text);
    const key = this.key(request.user, id);
    if (!this.pending.has(key)) {
      const p: Pending = { request, attempts: 0 };
      this.pending.set(key, p);
      if (this.started) this.arm(key, p, request.dueAt.getTime() - Date.now());
    }
    return { id };
  }

  async list(user: ReminderUser): Promise<ReminderEntry[]> {
    const prefix = `${user.channel}:${user.userId}:`;
    return [...this.pending.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, p]) => {
        const e: ReminderEntry = { id: k.slice(prefix.length), dueAt: p.request.dueAt, text: p.request.text, kind: p.request.kind };
        if (p.request.repeat) e.repeat = p.request.repeat;
        return e;
      })
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
  }

  async cancel(user: ReminderUser, id: string): Promise<boolean> {
    const key = this.key(user, id);
    const p = this.pending.get(key);
    if (!p) return false;
    clearTimeout(p.timer);
    this.pending.delete(key);
    return true;
  }

  async forgetUser(user: ReminderUser): Promise<number> {
    const mine = await this.list(user);
    for (const e of mine) await this.cancel(user, e.id);
    return mine.length;
  }

  async start(senders: ChannelSender[]): Promise<void> {
    for (const s of senders) this.senders.set(s.channel, s);
    this.started = true;
    for (const [key, p] of this.pending) if (!p.timer) this.arm(key, p, p.request.dueAt.getTime() - Date.now());
  }

  private arm(key: string, p: Pending, inMs: number): void {
    const wait = Math.max(0, inMs);
    p.timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) this.arm(key, p, p.request.dueAt.getTime() - Date.now());
        else void this.fire(key, p);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    p.timer.unref?.();
  }

  private async fire(key: string, p: Pending): Promise<void> {
    if (this.pending.get(key) !== p) return; // cancelled meanwhile
    const { request } = p;
    const sender = this.senders.get(request.target.channel);
    if (!sender) return; // stays listed; delivered once a sender for the channel starts
    try {
      await sender.send(request.target, [reminderReply(this.texts, request.text, request.repeat)]);
    } catch (err) {
      if (!(err instanceof PermanentDeliveryError) && ++p.attempts < (this.options.attempts ?? 5)) {
        this.arm(key, p, (this.options.backoffMs ?? 1_000) * 2 ** (p.attempts - 1));
        return;
      }
      this.options.logger?.warn(
        { reminder: key.split(':').pop(), channel: request.target.channel, err: (err as Error).message },
        'reminder dropped',
      );
    }
    this.pending.delete(key);
    if (request.repeat === 'yearly') await this.schedule({ ...request, dueAt: oneYearLater(request.dueAt) });
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.started = false;
    for (const p of this.pending.values()) p.timer = undefined;
  }
}
