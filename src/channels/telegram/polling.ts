/**
 * Long polling for development: `@grammyjs/runner` fetches updates concurrently; `sequentialize` (installed first by
 * createTelegramBot) keeps each chat in order. Only one process may poll a token at a time (Telegram answers 409).
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { prepareTelegramBot, type TelegramBot } from './bot.js';
import { describeError } from './log.js';
import { ALLOWED_UPDATES } from './webhook.js';

export interface PollingOptions {
  /** getUpdates long-poll timeout in seconds (Telegram's maximum wait). Default 30. */
  timeoutSeconds?: number;
}

/**
 * Removes any webhook (getUpdates is refused while one is set) and starts polling. Stop with `await handle.stop()`.
 *
 * @example
 * const handle = await startPolling(createTelegramBot({ config, handler, logger }));
 * process.once('SIGTERM', () => void handle.stop());
 */
export async function startPolling(telegram: TelegramBot, options: PollingOptions = {}): Promise<RunnerHandle> {
  const { bot, log } = telegram;
  await prepareTelegramBot(telegram);
  try {
    await bot.api.deleteWebhook();
  } catch (err) {
    log.warn(describeError(err), 'deleteWebhook failed; polling may be refused while a webhook is set');
  }
  const handle = run(bot, {
    runner: {
      fetch: { timeout: options.timeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
    },
  });
  log.info({}, 'telegram long polling started');
  return handle;
}
