/**
 * The turns this process is still delivering itself (committed, replies on their way, not yet acknowledged), so its
 * own sweeper leaves their users alone however long a send takes: the lease only keeps other processes off. A hold
 * ends with the acknowledgement, or after `maxMs` (a send that failed and was never acknowledged is then the
 * sweeper's again).
 */
export class OutboxHolds {
  /** User base key → turn id → when the hold ends (ms, local clock). */
  readonly #users = new Map<string, Map<string, number>>();
  readonly #maxMs: number;
  readonly #now: () => number;

  constructor(maxMs: number, now: () => number = Date.now) {
    this.#maxMs = maxMs;
    this.#now = now;
  }

  hold(user: string, turnId: string): void {
    let turns = this.#users.get(user);
    if (!turns) {
      turns = new Map();
      this.#users.set(user, turns);
    }
    turns.set(turnId, this.#now() + this.#maxMs);
  }

  release(user: string, turnId: string): void {
    const turns = this.#users.get(user);
    if (!turns) return;
    turns.delete(turnId);
    if (turns.size === 0) this.#users.delete(user);
  }

  /** Whether any turn of the user is still held (expired holds are dropped on the way). */
  holds(user: string): boolean {
    const turns = this.#users.get(user);
    if (!turns) return false;
    const now = this.#now();
    for (const [turnId, until] of turns) if (until <= now) turns.delete(turnId);
    if (turns.size === 0) this.#users.delete(user);
    return turns.size > 0;
  }
}
