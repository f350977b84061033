/**
 * Channel-neutral replies. The dialog engine produces them; each channel renders them
 * (Telegram: HTML + inline keyboards; WeCom: text with numbered options; console: plain text).
 */

import type { ResultCard } from './card.js';

export interface Choice {
  /** What the user sees on the button / next to the number. */
  label: string;
  /** What comes back when it is chosen (InboundMessage.choice); ≤ 64 bytes (Telegram callback_data). */
  value: string;
}

export interface ReplyTable {
  title?: string;
  rows: Array<{ label: string; value: string; estimated?: boolean }>;
  footer?: string[];
}

export type ReplyKind = 'question' | 'result' | 'answer' | 'notice' | 'error';

export interface Reply {
  kind: ReplyKind;
  /** Plain zh-CN text (no markup); channels escape it as their format needs. */
  text: string;
  /** A points breakdown or similar, rendered monospace/aligned where the channel can. Shown after `text`. */
  table?: ReplyTable;
  /** Text shown after the table. */
  after?: string;
  choices?: Choice[];
  /** A picture of this result, for channels that can show one after the text (see card.ts). */
  card?: ResultCard;
}
