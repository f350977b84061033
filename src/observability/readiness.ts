/**
 * Readiness: may this process take traffic now? Each check names itself, so a 503 says which dependency is missing.
 * Liveness (/healthz) deliberately checks nothing: a process that answers is alive; restarting it would not bring
 * Redis back.
 */
import type { Cluster, Redis } from 'ioredis';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; rejects (or times out) with the reason otherwise. */
  check(): Promise<void>;
}

export type Readiness = { ready: true; checks: Record<string, 'ok'> } | { ready: false; checks: Record<string, string> };

/** Runs every check in parallel, each bounded by `timeoutMs`. */
export async function checkReadiness(checks: ReadinessCheck[], timeoutMs: number): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        await withTimeout(check(), timeoutMs, `${name} did not answer within ${timeoutMs} ms`);
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, err instanceof Error ? err.message : String(err)] as const;
      }
    }),
  );
  const checksByName = Object.fromEntries(results);
  const ready = results.every(([, status]) => status === 'ok');
  return ready ? { ready: true, checks: checksByName as Record<string, 'ok'> } : { ready: false, checks: checksByName };
}

/** Redis answers PING. The client's own offline queue is bypassed so a down Redis fails at once, not after retries. */
export function redisPingCheck(redis: Redis | Cluster): ReadinessCheck {
  return {
    name: 'redis',
    async check() {
      if (redis.status !== 'ready') throw new Error(`redis not connected (${redis.status})`);
      let answer: string;
      try {
        answer = await redis.ping();
      } catch (err) {
        throw new Error(`redis PING failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (answer !== 'PONG') throw new Error(`redis answered ${answer}`);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
