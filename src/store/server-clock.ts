/**
 * Maps this process's clock onto the Redis server's clock, so a commit can carry a deadline the server itself checks
 * (see the `late` reply in commit-turn-script.ts).
 *
 * Why a lower bound and not an estimate: a reply read at local time `r` was computed at server time `s` some time
 * before `r`, so `s - r` never exceeds the true offset. Deadlines built on it are never later than intended; a slow
 * sample only makes them earlier (a spurious `late`, i.e. one more redelivery), and the next fast reply tightens it.
 * Why the monotonic clock (`performance.now()`): ioredis' command timeout is a timer, so a step of the wall clock on
 * this host must not move our deadlines; only the server's clock is wall time.
 * Why two buckets: the bound is the best sample of the last one to two refresh periods, so a server clock that is
 * slewed or stepped back is followed within two periods instead of being pinned to an old maximum.
 */
export class ServerClock {
  readonly #refreshMs: number;
  readonly #now: () => number;
  #current: number | undefined;
  #previous: number | undefined;
  #periodStart = 0;

  constructor(options: { refreshMs?: number; now?: () => number } = {}) {
    this.#refreshMs = options.refreshMs ?? 60_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Local (monotonic) time in ms, the clock `observe` and `toServerMicros` speak. */
  now(): number {
    return this.#now();
  }

  /** Whether a sample was seen, i.e. whether `toServerMicros` can answer. */
  get known(): boolean {
    return this.#current !== undefined || this.#previous !== undefined;
  }

  /** Records that a reply read at local time `receivedAtMs` carried server time `serverMicros`. */
  observe(serverMicros: number, receivedAtMs: number = this.#now()): void {
    const lowerBound = serverMicros - receivedAtMs * 1000;
    if (this.#current === undefined || receivedAtMs - this.#periodStart >= this.#refreshMs) {
      this.#previous = this.#current;
      this.#current = lowerBound;
      this.#periodStart = receivedAtMs;
      return;
    }
    this.#current = Math.max(this.#current, lowerBound);
  }

  /** The server time (µs) matching local time `localMs`, never later than the true one; undefined before a sample. */
  toServerMicros(localMs: number): number | undefined {
    if (!this.known) return undefined;
    const offset = Math.max(this.#current ?? -Infinity, this.#previous ?? -Infinity);
    return Math.floor(localMs * 1000 + offset);
  }
}
