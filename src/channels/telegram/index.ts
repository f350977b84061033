/** The Telegram channel: what server.ts, main and the reminders may use. */
export { telegramConfigSchema, type TelegramConfig, WEBHOOK_PATH, webhookUrl } from './config.js';
export { createTelegramBot, prepareTelegramBot, type TelegramBot, type CreateTelegramBotOptions } from './bot.js';
export { telegramPlugin, type TelegramPluginOptions } from './webhook.js';
export { startPolling, type PollingOptions } from './polling.js';
export { createTelegramSender, SendPacer, TELEGRAM_PACING, type SendPacing, type TelegramSenderOptions } from './sender.js';
export { renderReplies, escapeHtml, type RenderedMessage } from './render.js';
export { routeUpdate, type UpdateRoute } from './inbound.js';
export { loadTelegramTexts, telegramTexts, type TelegramTexts } from './texts.js';
export type { TelegramLogger } from './log.js';
export type { WebhookReply } from './commit-signal.js';
