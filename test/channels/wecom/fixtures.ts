/** Shared helpers for the WeCom channel tests: a config, WeCom-style encryption, an echo TurnHandler, the app. */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { encrypt, getSignature } from '@wecom/crypto';
import { wecomConfigSchema, wecomPlugin, type WecomConfig } from '../../../src/channels/wecom/index.js';
import type { ChannelSender, InboundMessage, TurnHandler, TurnResult } from '../../../src/contract/index.js';

/** Official vector B (sbzhu/weworkapi_python callback/Sample.py), verified with @wecom/crypto. */
export const VECTOR_B = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
};

export function testConfig(apiRoot = 'http://127.0.0.1:9'): WecomConfig {
  return wecomConfigSchema.parse({
    WECOM_CORP_ID: VECTOR_B.corpId,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'test-secret',
    WECOM_TOKEN: VECTOR_B.token,
    WECOM_ENCODING_AES_KEY: VECTOR_B.encodingAesKey,
    WECOM_API_ROOT: apiRoot,
  });
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Encrypts and signs `plaintext` exactly as WeCom does, returning the POST URL and XML body. */
export function sealedPost(plaintext: string, options: { timestamp?: number; receiveId?: string; token?: string } = {}) {
  const timestamp = String(options.timestamp ?? nowSeconds());
  const nonce = String(Math.floor(Math.random() * 1e9));
  const ciphertext = encrypt(VECTOR_B.encodingAesKey, plaintext, options.receiveId ?? VECTOR_B.corpId);
  const signature = getSignature(options.token ?? VECTOR_B.token, timestamp, nonce, ciphertext);
  return {
    url: `/wecom/callback?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${VECTOR_B.corpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  };
}

/** A signed URL for an arbitrary ciphertext (for payloads that are not valid encryptions). */
export function signedUrl(ciphertext: string, timestamp = nowSeconds()) {
  const nonce = '12345';
  const signature = getSignature(VECTOR_B.token, timestamp, nonce, ciphertext);
  return `/wecom/callback?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
}

export function textMessageXml(from: string, content: string, msgId: string, createTime = nowSeconds()) {
  return `<xml><ToUserName><![CDATA[${VECTOR_B.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
}

export function clickEventXml(from: string, key: string, createTime = nowSeconds(), event = 'click') {
  return `<xml><ToUserName><![CDATA[${VECTOR_B.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[${key}]]></EventKey><AgentID>1000002</AgentID></xml>`;
}

/**
 * A minimal TurnHandler standing in for src/runtime: dedupes by messageId with SET NX under `prefix`
 * (so tests can check that refused requests leave nothing in Redis) and echoes the text with two choices.
 */
export function echoHandler(redis: Redis, prefix: string) {
  const seen: InboundMessage[] = [];
  let failNext = 0;
  const handler: TurnHandler & { seen: InboundMessage[]; failNext(n: number): void } = {
    seen,
    failNext(n) {
      failNext = n;
    },
    async handle(message): Promise<TurnResult> {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('Connection is closed.'); // what ioredis throws when Redis is down
      }
      const fresh = await redis.set(`${prefix}seen:${message.messageId}`, '1', 'EX', 600, 'NX');
      if (fresh !== 'OK') return { status: 'duplicate' };
      seen.push(message);
      const said = message.text ?? `/${message.command}`;
      return {
        status: 'applied',
        replies: [
          {
            kind: 'question',
            text: `echo: ${said}`,
            choices: [
              { label: 'yes', value: 'y' },
              { label: 'no', value: 'n' },
            ],
          },
        ],
      };
    },
  };
  return handler;
}

export async function buildApp(options: {
  config: WecomConfig;
  handler: TurnHandler;
  sender: ChannelSender;
  now?: () => number;
}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(wecomPlugin, options);
  await app.ready();
  return app;
}

/** A sender that only records, for tests that do not need the WeCom API. */
export function recordingSender() {
  const sent: Array<{ chatId: string; texts: string[] }> = [];
  const sender: ChannelSender & { sent: typeof sent } = {
    channel: 'wecom',
    sent,
    async send(target, replies) {
      sent.push({ chatId: target.chatId, texts: replies.map((r) => r.text) });
    },
  };
  return sender;
}
