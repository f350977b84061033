/**
 * Reads one item of a `kf/sync_msg` page (document 94670) into what the channel acts on. WeCom's list mixes the
 * customer's messages (origin 3), system events (origin 4, ids inside `event`) and what a servicer typed in the
 * WeCom client (origin 5); messages we sent ourselves are never listed.
 */
import { z } from 'zod';

/** Who wrote an item (document 94670): only the customer (3) is answered. */
export const ORIGIN = { customer: 3, event: 4, servicer: 5 } as const;

export type SyncItem =
  | { kind: 'text'; msgid: string; openKfid: string; externalUserid: string; sentAt: number; content: string; menuId?: string }
  /** A customer message the bot cannot read (image, voice, file, location…). */
  | { kind: 'other'; msgid: string; openKfid: string; externalUserid: string; sentAt: number; msgtype: string }
  /** A servicer typed in the WeCom client: a person holds the conversation. */
  | { kind: 'servicer'; msgid: string; openKfid: string; externalUserid: string }
  | { kind: 'enter_session'; msgid: string; openKfid: string; externalUserid: string; welcomeCode?: string; scene?: string }
  | { kind: 'session_status_change'; msgid: string; openKfid: string; externalUserid: string; changeType: number }
  | { kind: 'msg_send_fail'; msgid: string; openKfid: string; externalUserid: string; failType: number }
  | { kind: 'ignored'; msgid: string; reason: string };

const id = z.string().min(1).max(128);
const base = z.object({ msgid: id, send_time: z.number().int().nonnegative().optional(), origin: z.number().int() });
const topLevel = base.extend({ open_kfid: id, external_userid: id, msgtype: z.string() });
const text = z.object({ content: z.string().max(8192), menu_id: z.string().max(128).optional() });
const event = z.object({
  event_type: z.string(),
  open_kfid: id.optional(),
  external_userid: id.optional(),
  welcome_code: z.string().max(256).optional(),
  scene: z.string().max(256).optional(),
  change_type: z.number().int().optional(),
  fail_type: z.number().int().optional(),
});

export function readSyncItem(raw: unknown): SyncItem | undefined {
  const head = base.safeParse(raw);
  if (!head.success) return undefined;
  const { msgid, origin } = head.data;
  const sentAt = (head.data.send_time ?? 0) * 1000;
  const item = raw as Record<string, unknown>;

  if (origin === ORIGIN.event || item.msgtype === 'event') {
    const parsed = event.safeParse(item.event);
    if (!parsed.success) return { kind: 'ignored', msgid, reason: 'unreadable event' };
    const e = parsed.data;
    if (!e.open_kfid || !e.external_userid) return { kind: 'ignored', msgid, reason: `event ${e.event_type} without ids` };
    const ids = { msgid, openKfid: e.open_kfid, externalUserid: e.external_userid };
    switch (e.event_type) {
      case 'enter_session':
        return {
          kind: 'enter_session',
          ...ids,
          ...(e.welcome_code ? { welcomeCode: e.welcome_code } : {}),
          ...(e.scene ? { scene: e.scene } : {}),
        };
      case 'session_status_change':
        return { kind: 'session_status_change', ...ids, changeType: e.change_type ?? 0 };
      case 'msg_send_fail':
        return { kind: 'msg_send_fail', ...ids, failType: e.fail_type ?? 0 };
      default:
        return { kind: 'ignored', msgid, reason: `event ${e.event_type}` };
    }
  }

  const top = topLevel.safeParse(raw);
  if (!top.success) return { kind: 'ignored', msgid, reason: 'message without ids' };
  const ids = { msgid, openKfid: top.data.open_kfid, externalUserid: top.data.external_userid };
  if (origin === ORIGIN.servicer) return { kind: 'servicer', ...ids };
  if (origin !== ORIGIN.customer) return { kind: 'ignored', msgid, reason: `origin ${origin}` };
  if (top.data.msgtype !== 'text') return { kind: 'other', ...ids, sentAt, msgtype: top.data.msgtype };
  const body = text.safeParse(item.text);
  if (!body.success) return { kind: 'ignored', msgid, reason: 'text without content' };
  const menuId = body.data.menu_id ? { menuId: body.data.menu_id } : {};
  return { kind: 'text', ...ids, sentAt, content: body.data.content, ...menuId };
}
