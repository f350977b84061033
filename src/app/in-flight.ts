/** Counts turns in progress so shutdown can wait for them (polling turns are not HTTP requests fastify waits for). */
import type { TurnHandler } from '../contract/index.js';

export interface InFlightTurns {
  readonly handler: TurnHandler;
  readonly count: number;
  /** Resolves when no turn is running, or after `timeoutMs` with how many were still running. */
  drain(timeoutMs: number): Promise<number>;
}

/** @example const inFlight = trackInFlight(handler); …; await inFlight.drain(5000); */
export function trackInFlight(inner: TurnHandler): InFlightTurns {
  let running = 0;
  let idle: Array<() => void> = [];
  const settle = () => {
    running -= 1;
    if (running === 0) {
      const waiting = idle;
      idle = [];
      for (const wake of waiting) wake();
    }
  };
  return {
    handler: {
      // Not an async function: one `.then` on the turn instead of an async frame and its promises.
      handle(message) {
        running += 1;
        let turn: ReturnType<TurnHandler['handle']>;
        try {
          turn = inner.handle(message);
        } catch (err) {
          turn = Promise.reject(err);
        }
        return turn.then(
          (result) => {
            settle();
            return result;
          },
          (err: unknown) => {
            settle();
            throw err;
          },
        );
      },
    },
    get count() {
      return running;
    },
    async drain(timeoutMs) {
      if (running === 0) return 0;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => idle.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      return running;
    },
  };
}
