/**
 * `npm run chat`: the bot in the terminal, with the real engine. Embedded store by default, Redis when REDIS_URL is
 * set. Piped input: one message per line, replies after each.
 */
import { baseConfigSchema, ConfigError, parseEnv } from '../config.js';
import { runConsoleChat } from '../channels/console/console-chat.js';
import { loadBotCore } from '../runtime/ports.js';
import { createTurnHandler } from '../runtime/turn-runtime.js';
import { createSessionStore } from '../store/index.js';

async function main(): Promise<void> {
  const config = parseEnv(baseConfigSchema);
  const core = loadBotCore();
  const store = createSessionStore({
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    ttlSeconds: config.SESSION_TTL_DAYS * 86_400,
    onConnectionError: (err) => process.stderr.write(`redis: ${err.message}\n`),
  });
  const handler = createTurnHandler({ ...core, store, timezone: config.TIMEZONE });
  try {
    await runConsoleChat({ handler, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
