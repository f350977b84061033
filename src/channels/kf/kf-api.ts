/**
 * The 微信客服 API calls the channel makes, typed, on the WeCom app's API client (same access token cache, same
 * token-refresh and busy retries). Field names follow WeCom's documents 94670 (sync_msg), 94677 (send_msg),
 * 95122 (send_msg_on_event), 94669 (service_state) and 94665 (add_contact_way).
 */
import type { WecomApi } from '../wecom/api-client.js';

/** One outgoing kf message body (without touser/open_kfid): text, a menu of clickable items, or an uploaded image. */
export type KfOutgoing =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | {
      msgtype: 'msgmenu';
      msgmenu: {
        head_content?: string;
        list: Array<{ type: 'click'; click: { id: string; content: string } }>;
        tail_content?: string;
      };
    };

export interface SyncPage {
  nextCursor: string;
  hasMore: boolean;
  /** Raw items; read them with readSyncItem. */
  items: unknown[];
}

/** Service states of a kf session (document 94669): who holds the conversation. */
export const SERVICE_STATE = { untouched: 0, bot: 1, queue: 2, servicer: 3, ended: 4 } as const;

export interface KfApi {
  syncMsg(request: { openKfid: string; cursor?: string; token?: string; limit?: number }): Promise<SyncPage>;
  sendMsg(request: { openKfid: string; externalUserid: string; msgid?: string; body: KfOutgoing }): Promise<void>;
  sendMsgOnEvent(request: { code: string; msgid?: string; body: KfOutgoing }): Promise<void>;
  getServiceState(request: { openKfid: string; externalUserid: string }): Promise<{ state: number; servicer?: string }>;
  transServiceState(request: { openKfid: string; externalUserid: string; state: 2 | 3; servicer?: string }): Promise<{ msgCode?: string }>;
  addContactWay(request: { openKfid: string; scene?: string }): Promise<string>;
}

export function createKfApi(api: WecomApi): KfApi {
  return {
    async syncMsg({ openKfid, cursor, token, limit }) {
      const reply = await api.post('kf/sync_msg', {
        open_kfid: openKfid,
        ...(cursor ? { cursor } : {}),
        ...(token ? { token } : {}),
        limit: limit ?? 1000,
        voice_format: 0,
      });
      return {
        nextCursor: typeof reply.next_cursor === 'string' ? reply.next_cursor : (cursor ?? ''),
        hasMore: reply.has_more === 1 || reply.has_more === true,
        items: Array.isArray(reply.msg_list) ? reply.msg_list : [],
      };
    },
    async sendMsg({ openKfid, externalUserid, msgid, body }) {
      await api.post('kf/send_msg', { touser: externalUserid, open_kfid: openKfid, ...(msgid ? { msgid } : {}), ...body });
    },
    async sendMsgOnEvent({ code, msgid, body }) {
      await api.post('kf/send_msg_on_event', { code, ...(msgid ? { msgid } : {}), ...body });
    },
    async getServiceState({ openKfid, externalUserid }) {
      const reply = await api.post('kf/service_state/get', { open_kfid: openKfid, external_userid: externalUserid });
      const servicer = typeof reply.servicer_userid === 'string' && reply.servicer_userid ? reply.servicer_userid : undefined;
      return { state: Number(reply.service_state ?? -1), ...(servicer ? { servicer } : {}) };
    },
    async transServiceState({ openKfid, externalUserid, state, servicer }) {
      const reply = await api.post('kf/service_state/trans', {
        open_kfid: openKfid,
        external_userid: externalUserid,
        service_state: state,
        ...(servicer ? { servicer_userid: servicer } : {}),
      });
      return typeof reply.msg_code === 'string' && reply.msg_code ? { msgCode: reply.msg_code } : {};
    },
    async addContactWay({ openKfid, scene }) {
      const reply = await api.post('kf/add_contact_way', { open_kfid: openKfid, ...(scene ? { scene } : {}) });
      if (typeof reply.url !== 'string' || !reply.url) throw new Error('kf/add_contact_way answered without a url');
      return reply.url;
    },
  };
}
