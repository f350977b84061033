/**
 * Durable reminders on Redis: one BullMQ queue per channel of delayed jobs (prefix `{jf}` so all of a queue's keys share
 * one Redis Cluster slot), and a per-user index hash `jf:{telegram:42}:r` (on `userKeys(...).base`, the session keys'
 * hash tag) for cheap list/cancel/forget. Survives restarts and SIGKILL (jobs live in Redis; a job whose worker died
 * is re-run by BullMQ's stalled-job check), safe with several processes (BullMQ locks + the DeliveryGuard marker).
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis, type Cluster } from 'ioredis';
import { userKeys } from '../store/user-keys.js';
import { PermanentDeliveryError, type ChannelId, type ChannelSender, type ReplyTarget } from '../contract/index.js';
import { DeliveryGuard } from './delivery-guard.js';
import { SendPacer } from './send-pacing.js';
import { oneYearLater, reminderId, reminderReply } from './reminder-message.js';
import { loadReminderTexts, type ReminderTexts } from './texts.js';
import {
  DEFAULT_RATE_LIMITS,
  type ChannelRateLimits,
  type ReminderEntry,
  type ReminderKind,
  type ReminderService,
  type ReminderUser,
  type ScheduleReminder,
} from './types.js';

export interface ReminderLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface BullmqReminderOptions {
  redisUrl?: string;
  /**
   * A client to use instead of redisUrl, e.g. a Redis Cluster (create it with maxRetriesPerRequest: null in
   * redisOptions, as BullMQ workers require). close() quits it.
   */
  connection?: Redis | Cluster;
  /** BullMQ prefix; keep the braces (hash tag) for Redis Cluster. Default `{jf}`. */
  queuePrefix?: string;
  /** Prefix of our own keys (index, markers, rate windows); the config's REDIS_PREFIX. Default `jf:`. */
  keyPrefix?: string;
  limits?: Partial<Record<ChannelId, ChannelRateLimits>>;
  /** Parallel sends per worker. Default 20. */
  concurrency?: number;
  /** Delivery attempts on transient errors, with exponential backoff from `backoffMs`. Default 8 from 1 s. */
  attempts?: number;
  backoffMs?: number;
  /** BullMQ lock; a worker that dies is noticed within about this time. Default 30 s. */
  lockDurationMs?: number;
  /** How much wider than the messenger's limits reminders are paced (see send-pacing.ts). Default 30 ms. */
  paceMarginMs?: number;
  texts?: ReminderTexts;
  logger?: ReminderLogger;
}

interface ReminderJobData {
  user: ReminderUser;
  target: ReplyTarget;
  text: string;
  kind: ReminderKind;
  dueAt: number;
  repeat?: 'yearly';
}

interface IndexEntry {
  dueAt: number;
  text: string;
  kind: ReminderKind;
  repeat?: 'yearly';
}

/** Waits up to this long are slept in the worker; longer ones park the job (BullMQ delayed) until its time. */
const SLEEP_AT_MOST_MS = 1_000;

const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

async function park(job: Job, token: string | undefined, waitMs: number): Promise<never> {
  await job.moveToDelayed(Date.now() + waitMs, token);
  throw new DelayedError();
}

const silentLogger: ReminderLogger = { info() {}, warn() {}, error() {} };

export class BullmqReminderService implements ReminderService {
  readonly durable = true;
  private readonly redis: Redis | Cluster;
  private readonly guard: DeliveryGuard;
  private readonly queues = new Map<ChannelId, Queue>();
  private readonly workers: Worker[] = [];
  private readonly pacers = new Map<ChannelId, SendPacer>();
  private readonly queuePrefix: string;
  private readonly keyPrefix: string;
  private readonly texts: ReminderTexts;
  private readonly logger: ReminderLogger;
  private closed = false;

  constructor(private readonly options: BullmqReminderOptions) {
    this.queuePrefix = options.queuePrefix ?? '{jf}';
    this.keyPrefix = options.keyPrefix ?? 'jf:';
    // maxRetriesPerRequest: null is what BullMQ workers require (blocking commands must wait through reconnects).
    if (!options.connection && !options.redisUrl) throw new Error('BullmqReminderService needs redisUrl or connection');
    // Auto-pipelining: the commands of the many reminders in flight that are issued in the same event-loop iteration
    // (slot takes, claims, markers, BullMQ's own scripts) share one socket write; single writes were a large part of
    // a delivery's CPU (docs/benchmarks.md). BullMQ's blocking reads use their own duplicated connection.
    this.redis = options.connection ?? new Redis(options.redisUrl!, { maxRetriesPerRequest: null, enableAutoPipelining: true });
    this.guard = new DeliveryGuard(this.redis, this.keyPrefix);
    this.texts = options.texts ?? loadReminderTexts();
    this.logger = options.logger ?? silentLogger;
  }

  private queueFor(channel: ChannelId): Queue {
    let q = this.queues.get(channel);
    if (!q) {
      q = new Queue(`reminders-${channel}`, { connection: this.redis, prefix: this.queuePrefix });
      this.queues.set(channel, q);
    }
    return q;
  }

  private pacerFor(channel: ChannelId): SendPacer {
    let pacer = this.pacers.get(channel);
    if (!pacer) {
      const limits = { ...DEFAULT_RATE_LIMITS[channel], ...this.options.limits?.[channel] };
      // Under the queue's own prefix: the pacing keys share its hash tag (one Redis Cluster slot).
      pacer = new SendPacer(this.redis, `${this.queuePrefix}:reminders-${channel}:pace`, limits, this.options.paceMarginMs);
      this.pacers.set(channel, pacer);
    }
    return pacer;
  }

  indexKey(user: ReminderUser): string {
    return `${userKeys(this.keyPrefix, user).base}:r`;
  }

  async schedule(request: ScheduleReminder): Promise<{ id: string }> {
    const { user, target, dueAt, text, kind, repeat } = request;
    if (target.channel !== user.channel) throw new Error('a reminder is delivered on the channel of its user');
    if (Number.isNaN(dueAt.getTime())) throw new Error('dueAt is not a valid date');
    const id = reminderId(user, kind, dueAt, text);
    // Already delivered (the job itself was removed on completion): scheduling it again must not send it again.
    if (await this.guard.isDone(id)) return { id };
    const entry: IndexEntry = repeat ? { dueAt: dueAt.getTime(), text, kind, repeat } : { dueAt: dueAt.getTime(), text, kind };
    // Index first: a crash in between leaves a listed entry without a job (cancel cleans it), never an invisible job.
    await this.redis.hset(this.indexKey(user), id, JSON.stringify(entry));
    const data: ReminderJobData = repeat
      ? { user, target, text, kind, dueAt: dueAt.getTime(), repeat }
      : { user, target, text, kind, dueAt: dueAt.getTime() };
    await this.queueFor(user.channel).add('reminder', data, {
      jobId: id,
      delay: Math.max(0, dueAt.getTime() - Date.now()),
      attempts: this.options.attempts ?? 8,
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? 1_000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    return { id };
  }

  async list(user: ReminderUser): Promise<ReminderEntry[]> {
    const all = await this.redis.hgetall(this.indexKey(user));
    const entries: ReminderEntry[] = [];
    for (const [id, raw] of Object.entries(all)) {
      try {
        const e = JSON.parse(raw) as IndexEntry;
        const item: ReminderEntry = { id, dueAt: new Date(e.dueAt), text: e.text, kind: e.kind };
        if (e.repeat) item.repeat = e.repeat;
        entries.push(item);
      } catch {
        // A corrupt entry is skipped rather than breaking the whole list; cancel/forget still remove it.
      }
    }
    return entries.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
  }

  async cancel(user: ReminderUser, id: string): Promise<boolean> {
    const key = this.indexKey(user);
    // Only the owner's index names the job: a user cannot cancel someone else's reminder by guessing an id.
    if (!(await this.redis.hexists(key, id))) return false;
    const removed = await this.queueFor(user.channel).remove(id);
    const job = removed ? undefined : await this.queueFor(user.channel).getJob(id);
    // A job being sent right now cannot be removed (it is locked); it stays listed until delivery removes it.
    if (job && (await job.isActive())) return false;
    await this.redis.hdel(key, id);
    return true;
  }

  async forgetUser(user: ReminderUser): Promise<number> {
    const key = this.indexKey(user);
    const ids = await this.redis.hkeys(key);
    const queue = this.queueFor(user.channel);
    await Promise.all(ids.map((id) => queue.remove(id)));
    await this.pacerFor(user.channel).forget(user.userId, ids);
    await this.redis.del(key);
    return ids.length;
  }

  async start(senders: ChannelSender[]): Promise<void> {
    for (const sender of senders) {
      const pacer = this.pacerFor(sender.channel);
      const lockDuration = this.options.lockDurationMs ?? 30_000;
      const worker = new Worker<ReminderJobData>(
        `reminders-${sender.channel}`,
        (job, token) => this.deliver(job, token, sender, pacer, lockDuration),
        // No BullMQ limiter: the pacer spaces the sends (a limiter would count each parked job again when it returns).
        { connection: this.redis, prefix: this.queuePrefix, concurrency: this.options.concurrency ?? 20, lockDuration },
      );
      worker.on('failed', (job, err) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
          this.logger.error({ reminder: job.id, channel: sender.channel, err: err.message }, 'reminder delivery gave up after retries');
        }
      });
      worker.on('error', (err) => this.logger.error({ channel: sender.channel, err: err.message }, 'reminder worker error'));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  private async deliver(
    job: Job<ReminderJobData>,
    token: string | undefined,
    sender: ChannelSender,
    pacer: SendPacer,
    leaseMs: number,
  ): Promise<string> {
    const id = job.id!;
    const data = job.data;
    const chat = data.user.userId;
    // The slot is taken just before the claim and the send, so what the messenger sees is spaced as recorded. Not its
    // slot yet: a short wait is slept, a longer one parks the job until then (its slot stays reserved).
    for (let taken = await pacer.take(chat, id); taken.waitMs > 0; taken = await pacer.take(chat, id)) {
      if (taken.waitMs > SLEEP_AT_MOST_MS) return park(job, token, taken.waitMs);
      await sleep(taken.waitMs);
    }
    const claimToken = randomUUID();
    const claim = await this.guard.claim(id, claimToken, leaseMs);
    if (claim.status === 'done') {
      // A retry after a crash between the send and the end of this job: finish what that attempt left undone.
      await this.settle(id, data, claim.how);
      return `already ${claim.how}`;
    }
    if (claim.status === 'busy') return park(job, token, claim.retryInMs);
    try {
      await sender.send(data.target, [reminderReply(this.texts, data.text, data.repeat)]);
    } catch (err) {
      if (err instanceof PermanentDeliveryError) {
        await this.guard.markDone(id, 'dropped');
        await this.redis.hdel(this.indexKey(data.user), id);
        this.logger.warn({ reminder: id, channel: data.target.channel, err: err.message }, 'reminder dropped: permanent delivery failure');
        return 'dropped';
      }
      await this.guard.release(id, claimToken);
      throw err;
    }
    // Issued together, in this order on the connection: one round trip instead of two for every reminder. A crash
    // between the two leaves the same state as before (the marker decides whether it was sent).
    await Promise.all([this.guard.markDone(id, 'sent'), this.settle(id, data, 'sent')]);
    return 'sent';
  }

  /**
   * After a delivery: a yearly reminder's next occurrence is scheduled *before* this one leaves the index, so a crash
   * in between never loses the series (the retried job finds the marker done and calls this again; scheduling is
   * idempotent by job id), and the user's list never shows it gone meanwhile.
   */
  private async settle(id: string, data: ReminderJobData, how: 'sent' | 'dropped'): Promise<void> {
    if (how === 'sent' && data.repeat === 'yearly') {
      const { user, target, text, kind } = data;
      await this.schedule({ user, target, text, kind, dueAt: oneYearLater(new Date(data.dueAt)), repeat: 'yearly' });
    }
    await this.redis.hdel(this.indexKey(data.user), id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.redis.quit().catch(() => undefined);
  }
}
