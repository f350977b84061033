/**
 * A commit that reaches Redis after the client gave up on it must not land (issue 8, "frozen" finding): otherwise the
 * webhook answers 503, the redelivery is a duplicate and the user never gets the turn's answer.
 * Uses a redis-server of its own, frozen with SIGSTOP while a commit is in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisSessionStore, StoreUnavailableError, userKeys } from '../../src/store/index.js';
import { COMMIT_TURN_LUA, parseCommitReply } from '../../src/store/commit-turn-script.js';
import { ServerClock } from '../../src/store/server-clock.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';

const COMMAND_TIMEOUT_MS = 1000;
const user = { channel: 'wecom' as const, userId: 'ZhaoLiu' };
const append = (tag: string) => (cur: string | null) => ({
  next: JSON.stringify([...(cur === null ? [] : (JSON.parse(cur) as string[])), tag]),
  result: tag,
});

let server: RedisServerHandle;
let storeConnection: Redis;
let admin: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  storeConnection = new Redis(server.url, { maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS });
  admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  server.process.kill('SIGCONT');
  await Promise.all([storeConnection.quit(), admin.quit()]);
  await server.stop();
});

describe('commit deadline', () => {
  it('a commit frozen past the client timeout fails as unavailable, writes nothing, and its retry is applied', async () => {
    const prefix = 'deadline:';
    const keys = userKeys(prefix, user);
    const store = new RedisSessionStore({ redis: storeConnection, prefix });
    expect(await store.runTurn(user, 'wecom:1', append('first'))).toEqual({ status: 'applied', result: 'first' });

    server.process.kill('SIGSTOP');
    let failure: unknown;
    try {
      failure = await store.runTurn(user, 'wecom:2', append('second')).catch((err: unknown) => err);
    } finally {
      server.process.kill('SIGCONT');
    }
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as StoreUnavailableError).reason).toBe('unreachable');

    // Same connection, so this PING is answered only after Redis ran the EVALSHA that was waiting in its buffer.
    expect(await storeConnection.ping()).toBe('PONG');
    expect(JSON.parse((await admin.get(keys.state))!.replace(/^\d+:/, ''))).toEqual(['first']);
    expect(await admin.zscore(keys.seen, 'wecom:2')).toBeNull();

    // The redelivery of the same message is a new application, not a duplicate whose answer nobody sends.
    expect(await store.runTurn(user, 'wecom:2', append('second'))).toEqual({ status: 'applied', result: 'second' });
    expect(await store.runTurn(user, 'wecom:2', append('second'))).toEqual({ status: 'duplicate' });
    expect(JSON.parse((await store.read(user))!)).toEqual(['first', 'second']);
  }, 20_000);

  it('the script refuses (late) past its deadline in server time and commits before it', async () => {
    const prefix = 'deadline-script:';
    const keys = userKeys(prefix, user);
    const [seconds, micros] = await admin.time();
    const serverNow = Number(seconds) * 1_000_000 + Number(micros);
    const run = (deadline: number) =>
      admin.eval(
        COMMIT_TURN_LUA,
        4,
        keys.state,
        keys.seen,
        keys.rate,
        keys.outbox,
        'm1',
        '0',
        '1',
        'x',
        '60 60 10 0 0 60 5000',
        String(deadline),
        '',
      );

    const late = parseCommitReply(await run(serverNow - 1_000_000));
    expect(late.status).toBe('late');
    expect(late.serverMicros).toBeGreaterThanOrEqual(serverNow);
    expect(await admin.exists(keys.state, keys.seen)).toBe(0);

    const ok = parseCommitReply(await run(serverNow + 60_000_000));
    expect(ok.status).toBe('ok');
    expect(await admin.zscore(keys.seen, 'm1')).not.toBeNull();
    // "0" means no deadline.
    expect(parseCommitReply(await run(0)).status).toBe('dup');
  });

  it('a store on a client without a command timeout sends no deadline and never answers late', async () => {
    const noTimeout = new Redis(server.url, { maxRetriesPerRequest: 1 });
    try {
      const store = new RedisSessionStore({ redis: noTimeout, prefix: 'deadline-none:' });
      expect(await store.runTurn(user, 'a', append('a'))).toEqual({ status: 'applied', result: 'a' });
    } finally {
      await noTimeout.quit();
    }
  });
});

describe('ServerClock', () => {
  it('keeps a lower bound of the offset: a slow reply never moves deadlines later', () => {
    const clock = new ServerClock({ now: () => 0, refreshMs: 60_000 });
    expect(clock.known).toBe(false);
    expect(clock.toServerMicros(0)).toBeUndefined();
    // True offset: the server clock is 5 s ahead (server µs = local ms × 1000 + 5,000,000).
    clock.observe(6_000_000, 1_010); // computed at local 1,000 ms, read 10 ms later
    expect(clock.toServerMicros(10_000)).toBe(14_990_000); // 10 ms early, never late
    clock.observe(7_000_000, 2_000); // read at once: exact
    clock.observe(8_000_000, 4_500); // computed at local 3,000 ms, read 1.5 s late: a looser bound, ignored
    expect(clock.toServerMicros(10_000)).toBe(15_000_000);
  });

  it('forgets samples older than two refresh periods (a server clock set back is followed)', () => {
    const clock = new ServerClock({ now: () => 0, refreshMs: 1_000 });
    clock.observe(10_000_000, 0); // offset +10 s
    clock.observe(2_000_000, 1_000); // server set back: offset +1 s (new period; the old one still counts)
    expect(clock.toServerMicros(0)).toBe(10_000_000);
    clock.observe(3_000_000, 2_000); // next period: the +10 s sample is gone
    expect(clock.toServerMicros(0)).toBe(1_000_000);
  });
});
