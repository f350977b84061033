/**
 * The user's outbox: a turn's replies, kept from the commit that applied the turn until the messenger took them.
 *
 * Why in the commit: a process that dies between the commit and the answer leaves a committed turn whose
 * redelivery is a duplicate. With the replies stored by the same atomic write, the redelivery (or, when none comes,
 * the sweeper) still has something to send; and because an entry is keyed by the turn's id and leased to whoever
 * sends it, one turn's replies are sent once from our side.
 *
 * Entries are opaque strings here (the runtime encodes the chat and the replies, see src/outbox/): the store only
 * keeps, leases, acknowledges and expires them. A resting user has no outbox at all: the last acknowledgement
 * deletes the key.
 */
import type { SessionKey } from './session-key.js';

/** One unacknowledged turn. */
export interface OutboxEntry {
  /** The turn's id: the inbound message id it answers. */
  turnId: string;
  /** What the runtime stored with the commit. */
  payload: string;
  /** Server time (ms) of the commit. */
  committedAt: number;
}

export interface OutboxTiming {
  /**
   * Whoever holds an entry (the process that committed it, a redelivery that took it over, the sweeper) has this long
   * to deliver and acknowledge it before anyone else may take it. Default 5 s.
   */
  leaseMs: number;
  /** Entries older than this are dropped unsent: past Telegram's and WeCom's redelivery horizons. Default 24 h. */
  horizonSeconds: number;
}

export const DEFAULT_OUTBOX_TIMING: OutboxTiming = { leaseMs: 5_000, horizonSeconds: 24 * 3600 };

/** The outbox as the sweeper and the channels see it; both stores implement it. */
export interface Outbox {
  /**
   * The messenger took turn `turnId`'s replies: remove the entry. Never throws and never waits: acknowledgements
   * are written in the background and retried while the store is unreachable (see `pendingAcks`).
   */
  acknowledge(key: SessionKey, turnId: string): void;
  /**
   * This process is delivering turn `turnId` itself (the store calls it for every entry it hands out: a commit, a
   * redelivery's take-over). Until it is acknowledged (or a minute passes), `deliveringHere` is true for the user.
   */
  deliveringHere(key: SessionKey): boolean;
  /** Acknowledgements not yet written (the sweeper waits for none to be left before it takes anything). */
  readonly pendingAcks: number;
  /** Resolves once every acknowledgement given so far is written (or after `timeoutMs`); true when none is left. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Every user who has an outbox (entries may be leased or young). */
  users(): AsyncIterable<SessionKey>;
  /**
   * Leases to the caller, for `leaseMs`, the user's entries at least `minAgeMs` old whose lease ran out, in commit
   * order, stopping at the first entry that is younger or still leased by someone else (so a user's replies never
   * overtake each other). Entries past the horizon are dropped on the way.
   */
  claimDue(key: SessionKey, minAgeMs: number, leaseMs: number): Promise<OutboxEntry[]>;
  /** Removes the user's whole outbox (the user blocked the bot: nothing of theirs can be delivered). */
  drop(key: SessionKey): Promise<void>;
  /**
   * Takes a lock that keeps other processes' sweepers away for `ms`; returns a function that extends it (false when
   * it was lost) and one that releases it, or undefined when another process holds it.
   */
  lock(ms: number): Promise<OutboxLock | undefined>;
}

export interface OutboxLock {
  extend(ms: number): Promise<boolean>;
  release(): Promise<void>;
}
