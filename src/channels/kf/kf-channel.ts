/**
 * The 微信客服 channel: a callback says "news for kf account X" (with a Token), and the channel pulls it.
 *
 * Pulling (document 94670): one pull at a time per kf account across all processes (a Redis lock — two pulls with the
 * same cursor would read the same batch); the callback Token is parked in Redis, so a callback that finds the lock
 * taken leaves its news to the holder, which keeps pulling while news is pending; `has_more` drives the paging (it
 * may be 1 with an empty list); the cursor is saved after each page; every msgid is remembered for 4 days, so a batch
 * read again after a crash answers nothing twice. Under load, callbacks pile up behind the lock and the next page
 * carries all of them: batches, not one pull per message.
 *
 * Each customer's items run in order; different customers of one page run side by side.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { InboundMessage, Reply, TurnHandler } from '../../contract/index.js';
import { WecomApiError } from '../wecom/api-client.js';
import type { AccountState, PullLock } from './account-state.js';
import { type Customer, type CustomerSessions, kfUserId } from './customer-session.js';
import { type KfApi, SERVICE_STATE } from './kf-api.js';
import type { KfMessenger } from './messenger.js';
import type { KfMetrics } from './metrics.js';
import { planMessages } from './render.js';
import { readSyncItem, type SyncItem } from './sync-item.js';
import type { KfTexts } from './texts.js';

/** errcode 95007: the callback Token expired or is invalid (document 90313); pull again without it. */
const INVALID_MSG_TOKEN = 95007;
/** session_status_change change_type (document 94698): 1 taken from the queue, 2 transferred, 3 ended, 4 re-opened. */
const CHANGE_TO_HUMAN = new Set([1, 2, 4]);
const CHANGE_ENDED = 3;
/** A third of the pull lock's life (account-state.ts, 30 s). */
const LOCK_RENEW_MS = 10_000;

export interface KfChannelOptions {
  /** The kf accounts the bot answers (WECOM_KF_ACCOUNTS). */
  accounts: readonly string[];
  /** Hand-offs go to this servicer (service_state 3); unset → the queue (2). */
  servicer?: string;
  api: KfApi;
  state: AccountState;
  customers: CustomerSessions;
  messenger: KfMessenger;
  handler: TurnHandler;
  texts: KfTexts;
  logger: FastifyBaseLogger;
  metrics: KfMetrics;
  /** Customers of one page handled at the same time. Default 32. */
  parallelCustomers?: number;
}

export interface KfChannel {
  /**
   * A `kf_msg_or_event` callback arrived. The caller need not wait: the returned promise (never rejected; failures
   * are logged) settles when the pull this news started, or joined, is over.
   */
  notify(event: { openKfid: string; token?: string }): Promise<void>;
  /** Resolves when no pull of this process is running (shutdown, tests). */
  idle(): Promise<void>;
}

export function createKfChannel(options: KfChannelOptions): KfChannel {
  const { api, state, customers, messenger, handler, texts, logger, metrics } = options;
  const accounts = new Set(options.accounts);
  const parallel = options.parallelCustomers ?? 128;
  const running = new Map<string, Promise<void>>();
  const pendingNews = new Set<Promise<void>>();

  function notify(event: { openKfid: string; token?: string }): Promise<void> {
    if (!accounts.has(event.openKfid)) {
      logger.debug({ openKfid: event.openKfid }, 'kf news for an account the bot does not answer');
      return Promise.resolve();
    }
    const work = state.markPending(event.openKfid, event.token).then(() => drain(event.openKfid));
    const settled = work.catch((error: unknown) => logger.error({ err: describe(error) }, 'kf pull failed'));
    pendingNews.add(settled);
    void settled.finally(() => pendingNews.delete(settled));
    return settled;
  }

  /** Pulls while news is pending and this process holds the account's lock. One loop per account per process. */
  function drain(openKfid: string): Promise<void> {
    const current = running.get(openKfid);
    if (current) return current;
    const loop = (async () => {
      for (;;) {
        const lock = await state.tryLock(openKfid);
        if (!lock) return; // the holder (maybe another process) sees the pending news
        // A large page can take longer to answer than the lock lives: keep it alive meanwhile, not only between pages.
        const keepAlive = setInterval(() => void lock.renew().catch(() => undefined), LOCK_RENEW_MS);
        try {
          for (let token = await state.takePending(openKfid); token !== undefined; token = await state.takePending(openKfid)) {
            let kept: boolean;
            try {
              kept = await pullPages(openKfid, token, lock);
            } catch (error) {
              // Nothing after the saved cursor is lost: park the news again, so the next callback pulls it.
              await state.markPending(openKfid, token).catch(() => undefined);
              throw error;
            }
            if (!kept) return;
          }
        } finally {
          clearInterval(keepAlive);
          await lock.release();
        }
        // News that arrived after the last take but before the release found the lock held: pull it now.
        if (!(await state.hasPending(openKfid))) return;
      }
    })().finally(() => running.delete(openKfid));
    running.set(openKfid, loop);
    return loop;
  }

  /** Reads pages until `has_more` is 0; false when the lock was lost meanwhile. */
  async function pullPages(openKfid: string, callbackToken: string, lock: PullLock): Promise<boolean> {
    let cursor = await state.cursor(openKfid);
    let token: string | undefined = callbackToken || undefined;
    for (;;) {
      let page: Awaited<ReturnType<KfApi['syncMsg']>>;
      try {
        page = await api.syncMsg({ openKfid, ...(cursor ? { cursor } : {}), ...(token ? { token } : {}) });
      } catch (error) {
        if (error instanceof WecomApiError && error.errcode === INVALID_MSG_TOKEN && token) {
          token = undefined;
          continue;
        }
        throw error;
      }
      metrics.pulled(page.items.length);
      await handleBatch(openKfid, page.items);
      if (page.nextCursor && page.nextCursor !== cursor) {
        cursor = page.nextCursor;
        await state.saveCursor(openKfid, cursor);
      }
      if (!(await lock.renew())) {
        logger.warn({ openKfid }, 'kf pull lock lost; another process goes on from the saved cursor');
        return false;
      }
      if (!page.hasMore) return true;
    }
  }

  async function handleBatch(openKfid: string, raw: unknown[]): Promise<void> {
    const items = raw.map(readSyncItem).filter((item): item is SyncItem => item !== undefined);
    const done = await state.seen(
      openKfid,
      items.map((i) => i.msgid),
    );
    const byCustomer = new Map<string, SyncItem[]>();
    const handled = new Set<string>();
    for (const item of items) {
      if (done.has(item.msgid) || handled.has(item.msgid)) continue;
      handled.add(item.msgid);
      const who = item.kind === 'ignored' ? '' : item.externalUserid;
      byCustomer.set(who, [...(byCustomer.get(who) ?? []), item]);
    }
    const queues = [...byCustomer.values()];
    const workers = Array.from({ length: Math.min(parallel, queues.length) }, async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const item of queue) await handleItem(item);
      }
    });
    await Promise.all(workers);
    await state.markSeen(openKfid, [...handled]);
  }

  async function handleItem(item: SyncItem): Promise<void> {
    if (item.kind === 'ignored') {
      logger.debug({ reason: item.reason }, 'kf item ignored');
      return;
    }
    const customer: Customer = { openKfid: item.openKfid, externalUserid: item.externalUserid };
    switch (item.kind) {
      case 'text':
      case 'other':
        await customers.customerWrote(customer, item.sentAt || Date.now());
        if (await humanHolds(customer)) return;
        if (item.kind === 'other') {
          await messenger.deliver(customer, [{ kind: 'notice', text: texts.onlyText }], item.msgid);
          return;
        }
        return answer(customer, item);
      case 'servicer':
        // A person typed in the WeCom client: the conversation is theirs now.
        await customers.setHeldByHuman(customer, true);
        return;
      case 'enter_session':
        metrics.event('enter_session');
        await customers.setHeldByHuman(customer, false);
        if (item.welcomeCode) await welcome(customer, item.msgid, item.welcomeCode);
        return;
      case 'session_status_change':
        metrics.event('session_status_change', String(item.changeType));
        logger.info({ openKfid: item.openKfid, changeType: item.changeType }, 'kf session status changed');
        if (CHANGE_TO_HUMAN.has(item.changeType)) await customers.setHeldByHuman(customer, true);
        if (item.changeType === CHANGE_ENDED) await customers.setHeldByHuman(customer, false);
        return;
      case 'msg_send_fail':
        metrics.event('msg_send_fail', String(item.failType));
        logger.warn({ openKfid: item.openKfid, failType: item.failType }, 'kf message was not delivered (msg_send_fail)');
        return;
    }
  }

  /** While a person holds the session the bot stays out; WeCom's own state decides when it is over. */
  async function humanHolds(customer: Customer): Promise<boolean> {
    if (!(await customers.heldByHuman(customer))) return false;
    const { state: now } = await api.getServiceState(customer);
    if (now === SERVICE_STATE.queue || now === SERVICE_STATE.servicer) return true;
    await customers.setHeldByHuman(customer, false);
    return false;
  }

  function inbound(customer: Customer, msgid: string, sentAt: number, fields: Partial<InboundMessage>): InboundMessage {
    const id = kfUserId(customer);
    return { channel: 'kf', userId: id, chatId: id, messageId: `kf:${msgid}`, sentAt, ...fields };
  }

  async function answer(customer: Customer, item: Extract<SyncItem, { kind: 'text' }>): Promise<void> {
    // A clicked menu item carries its id, which is the choice's value (render.ts).
    const fields = item.menuId ? { choice: item.menuId } : { text: item.content };
    const result = await handler.handle(inbound(customer, item.msgid, item.sentAt, fields));
    if (result.status === 'duplicate') {
      // Replies only when the first delivery's never left (the outbox); send_msg's msgid keeps them from doubling.
      if (result.replies) await deliverFromOutbox(customer, result.replies, item.msgid, result.delivered);
      return;
    }
    if (result.status === 'applied' && result.handoff) return handOff(customer, item.msgid);
    if (result.status === 'applied' && result.erased) {
      // The erasure took the send allowance with it: count this answer against a fresh one, then leave nothing.
      await customers.customerWrote(customer, item.sentAt || Date.now());
      await messenger.deliver(customer, result.replies, item.msgid);
      await customers.forget(customer);
      return;
    }
    await deliverFromOutbox(customer, result.replies, item.msgid, result.status === 'applied' ? result.delivered : undefined);
  }

  /** Sends a turn's replies and acknowledges its outbox entry, unless send_msg failed in a way worth retrying. */
  async function deliverFromOutbox(
    customer: Customer,
    replies: Reply[],
    msgid: string,
    delivered: (() => void) | undefined,
  ): Promise<void> {
    const outcome = await messenger.deliver(customer, replies, msgid);
    if (outcome.reason !== 'failed') delivered?.();
  }

  /** enter_session: the welcome goes through send_msg_on_event with its code (one message, valid 20 s; document 95122). */
  async function welcome(customer: Customer, msgid: string, code: string): Promise<void> {
    const result = await handler.handle(inbound(customer, msgid, Date.now(), { command: 'start' }));
    if (result.status === 'duplicate') return;
    const [body] = planMessages(result.replies, texts, 1).messages;
    if (!body) return;
    try {
      await api.sendMsgOnEvent({ code, msgid: `w${msgid.replace(/[^0-9a-zA-Z_-]/g, '').slice(0, 30)}`, body });
      metrics.event('welcome');
    } catch (error) {
      metrics.dropped('welcome_failed', 1);
      logger.warn({ err: describe(error) }, 'kf welcome not sent');
    }
    // The event's code is valid once and for 20 s: the welcome cannot be sent again later, so it leaves the outbox.
    if (result.status === 'applied') result.delivered?.();
  }

  /**
   * 转人工: the session goes to the queue (2) or to the named servicer (3) through service_state/trans (document
   * 94669), and the customer is told — through the code the move returns (send_msg_on_event), since send_msg is
   * refused once a person holds the session (95018).
   */
  async function handOff(customer: Customer, msgid: string): Promise<void> {
    const target = options.servicer ? { state: 3 as const, servicer: options.servicer } : { state: 2 as const };
    let msgCode: string | undefined;
    try {
      ({ msgCode } = await api.transServiceState({ ...customer, ...target }));
    } catch (error) {
      metrics.event('handoff_failed');
      logger.warn({ err: describe(error) }, 'kf hand-off refused');
      await messenger.deliver(customer, [{ kind: 'notice', text: texts.handoffFailed }], msgid);
      return;
    }
    await customers.setHeldByHuman(customer, true);
    metrics.event('handoff', String(target.state));
    const told: Reply[] = [{ kind: 'notice', text: texts.handingOver }];
    // No code (not the first move of this session): send_msg may still pass while the session waits in the queue.
    if (!msgCode) {
      await messenger.deliver(customer, told, msgid);
      return;
    }
    try {
      await api.sendMsgOnEvent({ code: msgCode, body: planMessages(told, texts, 1).messages[0]! });
    } catch (error) {
      logger.warn({ err: describe(error) }, 'kf hand-off notice not sent');
    }
  }

  return {
    notify,
    async idle() {
      while (running.size > 0 || pendingNews.size > 0) await Promise.allSettled([...running.values(), ...pendingNews]);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';
}
