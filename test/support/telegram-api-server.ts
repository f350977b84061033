/**
 * A local stand-in for the Telegram Bot API (what TELEGRAM_API_ROOT points at in tests): listens on 127.0.0.1:0,
 * answers `/bot<token>/<method>` like api.telegram.org does (JSON `{ ok, result }` or `{ ok: false, error_code,
 * description, parameters }`), and records every call it receives, failed ones included.
 *
 * It also performs webhook replies, as Telegram does with a webhook answer that carries a method call
 * (core.telegram.org/bots/api#making-requests-when-getting-updates): hand it the webhook's response
 * (`performWebhookReply`, or deliver updates with test/support/telegram-webhook.ts) and the call is recorded like any
 * other, with `viaWebhookReply: true`, so `sent('sendMessage')` counts it. Nobody learns its result, as in production.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FormPart, multipartBoundary, parseMultipart } from './multipart.js';

export interface RecordedCall {
  method: string;
  params: Record<string, any>;
  /** HTTP status this server answered with (for a webhook reply: the status the call would have had). */
  status: number;
  /** The call came as a webhook's response body, not as a request of the bot. */
  viaWebhookReply?: boolean;
  /** Files uploaded with the call (multipart), by the parameter that names them with `attach://` (e.g. `photo`). */
  files?: Record<string, FormPart>;
  /** When it was received (ms since epoch); set on calls of methods, not on refused or getUpdates calls. */
  at?: number;
}

/** A webhook's HTTP answer to an update, as Telegram receives it. */
export interface WebhookResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

export interface PlannedFailure {
  error_code: number;
  description: string;
  retry_after?: number;
}

export interface TelegramApiServer {
  /** Pass as TELEGRAM_API_ROOT. */
  apiRoot: string;
  token: string;
  botInfo: BotInfo;
  calls: RecordedCall[];
  /** Params of the successful calls of one method. */
  sent(method: string): Record<string, any>[];
  /** Makes the next call of `method` fail once with this error. */
  failNext(method: string, failure: PlannedFailure): void;
  /**
   * Performs the method call a webhook answered with, as Telegram would: only for a 200 whose JSON or form body names
   * a `method`. Returns the recorded call, or undefined when the answer carried none.
   */
  performWebhookReply(response: WebhookResponse): RecordedCall | undefined;
  /** Forgets the file_ids of the photos uploaded so far: a sendPhoto naming one then fails as with Telegram. */
  forgetPhotos(): void;
  /** Updates served by getUpdates. */
  queueUpdates(...updates: object[]): void;
  /** Resolves when `predicate` holds for the recorded calls; rejects after `timeoutMs`. */
  waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface BotInfo {
  id: number;
  is_bot: true;
  first_name: string;
  username: string;
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
  can_connect_to_business: boolean;
  has_main_web_app: boolean;
  has_topics_enabled: boolean;
  allows_users_to_create_topics: boolean;
  can_manage_bots: boolean;
  supports_join_request_queries: boolean;
}

export interface TelegramApiServerOptions {
  /** Methods answered 404 like a server that lacks them (e.g. setMyCommands on a minimal self-hosted server). */
  unsupported?: string[];
}

export const TEST_BOT_TOKEN = '123456789:AAHtestTOKENfor-jifen_bot-0123456789ab';

export const TEST_BOT_INFO: BotInfo = {
  id: 123456789,
  is_bot: true,
  first_name: '积分通',
  username: 'JifenTestBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Longest a getUpdates call is held open when there is nothing to serve (keeps test runs short). */
const MAX_POLL_WAIT_MS = 300;

async function readParams(req: IncomingMessage, url: URL): Promise<{ params: Record<string, any>; files?: Record<string, FormPart> }> {
  const params: Record<string, any> = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { params };
  const type = req.headers['content-type'] ?? '';
  const boundary = multipartBoundary(type);
  if (boundary) return multipartParams(params, parseMultipart(raw, boundary));
  const body = raw.toString('utf8');
  if (type.includes('application/json')) return { params: { ...params, ...JSON.parse(body) } };
  if (type.includes('x-www-form-urlencoded')) return { params: { ...params, ...Object.fromEntries(new URLSearchParams(body)) } };
  throw new Error(`unsupported content-type ${type}`);
}

/**
 * A multipart call (Bot API "uploading files"): fields are the params, and a field whose value is `attach://<name>`
 * names the file part `<name>`; a file part referred to by no field is refused, as Telegram would not know it.
 */
function multipartParams(query: Record<string, any>, parts: FormPart[]): { params: Record<string, any>; files: Record<string, FormPart> } {
  const fields = parts.filter((p) => p.filename === undefined);
  const uploads = new Map(parts.filter((p) => p.filename !== undefined).map((p) => [p.name, p]));
  const params: Record<string, any> = { ...query };
  const files: Record<string, FormPart> = {};
  for (const field of fields) {
    const value = field.data.toString('utf8');
    params[field.name] = value;
    const attached = /^attach:\/\/(.+)$/.exec(value)?.[1];
    if (attached === undefined) continue;
    const file = uploads.get(attached);
    if (!file) throw new Error(`${field.name} names a missing file part ${attached}`);
    files[field.name] = file;
    uploads.delete(attached);
  }
  if (uploads.size > 0) throw new Error(`file parts named by no field: ${[...uploads.keys()].join(', ')}`);
  return { params, files };
}

/** The params of a webhook answer's body, by content type like a request body; undefined when it is not a call. */
function webhookReplyParams(response: WebhookResponse): Record<string, any> | undefined {
  if (response.status !== 200 || response.body === '') return undefined;
  const type = response.contentType ?? '';
  let params: unknown;
  if (type.includes('application/json')) {
    try {
      params = JSON.parse(response.body);
    } catch {
      return undefined;
    }
  } else if (type.includes('x-www-form-urlencoded')) {
    params = Object.fromEntries(new URLSearchParams(response.body));
  } else {
    return undefined;
  }
  if (typeof params !== 'object' || params === null || typeof (params as { method?: unknown }).method !== 'string') return undefined;
  return params as Record<string, any>;
}

export async function startTelegramApiServer(options: TelegramApiServerOptions = {}): Promise<TelegramApiServer> {
  const token = TEST_BOT_TOKEN;
  const botInfo = TEST_BOT_INFO;
  const unsupported = new Set(options.unsupported ?? []);
  const calls: RecordedCall[] = [];
  const failures = new Map<string, PlannedFailure>();
  const queue: Array<{ update_id: number }> = [];
  const listeners = new Set<() => void>();
  let nextMessageId = 1000;
  /** file_ids of the photos uploaded here: a later sendPhoto may name one instead of uploading again. */
  const photoIds = new Set<string>();

  const notify = () => listeners.forEach((l) => l());

  /** The Message a send returns: its own id, the chat, the bot as sender, and what was sent. */
  function sentMessage(params: Record<string, any>, content: object): object {
    return {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(params.chat_id), type: Number(params.chat_id) < 0 ? 'group' : 'private' },
      from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
      ...content,
    };
  }

  function result(method: string, params: Record<string, any>): unknown {
    switch (method) {
      case 'getMe':
        return botInfo;
      case 'sendMessage':
        return sentMessage(params, { text: params.text, ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}) });
      case 'sendPhoto': {
        // The size Telegram reports is its own business; one PhotoSize stands for the list.
        const id = photoIds.has(params.photo) ? String(params.photo) : `photo-${nextMessageId}`;
        photoIds.add(id);
        return sentMessage(params, { photo: [{ file_id: id, file_unique_id: `u-${id}`, width: 800, height: 600 }] });
      }
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'setWebhook':
      case 'deleteWebhook':
        return true;
      default:
        return undefined;
    }
  }

  async function getUpdates(params: Record<string, any>, req: IncomingMessage): Promise<unknown[]> {
    const offset = Number(params.offset ?? 0);
    // Telegram forgets updates below the offset: they are confirmed.
    while (queue.length > 0 && queue[0]!.update_id < offset) queue.shift();
    if (queue.length === 0) {
      const waitMs = Math.min(Number(params.timeout ?? 0) * 1000, MAX_POLL_WAIT_MS);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(done);
          req.off('close', done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        listeners.add(done);
        req.once('close', done);
      });
    }
    return queue.filter((u) => u.update_id >= offset).slice(0, Number(params.limit ?? 100));
  }

  /** Runs one call (not getUpdates) and records it: planned failures first, then unsupported methods, then results. */
  function perform(
    method: string,
    params: Record<string, any>,
    viaWebhookReply: boolean,
    files?: Record<string, FormPart>,
  ): { status: number; body: object } {
    const record = (status: number) => {
      calls.push({ method, params, status, ...(viaWebhookReply ? { viaWebhookReply } : {}), ...(files ? { files } : {}), at: Date.now() });
      notify();
    };
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      record(failure.error_code);
      const parameters = failure.retry_after !== undefined ? { retry_after: failure.retry_after } : undefined;
      return {
        status: failure.error_code,
        body: { ok: false, error_code: failure.error_code, description: failure.description, ...(parameters ? { parameters } : {}) },
      };
    }
    // A photo is either uploaded with the call or named by a file_id Telegram gave out (Bot API "Sending files").
    if (method === 'sendPhoto' && !files?.photo && !photoIds.has(params.photo)) {
      record(400);
      return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' } };
    }
    const value = unsupported.has(method) || method === 'getUpdates' ? undefined : result(method, params);
    if (value === undefined) {
      record(404);
      return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } };
    }
    record(200);
    return { status: 200, body: { ok: true, result: value } };
  }

  function answer(res: ServerResponse, status: number, body: object) {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, givenToken, method] = match as unknown as [string, string, string];
      let params: Record<string, any>;
      let files: Record<string, FormPart> | undefined;
      try {
        ({ params, files } = await readParams(req, url));
      } catch (err) {
        return answer(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${(err as Error).message}` });
      }
      if (givenToken !== token) {
        calls.push({ method, params, status: 401 });
        notify();
        return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      }
      if (method === 'getUpdates' && !failures.has(method) && !unsupported.has(method)) {
        const updates = await getUpdates(params, req);
        calls.push({ method, params, status: 200 });
        notify();
        return answer(res, 200, { ok: true, result: updates });
      }
      const outcome = perform(method, params, false, files);
      return answer(res, outcome.status, outcome.body);
    })().catch((err: unknown) => {
      if (!res.headersSent) answer(res, 500, { ok: false, error_code: 500, description: String(err) });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    sent: (method) => calls.filter((c) => c.method === method && c.status === 200).map((c) => c.params),
    failNext: (method, failure) => void failures.set(method, failure),
    performWebhookReply: (response) => {
      const params = webhookReplyParams(response);
      if (!params) return undefined;
      const { method, ...rest } = params;
      perform(String(method), rest, true);
      return calls.at(-1);
    },
    forgetPhotos: () => photoIds.clear(),
    queueUpdates: (...updates) => {
      queue.push(...(updates as Array<{ update_id: number }>));
      notify();
    },
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(calls)) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out; calls so far: ${calls.map((c) => `${c.method}:${c.status}`).join(', ')}`));
        }, timeoutMs);
        const check = () => {
          if (!predicate(calls)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        notify();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
