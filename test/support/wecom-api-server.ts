/**
 * A local HTTP server that plays the WeCom server API (qyapi.weixin.qq.com) for tests:
 * `GET /cgi-bin/gettoken`, `POST /cgi-bin/message/send`, `POST /cgi-bin/menu/create`, `POST /cgi-bin/media/upload`.
 * Behaviour follows documents 91039 (gettoken), 90236 (message/send, 81013), 90455 (40014 invalid, 42001 expired)
 * and 90253 (media/upload: multipart field `media`, image JPG/PNG ≤ 10 MB and > 5 bytes; an image message names a
 * media_id this server issued, else 40007). Binds 127.0.0.1 on a free port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FormPart, multipartBoundary, parseMultipart } from './multipart.js';

export interface RecordedCall {
  token: string;
  query: Record<string, string>;
  body: any;
  /** When it was received (ms since epoch). */
  at: number;
}

export interface RecordedUpload {
  token: string;
  query: Record<string, string>;
  /** The multipart part named `media`. */
  file: FormPart;
  mediaId: string;
  at: number;
}

/** A media/upload answered with an error, and why (the errcode). */
export interface RefusedUpload {
  errcode: number;
  at: number;
}

export interface WecomApiServer {
  /** Root to put in WECOM_API_ROOT. */
  url: string;
  gettokenCalls: number;
  sends: RecordedCall[];
  menus: RecordedCall[];
  /** Every accepted media/upload. */
  uploads: RecordedUpload[];
  refusedUploads: RefusedUpload[];
  /** The next media/upload calls answer with these errcodes, in order. */
  failUploads: number[];
  /** Forgets every media_id issued so far (WeCom keeps them 3 days): an image message naming one gets 40007. */
  expireMedia(): void;
  /** expires_in of the next issued tokens (seconds). */
  expiresIn: number;
  /** The next `message/send` calls answer with these errcodes, in order. */
  failSends: number[];
  /** Makes every token issued so far invalid (WeCom may invalidate tokens early): the next use gets 40014. */
  revokeTokens(): void;
  /** Resolves once at least `count` messages were recorded. */
  waitForSends(count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  0: 'ok',
  [-1]: 'system busy',
  40001: 'invalid credential',
  40014: 'invalid access_token',
  42001: 'access_token expired',
  81013: 'user & party & tag all invalid',
  40004: 'invalid media type',
  40005: 'invalid file type',
  40006: 'invalid file size',
  40007: 'invalid media_id',
};

/** Document 90253: an image is JPG or PNG, more than 5 bytes, at most 10 MB. */
const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Checks a media/upload request as WeCom would and returns the `media` part, or the errcode to answer: 40004 for a
 * type other than image (the only one the tests use), 40005 for a file that is not a JPG or PNG, 40006 for its size.
 */
export function checkImageUpload(type: string | undefined, contentType: string | undefined, raw: Buffer): FormPart | number {
  if (type !== 'image') return 40004;
  const boundary = multipartBoundary(contentType);
  if (!boundary) return 40005;
  let parts: FormPart[];
  try {
    parts = parseMultipart(raw, boundary);
  } catch {
    return 40005;
  }
  const file = parts.find((p) => p.name === 'media' && p.filename !== undefined);
  if (!file) return 40005;
  if (file.data.length <= 5 || file.data.length > IMAGE_MAX_BYTES) return 40006;
  const png = file.data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const jpg = file.data[0] === 0xff && file.data[1] === 0xd8;
  return png || jpg ? file : 40005;
}

function json(res: ServerResponse, body: object) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWecomApiServer(opts: { corpId: string; secret: string; expiresIn?: number }): Promise<WecomApiServer> {
  const tokens = new Map<string, number>(); // token -> expiry (ms)
  let serial = 0;
  const waiters: Array<() => void> = [];
  const media = new Set<string>();

  const state: Omit<WecomApiServer, 'url' | 'close'> = {
    gettokenCalls: 0,
    sends: [],
    menus: [],
    uploads: [],
    refusedUploads: [],
    failUploads: [],
    expireMedia() {
      media.clear();
    },
    expiresIn: opts.expiresIn ?? 7200,
    failSends: [],
    revokeTokens() {
      tokens.clear();
    },
    waitForSends(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${state.sends.length} of ${count} sends arrived`)), timeoutMs);
        const check = () => {
          if (state.sends.length >= count) {
            clearTimeout(timer);
            resolve(state.sends);
            return true;
          }
          return false;
        };
        const wait = () => {
          if (!check()) waiters.push(wait);
        };
        wait();
      });
    },
  };

  /** 0 if the token is usable, else the WeCom errcode for it. */
  const tokenProblem = (token: string | null): number => {
    if (!token) return 41001;
    const expiry = tokens.get(token);
    if (expiry === undefined) return 40014;
    return expiry <= Date.now() ? 42001 : 0;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    if (req.method === 'GET' && url.pathname === '/cgi-bin/gettoken') {
      state.gettokenCalls += 1;
      if (query.corpid !== opts.corpId || query.corpsecret !== opts.secret) {
        return json(res, { errcode: 40001, errmsg: ERRMSG[40001] });
      }
      serial += 1;
      const token = `test-token-${serial}-${'x'.repeat(32)}`;
      tokens.set(token, Date.now() + state.expiresIn * 1000);
      return json(res, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: state.expiresIn });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/media/upload') {
      const raw = await readRaw(req);
      const problem = tokenProblem(url.searchParams.get('access_token'));
      if (problem) return json(res, { errcode: problem, errmsg: ERRMSG[problem] ?? 'error' });
      const forced = state.failUploads.shift();
      const checked = forced ?? checkImageUpload(query.type, req.headers['content-type'], raw);
      if (typeof checked === 'number') {
        state.refusedUploads.push({ errcode: checked, at: Date.now() });
        return json(res, { errcode: checked, errmsg: ERRMSG[checked] ?? 'error' });
      }
      const mediaId = `media-${++serial}-${'m'.repeat(20)}`;
      media.add(mediaId);
      state.uploads.push({ token: url.searchParams.get('access_token')!, query, file: checked, mediaId, at: Date.now() });
      return json(res, { errcode: 0, errmsg: '', type: 'image', media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) });
    }
    if (req.method === 'POST' && (url.pathname === '/cgi-bin/message/send' || url.pathname === '/cgi-bin/menu/create')) {
      const raw = await readBody(req);
      const problem = tokenProblem(url.searchParams.get('access_token'));
      if (problem) return json(res, { errcode: problem, errmsg: ERRMSG[problem] ?? 'error' });
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        return json(res, { errcode: 47001, errmsg: 'data format error' });
      }
      const call = { token: url.searchParams.get('access_token')!, query, body, at: Date.now() };
      if (url.pathname === '/cgi-bin/menu/create') {
        state.menus.push(call);
        return json(res, { errcode: 0, errmsg: 'ok' });
      }
      if (body.msgtype === 'image' && !media.has(body.image?.media_id)) return json(res, { errcode: 40007, errmsg: ERRMSG[40007] });
      const forced = state.failSends.shift();
      if (forced !== undefined) {
        if (forced === 40014) tokens.delete(call.token);
        return json(res, { errcode: forced, errmsg: ERRMSG[forced] ?? 'error', invaliduser: forced === 81013 ? body.touser : '' });
      }
      state.sends.push(call);
      waiters.splice(0).forEach((wake) => wake());
      return json(res, { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `msg-${state.sends.length}` });
    }
    res.writeHead(404).end();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as WecomApiServer;
}
