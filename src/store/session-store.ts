/**
 * Where conversations live between messages. Two implementations behind this one interface:
 * RedisSessionStore (production, several processes) and MemorySessionStore (the embedded default).
 */
import type { ChannelId } from '../contract/index.js';
import type { Outbox } from './outbox.js';
import type { SessionKey } from './session-key.js';

export type { SessionKey } from './session-key.js';

export interface TurnCommit<T, M = unknown> {
  /** The new serialized state; null deletes the session. */
  next: string | null;
  result: T;
  /**
   * Optional: what `next` was made from, in the form the caller would read `next` back as. The store keeps it beside
   * `next` only when that `next` was committed, and hands it to the user's next `apply` (second argument) while the
   * current state is still that very string, so the caller need not parse it again. It is handed out at most once,
   * since `apply` may change it: an `apply` whose `next` is not committed (error, conflict, duplicate, late or
   * limited commit) leaves none behind, and `forget`, eviction or another process's write drop it too.
   */
  memo?: M;
  /**
   * Optional: what to keep in the user's outbox under this turn's message id until it is acknowledged (the turn's
   * replies, encoded by the caller), written by the same atomic commit as `next`. Ignored without a message id.
   */
  outbox?: string;
  /**
   * The channel answers with `outbox` in its HTTP response (see InboundMessage.answeredInResponse): the entry is then
   * only ever taken over by a redelivery of the message, never swept.
   */
  outboxAwaitsRedelivery?: boolean;
}

export type TurnOutcome<T> =
  | { status: 'applied'; result: T }
  /**
   * The message id was applied already. `pending`, when present, is the outbox entry of that turn, still
   * unacknowledged and now leased to this caller (whoever held it before let the lease run out): the caller delivers
   * it and acknowledges it, as if the turn had just been applied. Absent: nothing to send (acknowledged, or someone
   * else holds it).
   */
  | { status: 'duplicate'; pending?: string }
  /**
   * The user went over `rateLimit` in this window: nothing was written and the message id was not recorded.
   * `first` is true for the first refused message of the window, so the caller sends one slow-down notice, not one
   * per message.
   */
  | { status: 'rate_limited'; first: boolean };

/** A fixed window per user: at most `max` messages per `windowMs`, counted only for messages that would be applied. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface RunTurnOptions {
  /**
   * Count this message against the user's window, after the dedupe and version checks (a redelivery or a retried
   * commit is never counted), and refuse it when the window is full.
   */
  rateLimit?: RateLimit;
}

export interface SessionStore {
  /**
   * Applies one turn for one user, atomically and in arrival order.
   *
   * `messageId` is the inbound delivery's id: a turn whose id was already applied returns `duplicate` and changes
   * nothing. `apply` receives the current serialized state (null for a new or expired session) and must be pure:
   * it may run more than once when another process changed the session in between. `memo`, when given, is the
   * `memo` this caller returned with `current` (see TurnCommit.memo): the caller's to take (and change) or ignore.
   * With `options.rateLimit`, a message over the user's limit returns `rate_limited` and changes nothing else.
   *
   * @example
   * const outcome = await store.runTurn({ channel: 'telegram', userId: '42' }, 'tg:1001', (cur) => {
   *   const next = step(cur, message);
   *   return { next: next.state, result: next.replies };
   * });
   */
  runTurn<T, M = unknown>(
    key: SessionKey,
    messageId: string | null,
    apply: (current: string | null, memo?: M) => TurnCommit<T, M>,
    options?: RunTurnOptions,
  ): Promise<TurnOutcome<T>>;
  /** The users' unacknowledged replies (see outbox.ts). */
  readonly outbox: Outbox;
  /** The stored state, for inspection. */
  read(key: SessionKey): Promise<string | null>;
  /** Erases everything this store holds on the user (state, seen message ids, counters and outbox). */
  forget(key: SessionKey): Promise<void>;
  close(): Promise<void>;
}
