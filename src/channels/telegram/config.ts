/**
 * Telegram settings from the environment. Parse with `parseEnv(telegramConfigSchema)` from src/config.ts,
 * which reports every bad variable on its own line.
 */
import { z } from 'zod';

/** BotFather tokens look like `123456789:AAE…` (numeric bot id, colon, 35 url-safe characters today). */
const TOKEN_FORMAT = /^\d+:[A-Za-z0-9_-]{30,}$/;
/** Bot API setWebhook: secret_token is 1-256 characters of A-Z, a-z, 0-9, _ and -. */
const SECRET_FORMAT = /^[A-Za-z0-9_-]{1,256}$/;

export const telegramConfigSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z.string().regex(TOKEN_FORMAT, 'must be a BotFather token like 123456:ABC-… (digits, colon, 30+ letters)'),
    TELEGRAM_MODE: z.enum(['webhook', 'polling']).default('webhook'),
    TELEGRAM_WEBHOOK_SECRET: z.string().regex(SECRET_FORMAT, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -').optional(),
    /** Public https base URL of this server; when set, setWebhook(<url>/telegram/webhook) runs at start-up. */
    TELEGRAM_PUBLIC_URL: z
      .string()
      .url('must be an https:// URL')
      .refine((u) => u.startsWith('https://'), 'must be an https:// URL (Telegram only calls https webhooks)')
      .optional(),
    /** A self-hosted Bot API server (telegram-bot-api --local), or the local fake in tests. */
    TELEGRAM_API_ROOT: z
      .string()
      .regex(/^https?:\/\/[^/\s]+/, 'must be an http(s):// URL such as http://127.0.0.1:8081')
      .transform((u) => u.replace(/\/+$/, ''))
      .default('https://api.telegram.org'),
    /**
     * Webhook mode: answer a turn whose reply is exactly one message with that sendMessage as the webhook's response
     * body (no Bot API request of our own). `false` sends every reply through the Bot API. See docs/telegram.md.
     */
    TELEGRAM_WEBHOOK_REPLY: z
      .enum(['true', 'false', '1', '0'], { error: 'must be true, false, 1 or 0' })
      .transform((v) => v === 'true' || v === '1')
      .default(true),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.TELEGRAM_MODE === 'webhook' && cfg.TELEGRAM_WEBHOOK_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'required when TELEGRAM_MODE=webhook (Telegram sends it back in X-Telegram-Bot-Api-Secret-Token)',
      });
    }
  });

export type TelegramConfig = z.infer<typeof telegramConfigSchema>;

/** The path Telegram POSTs updates to. */
export const WEBHOOK_PATH = '/telegram/webhook';

/** `https://bot.example.com/base` → `https://bot.example.com/base/telegram/webhook`. */
export function webhookUrl(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '') + WEBHOOK_PATH;
}
