/**
 * The WeCom callback endpoint: `GET /wecom/callback` (URL verification) and `POST /wecom/callback` (messages).
 *
 * Why the reply is not passive: the turn is committed (awaited) before the empty 200, so a 200 always means "applied"
 * and a failure (Redis down) becomes a 503 that WeCom retries; the answer then goes out through `message/send`,
 * outside WeCom's 5-second budget, split into as many messages as it needs. See docs/wecom.md.
 */
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { type InboundMessage, PermanentDeliveryError, type Reply, type TurnHandler } from '../../contract/index.js';
import type { WecomConfig } from './config.js';
import type { WecomSender } from './sender.js';
import { EnvelopeError, openEnvelope, type SignedParams } from './callback-crypto.js';
import { readFlatXml, XmlRejected } from './xml.js';
import { toInboundMessage } from './inbound.js';

export const WECOM_CALLBACK_PATH = '/wecom/callback';

export interface WecomPluginOptions {
  config: WecomConfig;
  handler: TurnHandler;
  /** Sends the replies after the acknowledgement (usually createWecomSender(...); any ChannelSender works). */
  sender: WecomSender;
  /**
   * 微信客服 news (`Event=kf_msg_or_event`, document 94670) arrives at this same callback URL: handed over here after
   * the same checks, and acknowledged at once — the messages themselves are pulled. Without it such events are ignored.
   */
  kf?: { notify(event: { openKfid: string; token?: string }): unknown };
  logger?: FastifyBaseLogger;
  /** Clock for the replay window (ms since epoch); tests inject a fixed time. */
  now?: () => number;
  /** Signed requests older or newer than this are refused. Default 300 s. */
  replayWindowSeconds?: number;
  /** Largest accepted request body. Default 64 KiB (a WeCom text message is at most 2,048 bytes). */
  bodyLimitBytes?: number;
}

const DEFAULT_BODY_LIMIT = 64 * 1024;

/** HTTP status for each refusal: 401 when the request is not signed by WeCom (or not fresh), 400 when it cannot be read. */
const STATUS_FOR_PROBLEM = {
  bad_signature: 401,
  stale_timestamp: 401,
  wrong_receiver: 400,
  undecryptable: 400,
  too_large: 400,
} as const;

function signedParams(query: unknown): SignedParams | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const q = query as Record<string, unknown>;
  const { msg_signature: msgSignature, timestamp, nonce } = q;
  if (typeof msgSignature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') return undefined;
  if (!/^[0-9a-fA-F]{40}$/.test(msgSignature) || nonce.length > 64) return undefined;
  return { msgSignature, timestamp, nonce };
}

/**
 * Registers the WeCom callback routes.
 *
 * @example
 * fastify.register(wecomPlugin, { config, handler, sender: createWecomSender({ config, tokenCache }) });
 */
export const wecomPlugin: FastifyPluginAsync<WecomPluginOptions> = async (fastify, options) => {
  const { config, handler, sender } = options;
  const log = options.logger ?? fastify.log;
  const now = options.now ?? Date.now;
  const replayWindowSeconds = options.replayWindowSeconds ?? 300;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const open = (params: SignedParams, ciphertext: string) =>
    openEnvelope({
      token: config.WECOM_TOKEN,
      encodingAesKey: config.WECOM_ENCODING_AES_KEY,
      receiveId: config.WECOM_CORP_ID,
      params,
      ciphertext,
      nowMs: now(),
      replayWindowSeconds,
      maxPlaintextBytes: bodyLimit,
    });

  // WeCom posts XML under varying content types; read every body in this scope as a bounded string.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));

  // Framework-level refusals (oversized body, broken framing) are the sender's fault: 400, never a 5xx.
  fastify.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      log.warn({ code: error.code }, 'wecom callback: request refused by the framework');
      return reply.code(400).send('bad request');
    }
    log.error({ code: error.code }, 'wecom callback: unexpected failure');
    return reply.code(503).send('try again');
  });

  const refuse = (reply: FastifyReply, status: number, problem: string) => {
    log.warn({ problem }, 'wecom callback refused');
    return reply
      .code(status)
      .type('text/plain')
      .send(status === 401 ? 'unauthorized' : 'bad request');
  };

  fastify.get(WECOM_CALLBACK_PATH, async (request, reply) => {
    const params = signedParams(request.query);
    const rawEcho = (request.query as Record<string, unknown>).echostr;
    if (!params || typeof rawEcho !== 'string' || rawEcho.length === 0) return refuse(reply, 400, 'missing parameters');
    // The query is URL-decoded by fastify; an unencoded "+" of the base64 echostr arrives as a space, so restore it.
    const echostr = rawEcho.replace(/ /g, '+');
    try {
      const plaintext = open(params, echostr);
      return reply.code(200).type('text/plain; charset=utf-8').send(plaintext);
    } catch (error) {
      if (error instanceof EnvelopeError) return refuse(reply, STATUS_FOR_PROBLEM[error.problem], error.problem);
      throw error;
    }
  });

  const deliveries = new DeliveryQueue(sender, log);
  fastify.addHook('onClose', async () => deliveries.drain());

  fastify.post(WECOM_CALLBACK_PATH, async (request: FastifyRequest, reply) => {
    const params = signedParams(request.query);
    if (!params) return refuse(reply, 400, 'missing parameters');
    if (typeof request.body !== 'string' || request.body.length === 0) return refuse(reply, 400, 'empty body');

    let message: InboundMessage;
    try {
      const outer = readFlatXml(request.body, bodyLimit);
      if (!outer.Encrypt) return refuse(reply, 400, 'no Encrypt element');
      const inner = readFlatXml(open(params, outer.Encrypt), bodyLimit);
      if (options.kf && inner.MsgType?.toLowerCase() === 'event' && inner.Event === 'kf_msg_or_event') {
        if (!inner.OpenKfId) return refuse(reply, 400, 'malformed OpenKfId');
        options.kf.notify({ openKfid: inner.OpenKfId, ...(inner.Token ? { token: inner.Token } : {}) });
        return reply.code(200).send('');
      }
      const inbound = toInboundMessage(inner);
      if (inbound.kind === 'malformed') return refuse(reply, 400, `malformed ${inbound.reason}`);
      if (inbound.kind === 'ignored') {
        log.debug({ reason: inbound.reason }, 'wecom callback ignored');
        return reply.code(200).send('');
      }
      message = inbound.message;
    } catch (error) {
      if (error instanceof EnvelopeError) return refuse(reply, STATUS_FOR_PROBLEM[error.problem], error.problem);
      if (error instanceof XmlRejected) return refuse(reply, 400, `xml: ${error.message}`);
      throw error;
    }

    let replies: Reply[];
    let erased = false;
    let delivered: (() => void) | undefined;
    try {
      const result = await handler.handle(message);
      // A duplicate has replies only when the first delivery's never left (they come from the outbox).
      replies = result.replies ?? [];
      erased = result.status === 'applied' && result.erased === true;
      delivered = result.status === 'rate_limited' ? undefined : result.delivered;
    } catch (error) {
      // Nothing was committed: ask WeCom to deliver again rather than lose the turn.
      log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'wecom turn failed; answering 503 so WeCom retries');
      return reply.code(503).type('text/plain').send('try again');
    }
    if (replies.length > 0 || erased) deliveries.enqueue(message, replies, erased, delivered);
    return reply.code(200).send('');
  });
};

// Plain function plugins are encapsulated by fastify.register: our content-type parser and error handler stay in here.

/**
 * Sends replies after the acknowledgement, one user at a time in arrival order (within this process),
 * so a quick second message never overtakes the answer to the first.
 */
class DeliveryQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly sender: WecomSender,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * `erased`: the turn erased the member's data; the sender then leaves no send log of them behind. `delivered`
   * acknowledges the turn's outbox entry: after `message/send` succeeded, or failed for good (the member is gone).
   * Any other failure leaves the entry for the outbox sweeper.
   */
  enqueue(message: InboundMessage, replies: Reply[], erased: boolean, delivered: (() => void) | undefined): void {
    const target = { channel: message.channel, chatId: message.chatId, userId: message.userId };
    const previous = this.tails.get(target.chatId) ?? Promise.resolve();
    const next = previous
      .then(() => this.sender.send(target, replies, erased ? { erased } : {}))
      .then(
        () => delivered?.(),
        (error: unknown) => {
          const err = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';
          if (error instanceof PermanentDeliveryError) {
            delivered?.();
            this.log.info({ err }, 'wecom reply dropped: the member is unreachable');
            return;
          }
          this.log.error({ err }, 'wecom reply not delivered; left in the outbox for the sweeper');
        },
      );
    this.tails.set(target.chatId, next);
    void next.finally(() => {
      if (this.tails.get(target.chatId) === next) this.tails.delete(target.chatId);
    });
  }

  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
