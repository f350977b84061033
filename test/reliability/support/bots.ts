/**
 * The real bot, as `npm start` runs it (a child process), plus what a messenger does to it: POST an update, POST an
 * encrypted WeCom callback, and redeliver until 200 like Telegram and WeCom do.
 */
import { getSignature, encrypt } from '@wecom/crypto';
import { freePort } from '../../support/redis-server.js';
import type { TelegramApiServer } from '../../support/telegram-api-server.js';
import { deliverTelegramUpdate } from '../../support/telegram-webhook.js';
import type { WecomApiServer } from '../../support/wecom-api-server.js';
import { runMain, type MainProcess } from '../../server/harness.js';
import { VECTOR_B } from '../../channels/wecom/fixtures.js';

export const TG_SECRET = 'reliability-webhook-secret-0123456789';
export const WECOM_SECRET = 'test-secret';

export interface Person {
  id: number;
  is_bot: false;
  first_name: string;
}

export const person = (id: number): Person => ({ id, is_bot: false, first_name: `U${id}` });

export function telegramEnv(api: TelegramApiServer): Record<string, string> {
  return { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_WEBHOOK_SECRET: TG_SECRET, TELEGRAM_API_ROOT: api.apiRoot };
}

export function wecomEnv(api: WecomApiServer): Record<string, string> {
  return {
    WECOM_CORP_ID: VECTOR_B.corpId,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET,
    WECOM_TOKEN: VECTOR_B.token,
    WECOM_ENCODING_AES_KEY: VECTOR_B.encodingAesKey,
    WECOM_API_ROOT: api.url,
  };
}

/** A unique BullMQ prefix (hash tag) per test file, so queues of parallel files never mix. */
export const queuePrefix = (label: string) => `{rel-${label}-${Math.random().toString(36).slice(2, 8)}}`;

export interface BotProcess {
  port: number;
  main: MainProcess;
  url(path: string): string;
}

/** `startTimeoutMs`: how long to wait for "listening" (default 20 s; a loaded machine may need more). */
export async function startBot(env: Record<string, string>, startTimeoutMs = 20_000): Promise<BotProcess> {
  const port = await freePort();
  const main = runMain({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env });
  await main.waitForOutput('jifen-bot listening', startTimeoutMs).catch(async (err: unknown) => {
    main.child.kill('SIGKILL');
    throw err;
  });
  return { port, main, url: (path) => `http://127.0.0.1:${port}${path}` };
}

/** SIGTERM, and SIGKILL if it has not left within 12 s. */
export async function stopBot(bot: BotProcess): Promise<void> {
  if (bot.main.child.exitCode !== null || bot.main.child.signalCode !== null) return;
  bot.main.child.kill('SIGTERM');
  const timer = setTimeout(() => bot.main.child.kill('SIGKILL'), 12_000);
  await bot.main.exited;
  clearTimeout(timer);
}

/** POSTs `update` like Telegram, which then performs the webhook reply the answer may carry, on `api`. */
export async function postTelegram(
  api: TelegramApiServer,
  port: number,
  update: unknown,
  secret: string | null = TG_SECRET,
): Promise<number> {
  const res = await deliverTelegramUpdate(`http://127.0.0.1:${port}`, update, { secret, api });
  return res.status;
}

export interface SealedCallback {
  /** Path and query: `/wecom/callback?msg_signature=…&timestamp=…&nonce=…`. */
  path: string;
  body: string;
}

/** Encrypts and signs a callback exactly as WeCom does; a redelivery re-sends the very same request. */
export function sealCallback(plaintext: string, timestamp = Math.floor(Date.now() / 1000)): SealedCallback {
  const nonce = String(Math.floor(Math.random() * 1e9));
  const ciphertext = encrypt(VECTOR_B.encodingAesKey, plaintext, VECTOR_B.corpId);
  const signature = getSignature(VECTOR_B.token, String(timestamp), nonce, ciphertext);
  return {
    path: `/wecom/callback?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${VECTOR_B.corpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  };
}

export async function postWecom(port: number, callback: SealedCallback): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}${callback.path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: callback.body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Every status each delivery attempt got; a connection failure counts as status 0. */
export interface DeliveryLog {
  statuses: number[];
}

/**
 * Redelivers like a messenger: the same request again after `retryMs` until it is answered 200 (or `giveUpMs`
 * passes). Telegram keeps redelivering for hours; WeCom retries 3 times at 5 s — here faster, so the test is short.
 */
export async function deliverUntilOk(send: () => Promise<number>, log: DeliveryLog, retryMs = 1000, giveUpMs = 30_000): Promise<boolean> {
  const start = Date.now();
  for (;;) {
    let status: number;
    try {
      status = await send();
    } catch {
      status = 0;
    }
    log.statuses.push(status);
    if (status === 200) return true;
    if (Date.now() - start > giveUpMs) return false;
    await new Promise((r) => setTimeout(r, retryMs));
  }
}

/** `jifen_turns_total{channel,outcome}` from a bot's /metrics. */
export async function turnCounts(bot: BotProcess): Promise<Record<string, number>> {
  const text = await (await fetch(bot.url('/metrics'))).text();
  const counts: Record<string, number> = {};
  for (const m of text.matchAll(/^jifen_turns_total\{channel="([^"]+)",outcome="([^"]+)"\} (\d+)/gm)) {
    counts[`${m[1]}:${m[2]}`] = Number(m[3]);
  }
  return counts;
}

/** Resolves once `probe()` returns the same value twice `quietMs` apart (the fake APIs stopped receiving). */
export async function settled<T>(probe: () => T, quietMs = 600, maxMs = 10_000): Promise<void> {
  const start = Date.now();
  let last = JSON.stringify(probe());
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = JSON.stringify(probe());
    if (now === last || Date.now() - start > maxMs) return;
    last = now;
  }
}

export function textXml(from: string, content: string, msgId: string, createTime = Math.floor(Date.now() / 1000)): string {
  return `<xml><ToUserName><![CDATA[${VECTOR_B.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
}

export function clickXml(from: string, key: string, createTime = Math.floor(Date.now() / 1000)): string {
  return `<xml><ToUserName><![CDATA[${VECTOR_B.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event><EventKey><![CDATA[${key}]]></EventKey><AgentID>1000002</AgentID></xml>`;
}
