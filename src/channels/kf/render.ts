/**
 * A turn's replies as at most N kf messages. WeCom allows 5 messages per customer message (document 94677), so the
 * replies are merged: all text into as few text messages as the 2,048-byte limit allows, and the choices of the last
 * question as one `msgmenu` of clickable items (≤ 10 items, head ≤ 1,024 bytes, item ≤ 128 bytes; document 94677 field
 * tables). More than 10 choices (the city list) stay numbered text lines, which the dialog reads as well.
 * A clicked item comes back as a text with `menu_id` = the item's id, which is the choice's value (≤ 64 bytes, the
 * click id limit), so no mapping has to be stored.
 */
import type { Reply } from '../../contract/index.js';
import { renderReplies, renderReply, splitMessage, WECOM_TEXT_MAX_BYTES } from '../wecom/render.js';
import type { KfOutgoing } from './kf-api.js';
import type { KfTexts } from './texts.js';

export const KF_MENU_LIMITS = { items: 10, headBytes: 1024, itemBytes: 128, idBytes: 64 } as const;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export interface KfPlan {
  messages: KfOutgoing[];
  /** Messages that did not fit in `maxMessages` (logged and counted by the caller). */
  dropped: number;
}

const asText = (content: string): KfOutgoing => ({ msgtype: 'text', text: { content } });

function menuFits(reply: Reply): boolean {
  const choices = reply.choices ?? [];
  return (
    choices.length > 0 &&
    choices.length <= KF_MENU_LIMITS.items &&
    choices.every((c) => bytes(c.label) <= KF_MENU_LIMITS.itemBytes && bytes(c.value) >= 1 && bytes(c.value) <= KF_MENU_LIMITS.idBytes)
  );
}

/** Text messages for everything, the last question's choices as a menu. */
function withMenu(replies: Reply[], texts: KfTexts, maxBytes: number): KfOutgoing[] {
  const last = replies.at(-1)!;
  const head = renderReply({ ...last, choices: [] }, texts);
  const before = renderReplies(replies.slice(0, -1), texts);
  const headFits = head.length > 0 && bytes(head) <= KF_MENU_LIMITS.headBytes;
  const leading = headFits ? before : [before, head].filter((t) => t.length > 0).join('\n\n');
  const menu: KfOutgoing = {
    msgtype: 'msgmenu',
    msgmenu: {
      head_content: headFits ? head : texts.menuHead,
      list: (last.choices ?? []).map((c) => ({ type: 'click', click: { id: c.value, content: c.label } })),
    },
  };
  return [...splitMessage(leading, maxBytes).map(asText), menu];
}

/**
 * @example
 * planMessages(replies, texts, 5).messages // e.g. [{ msgtype: 'text', … }, { msgtype: 'msgmenu', … }]
 */
export function planMessages(replies: Reply[], texts: KfTexts, maxMessages: number, maxBytes = WECOM_TEXT_MAX_BYTES): KfPlan {
  const shown = replies.filter((r) => r.text.trim() || r.table || r.after?.trim() || r.choices?.length);
  if (shown.length === 0) return { messages: [], dropped: 0 };
  const last = shown.at(-1)!;
  const plain = splitMessage(renderReplies(shown, texts), maxBytes).map(asText);
  if (maxMessages <= 0) return { messages: [], dropped: plain.length };
  if (menuFits(last)) {
    const menu = withMenu(shown, texts, maxBytes);
    // A menu costs one message more than numbered lines in the same text: worth it only when it fits.
    if (menu.length <= maxMessages) return { messages: menu, dropped: 0 };
  }
  if (plain.length <= maxMessages) return { messages: plain, dropped: 0 };
  return { messages: plain.slice(0, maxMessages), dropped: plain.length - maxMessages };
}
