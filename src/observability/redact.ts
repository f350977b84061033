/**
 * What must never reach a log line: secrets (bot tokens, WeCom corpsecret/access_token, webhook secrets, auth headers)
 * and personal data (what users wrote, their facts). pino removes the listed paths; URLs are masked by `redactUrl`
 * because a token can sit inside a string (`/bot123:AA…/sendMessage`, `?access_token=…`).
 */

/** pino `redact.paths`: request headers, bodies and our own fields that may carry user data. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  'token',
  'accessToken',
  'access_token',
  'corpsecret',
  'secret',
  'botToken',
  'text',
  'facts',
  'body',
  'state',
  'replies',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.corpsecret',
  '*.secret',
  '*.botToken',
  '*.text',
  '*.facts',
  '*.body',
  '*.state',
  '*.replies',
] as const;

export const REDACTION_MARK = '[redacted]';

const SECRET_QUERY = /([?&](?:access_token|corpsecret|secret|token|msg_signature|echostr)=)[^&#\s]*/gi;
/** Bot API URLs carry the token in the path: /bot<id>:<secret>/method (and /file/bot<token>/…). */
const BOT_TOKEN_IN_PATH = /\/bot\d+:[A-Za-z0-9_-]+/g;

/**
 * @example redactUrl('/cgi-bin/gettoken?corpid=ww1&corpsecret=s3cr3t') // '/cgi-bin/gettoken?corpid=ww1&corpsecret=[redacted]'
 */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, `$1${REDACTION_MARK}`).replace(BOT_TOKEN_IN_PATH, `/bot${REDACTION_MARK}`);
}
