/**
 * `npm run chat`: the bot in the terminal, with the real engine. Embedded store and in-process reminders by default,
 * Redis (sessions) and BullMQ (reminders) when REDIS_URL is set. Reminders coming due are printed into the terminal,
 * framed. Piped input: one message per line, replies after each; the process ends at end of input, and in-process
 * reminders end with it (the confirmation says they are not durable).
 */
import { serverConfigSchema } from '../app/config.js';
import { cardRendererFrom, saveCardToFile } from '../app/cards.js';
import { loadCore } from '../app/core.js';
import { cardTexts } from '../dialog/result-card.js';
import { ConfigError, parseEnv } from '../config.js';
import { runConsoleChat } from '../channels/console/console-chat.js';
import { createConsoleSender } from '../channels/console/console-sender.js';
import { BullmqReminderService, InProcessReminderService, type ReminderService } from '../reminders/index.js';
import { createReminderPort } from '../runtime/reminder-port.js';
import { createTurnHandler } from '../runtime/turn-runtime.js';
import { createSessionStore, sessionTtlSeconds } from '../store/index.js';

async function main(): Promise<void> {
  // The server's variables, so RULES_DIR, DIALOGS_DIR and FAQ_DIR choose the files here too.
  const config = parseEnv(serverConfigSchema);
  const core = loadCore({ rulesDir: config.RULES_DIR, dialogsDir: config.DIALOGS_DIR, faqDir: config.FAQ_DIR });
  const onConnectionError = (err: Error) => process.stderr.write(`redis: ${err.message}\n`);
  const store = createSessionStore({
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    ttlSeconds: sessionTtlSeconds(config.SESSION_TTL_DAYS),
    onConnectionError,
  });
  const service: ReminderService = config.REDIS_URL
    ? new BullmqReminderService({ redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_PREFIX, texts: core.texts.reminders })
    : new InProcessReminderService({ texts: core.texts.reminders });
  const reminders = createReminderPort({
    service,
    timezone: config.TIMEZONE,
    texts: core.texts.reminders,
    onError: (err, operation) => process.stderr.write(`reminders (${operation}): ${err.message}\n`),
  });
  const handler = createTurnHandler({ ...core, store, reminders, timezone: config.TIMEZONE });
  const cards = cardRendererFrom(config, (message) => process.stderr.write(`${message}\n`));
  const onCard = cards ? saveCardToFile(cards, config.CARD_DIR, cardTexts(core.spec.messages)) : undefined;
  try {
    await service.start([createConsoleSender(process.stdout)]);
    await runConsoleChat({ handler, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY), onCard });
  } finally {
    await service.close();
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
