/**
 * Delivering an update to our webhook the way Telegram does: POST with the secret header, then perform the method
 * call the answer may carry (a webhook reply) on the fake Bot API, which records it like a call of the bot. Every
 * test that POSTs to /telegram/webhook goes through here, so what a user receives is counted in one place
 * (`api.sent('sendMessage')`) whichever way the bot replied.
 */
import type { FastifyInstance } from 'fastify';
import type { RecordedCall, TelegramApiServer, WebhookResponse } from './telegram-api-server.js';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramDelivery extends WebhookResponse {
  /** The call Telegram performed from the answer, if it carried one. */
  webhookReply: RecordedCall | undefined;
  /** When the whole answer had arrived (ms since epoch), before its call was performed. */
  answeredAt: number;
}

export interface DeliverOptions {
  /** X-Telegram-Bot-Api-Secret-Token; `null` sends none. */
  secret: string | null;
  /** The fake Bot API that performs the answer's method call; without it, a webhook reply is not performed. */
  api: TelegramApiServer | undefined;
  /** Sent as is instead of JSON.stringify(update) (bad bodies). */
  rawBody?: string;
}

/** Where the webhook is: an in-process fastify app (inject), or a base URL such as `http://127.0.0.1:3000`. */
export type WebhookTarget = Pick<FastifyInstance, 'inject'> | string;

/**
 * @example
 * const res = await deliverTelegramUpdate(app.server, textUpdate(1, '上海'), { secret: SECRET, api });
 * // res.status === 200; api.sent('sendMessage') now holds the reply, if the answer carried it
 */
export async function deliverTelegramUpdate(target: WebhookTarget, update: unknown, options: DeliverOptions): Promise<TelegramDelivery> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(options.secret !== null ? { 'x-telegram-bot-api-secret-token': options.secret } : {}),
  };
  const payload = options.rawBody ?? JSON.stringify(update);
  let response: WebhookResponse;
  if (typeof target === 'string') {
    const res = await fetch(`${target.replace(/\/+$/, '')}${TELEGRAM_WEBHOOK_PATH}`, { method: 'POST', headers, body: payload });
    response = { status: res.status, contentType: res.headers.get('content-type') ?? undefined, body: await res.text() };
  } else {
    const res = await target.inject({ method: 'POST', url: TELEGRAM_WEBHOOK_PATH, headers, payload });
    const type = res.headers['content-type'];
    response = { status: res.statusCode, contentType: typeof type === 'string' ? type : undefined, body: res.body };
  }
  const answeredAt = Date.now();
  return { ...response, answeredAt, webhookReply: options.api?.performWebhookReply(response) };
}
