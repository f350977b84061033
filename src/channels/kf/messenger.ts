/**
 * Delivers a turn's replies to a kf customer through `kf/send_msg`, inside WeCom's allowance (5 messages within 48 h
 * after the customer's last message, document 94677). The allowance is reserved in Redis first, so two processes
 * never overspend it, and the replies are planned into as many messages as were granted. What cannot be sent is
 * dropped with a log line and a metric — never retried forever:
 * 95001 (allowance used), 95002 (48 h passed), 95013 (session ended); 95018 means a person holds the session, so the
 * customer is marked as such and the bot stays silent (document 90313 error list).
 *
 * `deliver` is the seam for a durable outbox: it takes one turn's replies and a key unique to that turn, and reports
 * what happened, so a caller that keeps replies until delivered can acknowledge them on `sent`/`dropped`.
 */
import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Reply, ResultCard } from '../../contract/index.js';
import { WecomApiError } from '../wecom/api-client.js';
import { type CardImages, cardsOf } from '../wecom/card-image.js';
import type { KfApi, KfOutgoing } from './kf-api.js';
import type { Customer, CustomerSessions } from './customer-session.js';
import { KF_SEND_ALLOWANCE } from './customer-session.js';
import type { KfMetrics } from './metrics.js';
import { planMessages } from './render.js';
import type { KfTexts } from './texts.js';

/** Why messages were not sent; also the metric label. */
export type DropReason = 'allowance' | 'window_closed' | 'session_ended' | 'human' | 'failed';

const DROP_FOR_ERRCODE: Readonly<Record<number, DropReason>> = {
  95001: 'allowance',
  95002: 'window_closed',
  95013: 'session_ended',
  95018: 'human',
};

/**
 * A turn plans at most 4 of the 5 messages: when the customer writes again while a turn's last messages are still going
 * out, WeCom counts those against the new message's allowance, and the next turn must still fit.
 */
const TURN_MESSAGES = KF_SEND_ALLOWANCE.messages - 1;

export interface DeliveryOutcome {
  sent: number;
  dropped: number;
  /** Set when something was dropped. */
  reason?: DropReason;
}

export interface KfMessenger {
  /** `turnKey` is unique per turn (the inbound msgid): the sent messages' msgids derive from it. */
  deliver(customer: Customer, replies: Reply[], turnKey: string): Promise<DeliveryOutcome>;
}

export interface KfMessengerOptions {
  api: KfApi;
  customers: CustomerSessions;
  texts: KfTexts;
  logger: FastifyBaseLogger;
  metrics: KfMetrics;
  /** Result cards as images (uploaded with the app's token, as kf media are): each follows the turn's text. */
  images?: CardImages;
}

/**
 * WeCom refuses a second message with the same `msgid` on one kf account (document 94677), so a turn re-delivered
 * after a crash cannot be answered twice. msgid ≤ 32 bytes of `[0-9a-zA-Z_-]`.
 */
export function outgoingMsgid(turnKey: string, index: number): string {
  return `${createHash('sha1').update(turnKey).digest('hex').slice(0, 28)}_${index}`;
}

export function createKfMessenger(options: KfMessengerOptions): KfMessenger {
  const { api, customers, texts, logger, metrics, images } = options;

  const drop = (customer: Customer, count: number, reason: DropReason, detail?: string): void => {
    if (count <= 0) return;
    metrics.dropped(reason, count);
    logger.warn({ openKfid: customer.openKfid, count, reason, ...(detail ? { detail } : {}) }, 'kf replies dropped');
  };

  return {
    async deliver(customer, replies, turnKey) {
      const wanted = planMessages(replies, texts, TURN_MESSAGES);
      // A picture only in a message the text leaves over: the text is the answer, the card a bonus.
      const cards = images ? cardsOf(replies).slice(0, TURN_MESSAGES - wanted.messages.length) : [];
      if (wanted.messages.length === 0 && cards.length === 0) return { sent: 0, dropped: 0 };
      const granted = await customers.reserve(customer, wanted.messages.length + cards.length);
      // Fewer sends left than wanted: merge the replies into what remains, and leave the pictures out first.
      const plan = granted >= wanted.messages.length ? wanted : planMessages(replies, texts, granted);
      const pictures = cards.slice(0, Math.max(0, granted - plan.messages.length));
      await customers.giveBack(customer, granted - plan.messages.length - pictures.length);
      let dropped = plan.dropped;
      let sent = 0;
      for (const [index, body] of plan.messages.entries()) {
        const reason = await sendOne(customer, body, outgoingMsgid(turnKey, index));
        if (reason) {
          const rest = plan.messages.length - index;
          await customers.giveBack(customer, rest + pictures.length);
          dropped += rest;
          drop(customer, dropped, reason);
          return { sent, dropped, reason };
        }
        sent += 1;
      }
      for (const [index, card] of pictures.entries()) {
        if (await sendPicture(customer, card, outgoingMsgid(turnKey, plan.messages.length + index))) sent += 1;
        else await customers.giveBack(customer, 1);
      }
      if (dropped > 0) drop(customer, dropped, 'allowance');
      return dropped > 0 ? { sent, dropped, reason: 'allowance' } : { sent, dropped };
    },
  };

  function send(customer: Customer, body: KfOutgoing, msgid: string): Promise<void> {
    return api.sendMsg({ openKfid: customer.openKfid, externalUserid: customer.externalUserid, msgid, body });
  }

  /**
   * A card after the text; whatever goes wrong with it (drawing, upload, send) costs a log line, not the text. The
   * msgid is the turn's like the text's, so a redelivered turn cannot send the picture twice either.
   */
  async function sendPicture(customer: Customer, card: ResultCard, msgid: string): Promise<boolean> {
    try {
      await images!.send(card, (mediaId) => send(customer, { msgtype: 'image', image: { media_id: mediaId } }, msgid));
      return true;
    } catch (error) {
      if (error instanceof WecomApiError && DROP_FOR_ERRCODE[error.errcode] === 'human') await customers.setHeldByHuman(customer, true);
      logger.warn(
        { openKfid: customer.openKfid, err: error instanceof Error ? error.message : 'unknown' },
        'kf result card not sent; the text was',
      );
      return false;
    }
  }

  /** Sends one message; returns why it was not sent, or undefined. */
  async function sendOne(customer: Customer, body: KfOutgoing, msgid: string): Promise<DropReason | undefined> {
    try {
      await send(customer, body, msgid);
      return undefined;
    } catch (error) {
      const reason = error instanceof WecomApiError ? (DROP_FOR_ERRCODE[error.errcode] ?? 'failed') : 'failed';
      if (reason === 'human') await customers.setHeldByHuman(customer, true);
      if (reason === 'failed') logger.error({ err: error instanceof Error ? error.message : 'unknown' }, 'kf send_msg failed');
      return reason;
    }
  }
}
