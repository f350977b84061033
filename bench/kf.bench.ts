/**
 * 微信客服 throughput: customers' messages through callback → pull → turn → send, against the local kf API.
 * Each simulated customer writes, waits for the bot's first reply, then writes the next message (closed loop), many
 * customers at once. Reports kf messages per second, the time from the customer's message entering WeCom's log to
 * our first send_msg for it (p50/p99), and sync_msg pulls per message (below 1 = batches).
 * Starts its own redis-server, kf API and bot (HTTP on 127.0.0.1). Prints one JSON object.  Run: npm run bench:kf
 */
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { encrypt, getSignature } from '@wecom/crypto';
import { buildKfChannel, kfConfigSchema, outgoingMsgid } from '../src/channels/kf/index.js';
import { createTokenCache, wecomConfigSchema, wecomPlugin } from '../src/channels/wecom/index.js';
import { loadCore } from '../src/app/core.js';
import { createTurnHandler } from '../src/runtime/turn-runtime.js';
import { RedisSessionStore } from '../src/store/index.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { startKfApiServer } from '../test/support/wecom-kf-api-server.js';

const CUSTOMERS = Number(process.env.KF_BENCH_CUSTOMERS ?? 200);
const SCRIPT = ['你好', '上海', '我32岁，本科有学位', '电工四级', '在上海交了5年社保', '1'];
const ACCOUNT = 'wkBenchAccount';
// Official vector B's corp, Token and key (WeCom's Python sample), so the callbacks are genuine encryptions.
const CORP = 'ww1436e0e65a779aee';
const TOKEN = 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo';
const AES_KEY = '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt';

const redisServer = await startRedisServer();
const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
const api = await startKfApiServer({ corpId: CORP, secret: 'bench-secret' });
const wecom = wecomConfigSchema.parse({
  WECOM_CORP_ID: CORP,
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'bench-secret',
  WECOM_TOKEN: TOKEN,
  WECOM_ENCODING_AES_KEY: AES_KEY,
  WECOM_API_ROOT: api.url,
});
const core = loadCore();
const prefix = 'bench:';
const handler = createTurnHandler({ store: new RedisSessionStore({ redis, prefix }), ...core });
const app = Fastify({ logger: false });
const kf = buildKfChannel({
  wecom,
  kf: kfConfigSchema.parse({ WECOM_KF_ACCOUNTS: ACCOUNT }),
  redis,
  prefix,
  tokenCache: createTokenCache({ redis, prefix }),
  handler,
  texts: core.texts.kf,
  logger: app.log,
});
await app.register(wecomPlugin, { config: wecom, handler, sender: { channel: 'wecom', send: async () => {} }, kf });
const address = await app.listen({ port: 0, host: '127.0.0.1' });

/** Outgoing msgid of a turn's first message → who waits for it (messenger.ts derives it from the inbound msgid). */
const waiting = new Map<string, (at: number) => void>();
api.onSend = (send) => {
  const wake = send.msgid ? waiting.get(send.msgid) : undefined;
  if (wake) {
    waiting.delete(send.msgid!);
    wake(send.at);
  }
};

async function postEvent(token: string): Promise<void> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const xml = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${ACCOUNT}]]></OpenKfId></xml>`;
  const ciphertext = encrypt(AES_KEY, xml, CORP);
  const signature = getSignature(TOKEN, timestamp, nonce, ciphertext);
  const res = await fetch(`${address}/wecom/callback?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  });
  if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
  await res.arrayBuffer();
}

const latencies: number[] = [];
async function customer(index: number): Promise<void> {
  const user = `wmBench${index}`;
  for (const text of SCRIPT) {
    const wrote = Date.now();
    const { token, msgid } = api.customerSays(ACCOUNT, user, text);
    const replied = new Promise<number>((resolve, reject) => {
      waiting.set(outgoingMsgid(msgid, 0), resolve);
      setTimeout(() => reject(new Error(`${user}: no reply to "${text}" within 30 s`)), 30_000).unref();
    });
    await postEvent(token);
    latencies.push((await replied) - wrote);
  }
}

// Warm-up: one customer through the whole script (JIT, token, scripts loaded), not counted.
await customer(-1);
latencies.length = 0;
const pullsBefore = api.syncCalls.length;
const itemsBefore = api.syncCalls.reduce((n, c) => n + c.returned, 0);
const started = performance.now();
await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => customer(i)));
const seconds = (performance.now() - started) / 1000;
const messages = CUSTOMERS * SCRIPT.length;
const pulls = api.syncCalls.length - pullsBefore;
const items = api.syncCalls.reduce((n, c) => n + c.returned, 0) - itemsBefore;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

console.log(
  JSON.stringify(
    {
      customers: CUSTOMERS,
      messages,
      seconds: Number(seconds.toFixed(2)),
      messagesPerSecond: Math.round(messages / seconds),
      latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: latencies.at(-1) },
      pulls,
      pullsPerMessage: Number((pulls / messages).toFixed(3)),
      itemsPerPull: Number((items / pulls).toFixed(1)),
      sends: api.sends.length,
      refusedByWecom: api.refused.length,
      menus: api.sends.filter((x) => x.body.msgtype === 'msgmenu').length,
    },
    null,
    2,
  ),
);

await kf.idle();
await app.close();
await api.close();
redis.disconnect();
await redisServer.stop();
