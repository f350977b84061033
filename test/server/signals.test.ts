import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePort, startRedisServer } from '../support/redis-server.js';
import { startTelegramApiServer } from '../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../support/telegram-webhook.js';
import { uniquePrefix } from '../support/redis.js';
import { ALICE, commandUpdate } from '../channels/telegram/updates.js';
import { buildTestApp, REPO_ROOT, runMain } from './harness.js';

const SECRET = 'server-signals-secret';

function copyRules(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jifen-rules-'));
  cpSync(join(REPO_ROOT, 'rules'), dir, { recursive: true });
  return dir;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)),
  ]);
}

describe('SIGTERM', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('finishes the turn in flight, answers it, and exits 0 within 10 s', async () => {
    // DEBUG SLEEP blocks this Redis for a while: the turn's commit is in flight exactly when SIGTERM arrives.
    const redis = await startRedisServer(['--enable-debug-command', 'yes']);
    cleanup.push(() => redis.stop());
    const api = await startTelegramApiServer();
    cleanup.push(() => api.close());
    const port = await freePort();
    const prefix = uniquePrefix('sigterm');
    const main = runMain({
      PORT: String(port),
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: api.apiRoot,
      LOG_LEVEL: 'debug',
    });
    cleanup.push(() => void main.child.kill('SIGKILL'));
    const started = await main.waitForOutput('jifen-bot listening');
    expect(started).toContain('telegram (webhook)');
    expect(started).toContain('store: redis');
    expect(started).toContain('reminders: durable');

    const blocker = new Redis(redis.url);
    cleanup.push(() => void blocker.disconnect());
    await blocker.ping();
    const sleeping = blocker.call('DEBUG', 'SLEEP', '1.5');
    const response = deliverTelegramUpdate(`http://127.0.0.1:${port}`, commandUpdate(7001, 'start'), { secret: SECRET, api });
    await new Promise((r) => setTimeout(r, 300));
    main.child.kill('SIGTERM');

    expect((await response).status).toBe(200);
    const { code } = await within(main.exited, 10_000, 'shutdown');
    expect(code, `${main.stdout()}\n${main.stderr()}`).toBe(0);
    await sleeping;

    // The turn was committed and its reply sent before the process left.
    expect(await blocker.exists(`${prefix}{telegram:${ALICE.id}}:s`)).toBe(1);
    expect(api.sent('sendMessage').some((m) => String(m.chat_id) === String(ALICE.id))).toBe(true);
    expect(main.stdout()).toContain('"msg":"stopped"');
  });
});

describe('reload (SIGHUP)', () => {
  it('a broken rule file is refused with a log line; the process keeps serving', async () => {
    const rulesDir = copyRules();
    const port = await freePort();
    const main = runMain({ PORT: String(port), RULES_DIR: rulesDir });
    try {
      await main.waitForOutput('jifen-bot listening');
      writeFileSync(join(rulesDir, 'shanghai.yaml'), 'id: shanghai\nname: [unclosed\n');
      main.child.kill('SIGHUP');
      const refused = await main.waitForOutput('reload refused');
      expect(refused).toContain('shanghai.yaml');
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(main.child.exitCode).toBeNull();
    } finally {
      main.child.kill('SIGTERM');
      await main.exited;
      rmSync(rulesDir, { recursive: true, force: true });
    }
  });

  it('old rules keep serving turns after a refused reload; a valid change is taken', async () => {
    const rulesDir = copyRules();
    const { app } = await buildTestApp({ RULES_DIR: rulesDir });
    try {
      const cityNames = () => app.holder.current.rules.cities.map((c) => c.name);
      expect(cityNames()).toContain('许昌');

      const original = readFileSync(join(rulesDir, 'xuchang.yaml'), 'utf8');
      writeFileSync(join(rulesDir, 'xuchang.yaml'), original.replace(/^id: xuchang$/m, 'id: 42'));
      const refused = app.reload();
      expect(refused.ok).toBe(false);
      expect(cityNames()).toContain('许昌');
      const turn = await app.handler.handle({
        channel: 'wecom',
        userId: 'u1',
        chatId: 'u1',
        messageId: 'w1',
        command: 'start',
        sentAt: Date.now(),
      });
      expect(turn.status).toBe('applied');

      writeFileSync(join(rulesDir, 'xuchang.yaml'), original.replace(/^name: 许昌$/m, 'name: 许昌（新）'));
      expect(app.reload()).toEqual({ ok: true, version: 2 });
      expect(cityNames()).toContain('许昌（新）');
    } finally {
      await app.stop();
      rmSync(rulesDir, { recursive: true, force: true });
    }
  });
});
