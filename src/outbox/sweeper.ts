/**
 * Delivers what the live path left in the outbox: the replies of turns whose process died between the commit and
 * the answer (or whose send failed), once they are older than `minAgeMs` and nobody holds their lease.
 *
 * One sweeper at a time across processes (a Redis lock), each user's entries in commit order, each entry leased for
 * `leaseMs` before it is sent and acknowledged after. A channel plugs in with a ChannelSender (the same one that
 * delivers reminders): `send` is "deliver this entry", a PermanentDeliveryError is "this user cannot be reached"
 * (their outbox is dropped, with a log line), and the acknowledgement is the sweeper's own. A sender may also take
 * the entry's turn id (微信客服 derives its send_msg msgid from it, so WeCom refuses a copy the live path already sent).
 */
import { PermanentDeliveryError, type ChannelId, type ChannelSender, type Reply, type ReplyTarget } from '../contract/index.js';
import type { Outbox, OutboxLock, SessionKey } from '../store/index.js';
import { decodeOutboxPayload } from './entry.js';

export interface SweeperLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** A ChannelSender, or one that also wants to know which turn it delivers. */
export interface OutboxSender {
  readonly channel: ChannelId;
  send(target: ReplyTarget, replies: Reply[], turn?: { turnId: string }): Promise<void>;
}

export interface OutboxSweeperOptions {
  outbox: Outbox;
  senders: Array<ChannelSender | OutboxSender>;
  logger: SweeperLogger;
  /** Pause between two sweeps (the first two run at the start and `minAgeMs` after it). */
  intervalMs: number;
  /** Entries younger than this are still their first sender's (its lease; see OutboxTiming.leaseMs). */
  minAgeMs: number;
  /**
   * How long the sweeper holds an entry it sends: long enough to send it (pacing included) and to get its
   * acknowledgement through a Redis stall, so no one else sends it meanwhile. Default 60 s.
   */
  leaseMs?: number;
  /** Users swept side by side (the senders pace the messages themselves). Default 8. */
  concurrency?: number;
  /**
   * The lock's time to live, extended while the sweep goes on: a sweeper that dies holds the others off this long.
   * Default 10 s.
   */
  lockMs?: number;
}

export interface SweepReport {
  /** Whether this process held the lock and swept (false: another process is sweeping, or acks are still pending). */
  swept: boolean;
  users: number;
  sent: number;
  dropped: number;
  failed: number;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_LOCK_MS = 10_000;

export class OutboxSweeper {
  readonly #options: OutboxSweeperOptions;
  readonly #senders = new Map<ChannelId, OutboxSender>();
  readonly #leaseMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepReport> | undefined;
  #stopped = false;

  constructor(options: OutboxSweeperOptions) {
    this.#options = options;
    for (const sender of options.senders) this.#senders.set(sender.channel, sender);
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Sweeps at once (what a process that died a while ago left is due: after a crash loop, a process may not live
   * through a whole interval), again after `minAgeMs` (what the dead process committed last is then due too), then
   * every `intervalMs`.
   */
  start(): void {
    this.#stopped = false;
    this.#schedule(0, this.#options.minAgeMs);
  }

  #schedule(ms: number, nextMs = this.#options.intervalMs): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.runOnce().finally(() => this.#schedule(nextMs));
    }, ms);
    this.#timer.unref();
  }

  /** Stops sweeping and waits for a sweep in progress (it stops between users). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** One sweep now (tests and the timer); concurrent calls share it. */
  runOnce(): Promise<SweepReport> {
    this.#running ??= this.#sweep().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #sweep(): Promise<SweepReport> {
    const report: SweepReport = { swept: false, users: 0, sent: 0, dropped: 0, failed: 0 };
    const { outbox, logger, minAgeMs } = this.#options;
    // This process's own acknowledgements still on their way (Redis was unreachable): their entries look due, but
    // were delivered. Sweeping now would send them again.
    if (!(await outbox.flush(minAgeMs))) return report;
    const lockMs = this.#options.lockMs ?? DEFAULT_LOCK_MS;
    let lock: OutboxLock | undefined;
    try {
      lock = await outbox.lock(lockMs);
    } catch (err) {
      logger.warn({ err: errorText(err) }, 'outbox sweep skipped: the store is unreachable');
      return report;
    }
    if (!lock) return report;
    report.swept = true;
    let extendedAt = Date.now();
    const workers = new Set<Promise<void>>();
    try {
      for await (const key of outbox.users()) {
        if (this.#stopped) break;
        // This process's own live path is still on it (a slow send): not due, however old.
        if (!this.#senders.has(key.channel) || outbox.deliveringHere(key)) continue;
        if (Date.now() - extendedAt > lockMs / 3) {
          if (!(await lock.extend(lockMs))) break;
          extendedAt = Date.now();
        }
        report.users += 1;
        const work = this.#sweepUser(key, report).finally(() => workers.delete(work));
        workers.add(work);
        if (workers.size >= (this.#options.concurrency ?? 8)) await Promise.race(workers);
      }
    } catch (err) {
      logger.warn({ err: errorText(err) }, 'outbox sweep interrupted: the store is unreachable');
    } finally {
      await Promise.all(workers);
      await lock.release().catch(() => undefined);
    }
    if (report.sent + report.dropped + report.failed > 0) logger.info({ ...report }, 'outbox swept');
    return report;
  }

  /** The user's due entries, in order; the first failure leaves the rest for the next sweep (order is kept). */
  async #sweepUser(key: SessionKey, report: SweepReport): Promise<void> {
    const { outbox, logger, minAgeMs } = this.#options;
    const sender = this.#senders.get(key.channel)!;
    let entries;
    try {
      entries = await outbox.claimDue(key, minAgeMs, this.#leaseMs);
    } catch (err) {
      report.failed += 1;
      logger.warn({ channel: key.channel, err: errorText(err) }, 'outbox entries not claimed: the store is unreachable');
      return;
    }
    for (const entry of entries) {
      const payload = decodeOutboxPayload(entry.payload);
      if (!payload) {
        outbox.acknowledge(key, entry.turnId);
        logger.warn({ channel: key.channel }, 'outbox entry dropped: not readable');
        continue;
      }
      // Only effects, no reply of the dialog's own (确认 of a reminder): the 2xx that ended the redeliveries came after
      // the effects ran, so nothing is left to do here; their replies are not in the entry (docs/reliability.md).
      if (payload.replies.length === 0) {
        outbox.acknowledge(key, entry.turnId);
        continue;
      }
      try {
        await sender.send({ channel: key.channel, chatId: payload.chatId, userId: key.userId }, payload.replies, { turnId: entry.turnId });
      } catch (err) {
        if (err instanceof PermanentDeliveryError) {
          report.dropped += entries.length - entries.indexOf(entry);
          logger.info(
            { channel: key.channel, entries: entries.length - entries.indexOf(entry) },
            'outbox dropped: the user cannot be reached (blocked the bot or left)',
          );
          await outbox.drop(key).catch(() => undefined);
          return;
        }
        report.failed += 1;
        logger.warn({ channel: key.channel, err: errorText(err) }, 'outbox entry not delivered; retried after its lease');
        return;
      }
      outbox.acknowledge(key, entry.turnId);
      report.sent += 1;
    }
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
