/**
 * Where a user's data lives in Redis. Every key of one user carries the same `{channel:userId}` hash tag, so on
 * Redis Cluster they share one slot and a Lua script may touch them together. Other parts (reminders, forget) build
 * their keys from `base` the same way: `${userKeys(prefix, key).base}:r`.
 */
import type { SessionKey } from './session-store.js';

export interface UserKeys {
  /** `${prefix}{channel:userId}`: append `:<suffix>` for a new kind of per-user key. */
  base: string;
  /** The conversation state (a string `<version>:<serialized state>`). */
  state: string;
  /** Sorted set of recently applied inbound message ids, scored by server time in seconds. */
  seen: string;
  /** The per-user rate-limit window counter, kept by the commit script (see commit-turn-script.ts). */
  rate: string;
  /** The user's outbox: replies of committed turns not yet acknowledged (hash, see outbox.ts); absent when empty. */
  outbox: string;
  /** A SCAN MATCH pattern covering every key of the user. */
  pattern: string;
  /**
   * Short-lived counters on the user's tag that nothing else erases: the per-user rate-limit window (`:rl`, the
   * commit script), WeCom send times (`:w`, the member throttle) and the 微信客服 session (`:k`: send allowance and
   * whether a person holds it). `forget` deletes them with the session. (Reminders erase their own `:r`, `:rp`, `:rph` in forgetUser.)
   */
  counters: string[];
}

/**
 * @example
 * userKeys('jf:', { channel: 'telegram', userId: '42' }).state // 'jf:{telegram:42}:s'
 */
export function userKeys(prefix: string, key: SessionKey): UserKeys {
  const base = userKeyBase(prefix, key);
  const rate = `${base}:rl`;
  return {
    base,
    state: `${base}:s`,
    seen: `${base}:m`,
    rate,
    outbox: `${base}:o`,
    pattern: `${escapeGlob(base)}:*`,
    counters: [rate, `${base}:w`, `${base}:k`],
  };
}

/** `userKeys(prefix, key).base` alone: what a per-user cache is keyed by, without building the other keys. */
export function userKeyBase(prefix: string, key: SessionKey): string {
  // A brace inside the id would end the hash tag early; percent-encoding keeps plain ids unchanged.
  return `${prefix}{${key.channel}:${encodeURIComponent(key.userId)}}`;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
