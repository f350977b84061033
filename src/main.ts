/**
 * `npm start` / `node dist/src/main.js`: the production server. Reads the environment (one line per problem, exit 1),
 * builds every configured channel, listens, and handles SIGTERM/SIGINT (graceful stop within 10 s) and SIGHUP
 * (reload rules, dialogs and FAQ).
 */
import { ConfigError } from './config.js';
import { buildApp, loadAppConfig, type AppConfig, type StartupSummary } from './app/index.js';
import { createLogger } from './observability/index.js';

/** The whole stop must fit in this (orchestrators send SIGKILL after their own grace period, often 10 s). */
const SHUTDOWN_LIMIT_MS = 10_000;
/** Part of it for turns still running after the HTTP server closed (polling turns). */
const DRAIN_MS = 5_000;

function readConfig(): AppConfig {
  try {
    return loadAppConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function describe(summary: StartupSummary): string {
  const channels =
    summary.channels.length > 0 ? summary.channels.join(', ') : 'none (health and metrics only; set TELEGRAM_BOT_TOKEN or WECOM_CORP_ID)';
  const store =
    summary.store === 'redis-cluster'
      ? 'redis cluster'
      : summary.store === 'redis'
        ? 'redis'
        : 'embedded (in memory, single process, lost on restart)';
  const reminders = summary.remindersDurable ? 'durable (BullMQ on Redis)' : 'in process (lost on restart)';
  return `channels: ${channels}; store: ${store}; reminders: ${reminders}`;
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.base.LOG_LEVEL);
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });

  const app = await buildApp(config, { logger });
  const address = await app.start();
  logger.info({ ...app.summary, address }, `jifen-bot listening on ${address}; ${describe(app.summary)}`);

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ signal }, `shutdown did not finish within ${SHUTDOWN_LIMIT_MS} ms; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    app.stop(DRAIN_MS).then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.on('SIGHUP', () => {
    app.reload();
  });
}

main().catch((err: unknown) => {
  // Start-up failures (port in use, Telegram unreachable for getMe…): one readable line, exit non-zero.
  process.stderr.write(`jifen-bot failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
