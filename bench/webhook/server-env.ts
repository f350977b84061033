/** What every webhook bench server is started with: one place, so ours, the peer and the ceiling see the same setup. */
import { TEST_BOT_TOKEN } from '../../test/support/telegram-api-server.js';

/** The secret the load generators send in X-Telegram-Bot-Api-Secret-Token. */
export const BENCH_WEBHOOK_SECRET = 'bench_webhook_secret_0123456789';

/** Environment of a server process: webhook mode on loopback, its own Redis and fake Bot API, logs at warn. */
export function webhookServerEnv(port: number, redisUrl: string, botApiPort: number): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: `http://127.0.0.1:${botApiPort}`,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    NODE_ENV: 'production',
    // The peers send no picture; the result card's cost is bench:card's figure, not the turn's.
    CARDS: 'off',
  };
}
