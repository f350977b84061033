/**
 * A local HTTP server that plays WeCom's 微信客服 (kf) API and the WeChat side of it, for tests and the benchmark:
 * gettoken, kf/sync_msg (a real cursor over each account's message log, pages with has_more, optionally empty pages
 * with has_more = 1), kf/send_msg (the 5-messages / 48-hours allowance per customer message, 95018 while a person
 * holds the session), kf/send_msg_on_event (single-use codes), kf/service_state/get|trans (the state machine of
 * document 94669), kf/add_contact_way and media/upload (the same temporary-media upload as the app's, document 90253;
 * an image message must name a media_id uploaded here). Behaviour follows WeCom documents 94670, 94677, 95122, 94669 and
 * 90313; where a detail could not be verified, the choice made here is said so.
 * Binds 127.0.0.1 on a free port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FormPart } from './multipart.js';
import { checkImageUpload } from './wecom-api-server.js';

export interface KfSend {
  openKfid: string;
  touser: string;
  msgid?: string;
  body: any;
  at: number;
}

interface CustomerState {
  state: number;
  servicer?: string;
  lastCustomerAt: number;
  sentSince: number;
  /** msg_code is returned on the first move to the queue or a servicer of a session. */
  codeGiven: boolean;
}

export interface KfApiServer {
  url: string;
  /** Every send_msg accepted, in order. */
  sends: KfSend[];
  /** send_msg calls refused, with their errcode. */
  refused: Array<{ touser: string; errcode: number }>;
  eventSends: Array<{ code: string; body: any }>;
  syncCalls: Array<{ openKfid: string; cursor?: string; token?: string; returned: number }>;
  transCalls: any[];
  stateGets: number;
  contactWays: any[];
  gettokenCalls: number;
  /** Every accepted media/upload (the `media` part), with the media_id issued for it. */
  uploads: Array<{ file: FormPart; mediaId: string; at: number }>;
  /** The next media/upload calls answer with these errcodes, in order. */
  failUploads: number[];
  /** Largest page sync_msg returns (WeCom: up to 1,000). */
  pageSize: number;
  /** The next sync_msg calls answer has_more = 1 with an empty list, this many times. */
  emptyPages: number;
  /** UserIDs that may receive a session (接待人员 on duty). */
  servicers: Set<string>;
  /** While true, send_msg answers errcode -1 (系统繁忙, a transient failure): an outage of the kf API. */
  sendsFailing: boolean;
  /** Called for every accepted send_msg (the benchmark times replies with it). */
  onSend?: (send: KfSend) => void;
  /** Added to the real clock (ms): advance it to pass the 48-hour window. */
  clockOffsetMs: number;
  customerSays(openKfid: string, userid: string, content: string, menuId?: string): { token: string; msgid: string };
  customerSendsImage(openKfid: string, userid: string): { token: string };
  enterSession(openKfid: string, userid: string, withWelcomeCode?: boolean): { token: string; welcomeCode?: string };
  servicerSays(openKfid: string, userid: string, servicer: string, content: string): { token: string };
  endSession(openKfid: string, userid: string): { token: string };
  /** A servicer takes the session with no item in the log yet (the bot can only learn it from send_msg: 95018). */
  servicerTakesQuietly(openKfid: string, userid: string, servicer: string): void;
  stateOf(openKfid: string, userid: string): number;
  /** Items in the account's log so far (the local cursor is `c<position>`). */
  logSize(openKfid: string): number;
  sendsTo(userid: string): KfSend[];
  /** Resolves when `check()` is true (polled), or rejects after `timeoutMs`. */
  waitFor(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const json = (res: ServerResponse, body: object) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

const WINDOW_MS = 48 * 3600 * 1000;

export async function startKfApiServer(opts: { corpId: string; secret: string }): Promise<KfApiServer> {
  const tokens = new Set<string>();
  const callbackTokens = new Set<string>();
  const logs = new Map<string, any[]>(); // open_kfid → items in arrival order
  const customers = new Map<string, CustomerState>();
  const codes = new Map<string, { expiresAt: number; used: boolean }>();
  const media = new Set<string>();
  let serial = 0;
  const now = () => Date.now() + s.clockOffsetMs;

  const log = (openKfid: string) => {
    let items = logs.get(openKfid);
    if (!items) logs.set(openKfid, (items = []));
    return items;
  };
  const customer = (openKfid: string, userid: string) => {
    const key = `${openKfid}|${userid}`;
    let c = customers.get(key);
    if (!c) customers.set(key, (c = { state: 4, lastCustomerAt: 0, sentSince: 0, codeGiven: false }));
    return c;
  };
  const news = () => {
    const token = `ENC${++serial}${'k'.repeat(20)}`;
    callbackTokens.add(token);
    return { token };
  };
  const append = (openKfid: string, item: object) => {
    const msgid = `msg${++serial}`;
    log(openKfid).push({ msgid, send_time: Math.floor(now() / 1000), ...item });
    return msgid;
  };
  const customerWrote = (openKfid: string, userid: string) => {
    const c = customer(openKfid, userid);
    if (c.state === 4) {
      c.state = 0;
      c.codeGiven = false;
    }
    c.lastCustomerAt = now();
    c.sentSince = 0;
  };

  const s: Omit<KfApiServer, 'url' | 'close'> = {
    sends: [],
    sendsFailing: false,
    refused: [],
    eventSends: [],
    syncCalls: [],
    transCalls: [],
    stateGets: 0,
    contactWays: [],
    gettokenCalls: 0,
    uploads: [],
    failUploads: [],
    pageSize: 1000,
    emptyPages: 0,
    servicers: new Set(),
    clockOffsetMs: 0,
    customerSays(openKfid, userid, content, menuId) {
      customerWrote(openKfid, userid);
      const msgid = append(openKfid, {
        open_kfid: openKfid,
        external_userid: userid,
        origin: 3,
        msgtype: 'text',
        text: { content, ...(menuId ? { menu_id: menuId } : {}) },
      });
      return { ...news(), msgid };
    },
    customerSendsImage(openKfid, userid) {
      customerWrote(openKfid, userid);
      append(openKfid, { open_kfid: openKfid, external_userid: userid, origin: 3, msgtype: 'image', image: { media_id: 'MEDIA' } });
      return news();
    },
    enterSession(openKfid, userid, withWelcomeCode = true) {
      const welcomeCode = withWelcomeCode ? `WC${++serial}` : undefined;
      // Document 95122: the welcome code is valid for 20 seconds and single-use.
      if (welcomeCode) codes.set(welcomeCode, { expiresAt: now() + 20_000, used: false });
      append(openKfid, {
        origin: 4,
        msgtype: 'event',
        event: {
          event_type: 'enter_session',
          open_kfid: openKfid,
          external_userid: userid,
          scene: 'qr',
          ...(welcomeCode ? { welcome_code: welcomeCode } : {}),
        },
      });
      return { ...news(), ...(welcomeCode ? { welcomeCode } : {}) };
    },
    servicerSays(openKfid, userid, servicer, content) {
      const c = customer(openKfid, userid);
      c.state = 3;
      c.servicer = servicer;
      append(openKfid, {
        open_kfid: openKfid,
        external_userid: userid,
        servicer_userid: servicer,
        origin: 5,
        msgtype: 'text',
        text: { content },
      });
      return news();
    },
    endSession(openKfid, userid) {
      const c = customer(openKfid, userid);
      c.state = 4;
      delete c.servicer;
      append(openKfid, {
        origin: 4,
        msgtype: 'event',
        event: { event_type: 'session_status_change', open_kfid: openKfid, external_userid: userid, change_type: 3 },
      });
      return news();
    },
    servicerTakesQuietly(openKfid, userid, servicer) {
      const c = customer(openKfid, userid);
      c.state = 3;
      c.servicer = servicer;
    },
    stateOf: (openKfid, userid) => customer(openKfid, userid).state,
    logSize: (openKfid) => log(openKfid).length,
    sendsTo: (userid) => s.sends.filter((x) => x.touser === userid),
    waitFor(check, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const poll = () => {
          if (check()) return resolve();
          if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
          setTimeout(poll, 5);
        };
        poll();
      });
    },
  };

  function syncMsg(body: any) {
    if (typeof body.open_kfid !== 'string' || !body.open_kfid) return { errcode: 95000, errmsg: 'invalid open_kfid' };
    if (body.token !== undefined && !callbackTokens.has(body.token)) return { errcode: 95007, errmsg: 'invalid msg token' };
    const items = log(body.open_kfid);
    const call = {
      openKfid: body.open_kfid,
      ...(body.cursor ? { cursor: body.cursor } : {}),
      ...(body.token ? { token: body.token } : {}),
      returned: 0,
    };
    s.syncCalls.push(call);
    // The cursor names a position in the account's log; without one, reading starts at the oldest message.
    const from = body.cursor ? Number(/^c(\d+)$/.exec(body.cursor)?.[1] ?? Number.NaN) : 0;
    if (!Number.isInteger(from) || from > items.length) return { errcode: 95000, errmsg: 'invalid cursor' };
    if (s.emptyPages > 0) {
      s.emptyPages -= 1;
      return { errcode: 0, errmsg: 'ok', next_cursor: `c${from}`, has_more: 1, msg_list: [] };
    }
    const limit = Math.min(Number(body.limit ?? 1000), s.pageSize);
    const page = items.slice(from, from + limit);
    call.returned = page.length;
    return {
      errcode: 0,
      errmsg: 'ok',
      next_cursor: `c${from + page.length}`,
      has_more: from + page.length < items.length ? 1 : 0,
      msg_list: page,
    };
  }

  function checkBody(body: any): number {
    if (body.msgtype === 'image') return media.has(body.image?.media_id) ? 0 : 40007;
    if (body.msgtype === 'text') return typeof body.text?.content === 'string' && Buffer.byteLength(body.text.content) <= 2048 ? 0 : 44004;
    if (body.msgtype === 'msgmenu') {
      const list = body.msgmenu?.list;
      if (!Array.isArray(list) || list.length > 10) return 95008;
      const ok = list.every(
        (i: any) =>
          i.type === 'click' && i.click?.id && Buffer.byteLength(i.click.id) <= 64 && Buffer.byteLength(i.click.content ?? '') <= 128,
      );
      return ok && Buffer.byteLength(body.msgmenu.head_content ?? '') <= 1024 ? 0 : 95009;
    }
    return 95009;
  }

  function sendMsg(body: any) {
    const c = customer(body.open_kfid, body.touser);
    const refuse = (errcode: number) => {
      s.refused.push({ touser: body.touser, errcode });
      return { errcode, errmsg: `refused ${errcode}` };
    };
    if (s.sendsFailing) return refuse(-1);
    const bad = checkBody(body);
    if (bad) return refuse(bad);
    if (c.state !== 0 && c.state !== 1) return refuse(95018);
    if (now() - c.lastCustomerAt > WINDOW_MS) return refuse(95002);
    if (c.sentSince >= 5) return refuse(95001);
    c.sentSince += 1;
    c.state = 1; // document 95489: sending by API gives the customer to the bot (智能助手)
    const send: KfSend = {
      openKfid: body.open_kfid,
      touser: body.touser,
      ...(body.msgid ? { msgid: body.msgid } : {}),
      body,
      at: Date.now(),
    };
    s.sends.push(send);
    s.onSend?.(send);
    return { errcode: 0, errmsg: 'ok', msgid: `out${s.sends.length}` };
  }

  function sendOnEvent(body: any) {
    const code = codes.get(body.code);
    // The errcode for a used or expired code could not be verified; 95007 (invalid token) stands in for it here.
    if (!code || code.used || code.expiresAt < now()) return { errcode: 95007, errmsg: 'invalid code' };
    const bad = checkBody(body);
    if (bad) return { errcode: bad, errmsg: 'bad body' };
    code.used = true;
    s.eventSends.push({ code: body.code, body });
    return { errcode: 0, errmsg: 'ok', msgid: `ev${s.eventSends.length}` };
  }

  function trans(body: any) {
    s.transCalls.push(body);
    const c = customer(body.open_kfid, body.external_userid);
    const to = Number(body.service_state);
    const allowed: Record<number, number[]> = { 0: [1, 2, 3], 1: [2, 3], 2: [3], 3: [3, 4], 4: [] };
    if (!allowed[c.state]?.includes(to)) return { errcode: 95016, errmsg: 'state change not allowed' };
    if (to === 3 && !s.servicers.has(body.servicer_userid)) return { errcode: 95014, errmsg: 'not a servicer' };
    c.state = to;
    if (to === 3) c.servicer = body.servicer_userid;
    let msgCode: string | undefined;
    if ((to === 2 || to === 3) && !c.codeGiven) {
      c.codeGiven = true;
      msgCode = `MC${++serial}`;
      codes.set(msgCode, { expiresAt: now() + WINDOW_MS, used: false });
    }
    return { errcode: 0, errmsg: 'ok', ...(msgCode ? { msg_code: msgCode } : {}) };
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/cgi-bin/gettoken') {
      s.gettokenCalls += 1;
      if (url.searchParams.get('corpid') !== opts.corpId || url.searchParams.get('corpsecret') !== opts.secret) {
        return json(res, { errcode: 40001, errmsg: 'invalid credential' });
      }
      const token = `kf-token-${++serial}-${'x'.repeat(32)}`;
      tokens.add(token);
      return json(res, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }
    if (req.method !== 'POST') return res.writeHead(404).end();
    if (url.pathname === '/cgi-bin/media/upload') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (!tokens.has(url.searchParams.get('access_token') ?? '')) return json(res, { errcode: 40014, errmsg: 'invalid access_token' });
      const forced = s.failUploads.shift();
      const checked =
        forced ?? checkImageUpload(url.searchParams.get('type') ?? undefined, req.headers['content-type'], Buffer.concat(chunks));
      if (typeof checked === 'number') return json(res, { errcode: checked, errmsg: `upload refused ${checked}` });
      const mediaId = `kfmedia-${++serial}-${'m'.repeat(20)}`;
      media.add(mediaId);
      s.uploads.push({ file: checked, mediaId, at: Date.now() });
      return json(res, { errcode: 0, errmsg: '', type: 'image', media_id: mediaId, created_at: String(Math.floor(now() / 1000)) });
    }
    const body = await readBody(req);
    if (!tokens.has(url.searchParams.get('access_token') ?? '')) return json(res, { errcode: 40014, errmsg: 'invalid access_token' });
    if (!body) return json(res, { errcode: 47001, errmsg: 'data format error' });
    switch (url.pathname) {
      case '/cgi-bin/kf/sync_msg':
        return json(res, syncMsg(body));
      case '/cgi-bin/kf/send_msg':
        return json(res, sendMsg(body));
      case '/cgi-bin/kf/send_msg_on_event':
        return json(res, sendOnEvent(body));
      case '/cgi-bin/kf/service_state/get': {
        s.stateGets += 1;
        const c = customer(body.open_kfid, body.external_userid);
        return json(res, { errcode: 0, errmsg: 'ok', service_state: c.state, ...(c.state === 3 ? { servicer_userid: c.servicer } : {}) });
      }
      case '/cgi-bin/kf/service_state/trans':
        return json(res, trans(body));
      case '/cgi-bin/kf/add_contact_way': {
        s.contactWays.push(body);
        // The real link's form is WeCom's business; this one only has to be a URL that carries the scene.
        const scene = body.scene ? `?scene=${encodeURIComponent(body.scene)}` : '';
        return json(res, { errcode: 0, errmsg: 'ok', url: `https://work.weixin.qq.com/kfid/kfc${++serial}${scene}` });
      }
      default:
        return res.writeHead(404).end();
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(s, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as KfApiServer;
}
