/**
 * Calls to the WeCom server API with the access token: gettoken, then any `cgi-bin` method.
 * Error handling follows the global error codes (document 90455): an invalid or expired token (40014, 42001, 40001)
 * is refreshed once and the call retried once; "system busy" (-1) is retried with backoff, at most three times.
 * Tokens travel only in URLs we build here and are never put into errors or logs.
 */
import type { WecomConfig } from './config.js';
import type { TokenCache } from './token-cache.js';

export class WecomApiError extends Error {
  override readonly name = 'WecomApiError';
  constructor(
    readonly method: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    // errmsg can echo request details; keep only its first words (WeCom appends a hint URL and request id).
    super(`wecom ${method} failed: errcode ${errcode} (${errmsg.split(/[,\n]/)[0]?.slice(0, 80) ?? ''})`);
  }
}

export interface WecomResponse {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

export interface WecomApi {
  /** POSTs `body` as JSON to `/cgi-bin/<method>?access_token=..(&query)`; resolves when errcode is 0. */
  post(method: string, body: unknown, query?: Record<string, string>): Promise<WecomResponse>;
  /** POSTs `form` as multipart/form-data (media/upload), with the same token refresh and retries as `post`. */
  upload(method: string, form: FormData, query?: Record<string, string>): Promise<WecomResponse>;
}

export interface WecomApiOptions {
  config: WecomConfig;
  tokenCache: TokenCache;
  fetch?: typeof fetch;
  /** Backoff between "system busy" retries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
const SYSTEM_BUSY = -1;
const BUSY_RETRIES = 3;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readResponse(method: string, response: Response): Promise<WecomResponse> {
  if (!response.ok) throw new WecomApiError(method, -2, `HTTP ${response.status}`);
  const json = (await response.json().catch(() => undefined)) as Partial<WecomResponse> | undefined;
  if (!json || typeof json !== 'object') throw new WecomApiError(method, -3, 'response is not JSON');
  return { ...json, errcode: typeof json.errcode === 'number' ? json.errcode : 0, errmsg: String(json.errmsg ?? '') };
}

/** The cache key of this app's token: tokens are per app (document 91039). */
export function tokenAppKey(config: WecomConfig): string {
  return `${config.WECOM_CORP_ID}:${config.WECOM_AGENT_ID}`;
}

/**
 * @example
 * const api = createWecomApi({ config, tokenCache });
 * await api.post('message/send', { touser: 'ZhangSan', msgtype: 'text', agentid: 1000002, text: { content: '你好' } });
 */
export function createWecomApi(options: WecomApiOptions): WecomApi {
  const { config, tokenCache } = options;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const root = config.WECOM_API_ROOT;
  const app = tokenAppKey(config);

  const issue = async () => {
    const url = new URL(`${root}/cgi-bin/gettoken`);
    url.searchParams.set('corpid', config.WECOM_CORP_ID);
    url.searchParams.set('corpsecret', config.WECOM_SECRET);
    const reply = await readResponse('gettoken', await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) }));
    if (reply.errcode !== 0 || typeof reply.access_token !== 'string') {
      throw new WecomApiError('gettoken', reply.errcode, reply.errmsg);
    }
    const expiresIn = typeof reply.expires_in === 'number' && reply.expires_in > 0 ? reply.expires_in : 7200;
    return { token: reply.access_token, expiresInSeconds: expiresIn };
  };

  /** `payload` is the request's body and headers; fetch sets a FormData's multipart boundary itself. */
  const postOnce = async (method: string, token: string, payload: Pick<RequestInit, 'body' | 'headers'>, query: Record<string, string>) => {
    const url = new URL(`${root}/cgi-bin/${method}`);
    url.searchParams.set('access_token', token);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const response = await doFetch(url, { method: 'POST', ...payload, signal: AbortSignal.timeout(timeoutMs) });
    return readResponse(method, response);
  };

  const call = async (method: string, payload: Pick<RequestInit, 'body' | 'headers'>, query: Record<string, string>) => {
    let refreshed = false;
    let busyRetries = 0;
    for (;;) {
      const token = await tokenCache.get(app, issue);
      const reply = await postOnce(method, token, payload, query);
      if (reply.errcode === 0) return reply;
      if (TOKEN_REJECTED.has(reply.errcode) && !refreshed) {
        refreshed = true;
        await tokenCache.invalidate(app, token);
        continue;
      }
      if (reply.errcode === SYSTEM_BUSY && busyRetries < BUSY_RETRIES) {
        busyRetries += 1;
        await sleep(200 * 2 ** busyRetries);
        continue;
      }
      throw new WecomApiError(method, reply.errcode, reply.errmsg);
    }
  };

  return {
    post: (method, body, query = {}) =>
      call(method, { headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) }, query),
    upload: (method, form, query = {}) => call(method, { body: form }, query),
  };
}
