/**
 * Reply → Telegram messages (HTML parse mode). Pure: no I/O.
 *
 * Every piece of user or policy text is HTML-escaped; tables go inside <pre> with columns aligned for a monospace
 * font (CJK characters count as two columns); choices become an inline keyboard on the reply's last message.
 * Consecutive replies of one turn share a message (a blank line between them) up to and including a reply with
 * buttons: "记下了：…" and the next question are one sendMessage, not two (half the Bot API calls, one round trip
 * less per turn). Messages are split below Telegram's 4,096-character limit, never inside a tag or an escape.
 */
import type { Choice, Reply, ReplyTable } from '../../contract/index.js';
import type { TelegramTexts } from './texts.js';

/** Bot API sendMessage: "Text of the message to be sent, 1-4096 characters after entities parsing". */
export const MAX_MESSAGE_LENGTH = 4096;
/** Bot API InlineKeyboardButton.callback_data: 1-64 bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

export interface InlineButton {
  text: string;
  callback_data: string;
}

/** Bot API InlineKeyboardMarkup. */
export interface InlineKeyboardMarkup {
  inline_keyboard: InlineButton[][];
}

export interface RenderedMessage {
  text: string;
  parse_mode: 'HTML';
  /** Shared between turns when the reply's choices were a frozen array: read only. */
  reply_markup?: InlineKeyboardMarkup;
}

export interface RenderOutcome {
  messages: RenderedMessage[];
  /** Choices that could not become buttons (callback_data empty or over 64 bytes): a dialog bug to log. */
  droppedChoices: Choice[];
}

const HTML_SPECIAL = /[&<>]/;

export function escapeHtml(text: string): string {
  // Most texts have nothing to escape: one scan instead of three replaces.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Columns a character takes in a monospace font: East Asian wide/fullwidth ones take two. */
function columns(text: string): number {
  let width = 0;
  // By code point (a surrogate pair is one character; a lone surrogate counts as one), without a string iterator.
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (isHighSurrogate(cp) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      cp = ((cp - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      i++;
    }
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x20000;
    width += wide ? 2 : 1;
  }
  return width;
}

/** Rows of a table as aligned plain-text lines (not yet escaped). */
export function tableLines(table: ReplyTable, estimatedMark: string): string[] {
  const labelWidth = Math.max(0, ...table.rows.map((r) => columns(r.label)));
  return table.rows.map((row) => {
    const pad = ' '.repeat(labelWidth - columns(row.label) + 2);
    return `${row.label}${pad}${row.value}${row.estimated ? estimatedMark : ''}`;
  });
}

/** A run of lines rendered together: plain (joined by newlines) or wrapped in one tag pair per message. */
interface Segment {
  open: string;
  close: string;
  /** Already escaped. */
  lines: string[];
  /** Starts a new reply inside a merged message: a blank line before it, unless it begins a message. */
  blankBefore?: boolean;
}

function plain(text: string): Segment {
  return { open: '', close: '', lines: escapeHtml(text).split('\n'), blankBefore: false };
}

/** Appends the segments of `reply` to `segments` (the turn's pending ones: no array per reply). */
function pushReplySegments(segments: Segment[], reply: Reply, texts: TelegramTexts): void {
  const before = segments.length;
  if (reply.text.trim() !== '') segments.push(plain(reply.text));
  if (reply.table) {
    const { title, footer } = reply.table;
    if (title) segments.push({ open: '<b>', close: '</b>', lines: [escapeHtml(title)], blankBefore: false });
    const rows = tableLines(reply.table, texts.estimatedMark).map(escapeHtml);
    if (rows.length > 0) segments.push({ open: '<pre>', close: '</pre>', lines: rows, blankBefore: false });
    if (footer && footer.length > 0) segments.push(plain(footer.join('\n')));
  }
  if (reply.after && reply.after.trim() !== '') segments.push(plain(reply.after));
  if (segments.length === before && reply.choices && reply.choices.length > 0) segments.push(plain(texts.chooseHint));
  // A reply after others still pending starts with a blank line.
  if (before > 0 && segments.length > before) segments[before]!.blankBefore = true;
}

/** Length of the token starting at `i`: an escape (`&amp;`…), a surrogate pair, or one UTF-16 unit. */
function tokenLength(line: string, i: number): number {
  const code = line.charCodeAt(i);
  if (code === 0x26 /* & */) {
    let j = i + 1;
    while (j < line.length && line.charCodeAt(j) >= 0x61 && line.charCodeAt(j) <= 0x7a) j++; // a-z
    if (j > i + 1 && line.charCodeAt(j) === 0x3b /* ; */) return j + 1 - i;
    return 1;
  }
  return isHighSurrogate(code) && i + 1 < line.length && isLowSurrogate(line.charCodeAt(i + 1)) ? 2 : 1;
}

/** Cuts one escaped line into pieces of at most `max` characters, never inside `&amp;` or a surrogate pair. */
function cutLine(line: string, max: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; ) {
    const length = tokenLength(line, i);
    if (i - start + length > max) {
      pieces.push(line.slice(start, i));
      start = i;
    }
    i += length;
  }
  if (start < line.length || pieces.length === 0) pieces.push(line.slice(start));
  return pieces;
}

/**
 * Packs segments into message texts of at most `limit` characters. Linear: the length of the lines gathered for
 * the current message is kept as a running sum, not recomputed by joining them for every line.
 */
export function packSegments(segments: Segment[], limit = MAX_MESSAGE_LENGTH): string[] {
  const messages: string[] = [];
  let current = '';
  for (const seg of segments) {
    const overhead = seg.open.length + seg.close.length;
    // Between earlier segments in the message and this one (once this one splits, it continues in a new message).
    const gap = seg.blankBefore ? '\n\n' : '\n';
    // Nearly every segment fits whole in the current message: then no chunk array and no per-line bookkeeping.
    let wholeLength = overhead + seg.lines.length - 1;
    for (const line of seg.lines) wholeLength += line.length;
    if (seg.lines.length > 0 && current.length + (current === '' ? 0 : gap.length) + wholeLength <= limit) {
      current = appendChunk(current, gap, seg, seg.lines);
      continue;
    }
    /** Lines of this segment gathered for the current message, and the length of their join('\n'). */
    let chunk: string[] = [];
    let chunkLength = 0;
    for (const whole of seg.lines) {
      const pieces = whole.length + overhead > limit ? cutLine(whole, limit - overhead) : undefined;
      for (let p = 0; p < (pieces ? pieces.length : 1); p++) {
        const line = pieces ? pieces[p]! : whole;
        const separator = current === '' ? 0 : gap.length;
        const grownLength = chunk.length === 0 ? line.length : chunkLength + 1 + line.length;
        if (current.length + separator + overhead + grownLength <= limit) {
          chunk.push(line);
          chunkLength = grownLength;
          continue;
        }
        if (chunk.length > 0) current = appendChunk(current, gap, seg, chunk);
        if (current !== '') messages.push(current);
        current = '';
        chunk = [line];
        chunkLength = line.length;
      }
    }
    if (chunk.length > 0) current = appendChunk(current, gap, seg, chunk);
  }
  if (current !== '') messages.push(current);
  return messages;
}

function appendChunk(current: string, gap: string, seg: Segment, chunk: string[]): string {
  const text = seg.open + chunk.join('\n') + seg.close;
  return current === '' ? text : `${current}${gap}${text}`;
}

function callbackDataFits(value: string): boolean {
  const bytes = Buffer.byteLength(value, 'utf8');
  return bytes >= 1 && bytes <= MAX_CALLBACK_DATA_BYTES;
}

/** Short labels go two to a row, long ones (over 7 CJK characters) get a row of their own. */
export function keyboardRows(choices: Choice[]): InlineButton[][] {
  const rows: InlineButton[][] = [];
  for (let i = 0; i < choices.length; i++) {
    const a = choices[i]!;
    const b = choices[i + 1];
    if (b && isShort(a) && isShort(b)) {
      rows.push([button(a), button(b)]);
      i++;
    } else {
      rows.push([button(a)]);
    }
  }
  return rows;
}

/** A reply's choices as an inline keyboard (none when no choice fits) and the choices that cannot be buttons. */
interface Keyboard {
  markup: InlineKeyboardMarkup | undefined;
  dropped: readonly Choice[];
}

/**
 * Keyboards of frozen choice arrays, built once: most questions offer the very same frozen array on every turn
 * (src/dialog/questions.ts), so their buttons, layout and JSON need not be rebuilt per turn.
 */
const keyboards = new WeakMap<readonly Choice[], Keyboard>();
/** The JSON of those memoised keyboards, spliced as is into webhook reply bodies (commit-signal.ts). */
const keyboardJson = new WeakMap<InlineKeyboardMarkup, string>();

function keyboardOf(choices: readonly Choice[]): Keyboard {
  const known = keyboards.get(choices);
  if (known) return known;
  const usable: Choice[] = [];
  const dropped: Choice[] = [];
  for (const choice of choices) (callbackDataFits(choice.value) ? usable : dropped).push(choice);
  const keyboard: Keyboard = { markup: usable.length > 0 ? { inline_keyboard: keyboardRows(usable) } : undefined, dropped };
  // Frozen stays frozen, so an array and choices frozen now can never make the memoised keyboard stale.
  if (Object.isFrozen(choices) && choices.every((c) => Object.isFrozen(c))) {
    if (keyboard.markup) {
      for (const row of keyboard.markup.inline_keyboard) {
        for (const b of row) Object.freeze(b);
        Object.freeze(row);
      }
      Object.freeze(keyboard.markup.inline_keyboard);
      keyboardJson.set(Object.freeze(keyboard.markup), JSON.stringify(keyboard.markup));
    }
    keyboards.set(choices, Object.freeze(keyboard));
  }
  return keyboard;
}

/** `JSON.stringify(markup)`, computed once for keyboards of frozen choices. */
export function keyboardMarkupJson(markup: InlineKeyboardMarkup): string {
  return keyboardJson.get(markup) ?? JSON.stringify(markup);
}

function isShort(choice: Choice): boolean {
  return columns(choice.label) <= 14;
}

function button(choice: Choice): InlineButton {
  return { text: choice.label.trim() === '' ? choice.value : choice.label, callback_data: choice.value };
}

/**
 * Renders dialog replies as sendMessage payloads (without chat_id).
 *
 * @example
 * const { messages } = renderReplies([{ kind: 'question', text: '您在哪个城市？', choices: [{ label: '上海', value: 'city:shanghai' }] }], texts);
 * // messages[0] = { text: '您在哪个城市？', parse_mode: 'HTML', reply_markup: { inline_keyboard: [[{ text: '上海', callback_data: 'city:shanghai' }]] } }
 */
export function renderReplies(replies: Reply[], texts: TelegramTexts): RenderOutcome {
  const messages: RenderedMessage[] = [];
  const droppedChoices: Choice[] = [];
  let pending: Segment[] = [];
  for (const reply of replies) {
    pushReplySegments(pending, reply, texts);
    if (!reply.choices || reply.choices.length === 0) continue;
    const keyboard = keyboardOf(reply.choices);
    for (const choice of keyboard.dropped) droppedChoices.push(choice);
    // Buttons belong under their own reply's text, so a reply with buttons ends the message it is packed into.
    if (keyboard.markup) {
      pushMessages(messages, packSegments(pending), keyboard.markup);
      pending = [];
    }
  }
  if (pending.length > 0) pushMessages(messages, packSegments(pending), undefined);
  return { messages, droppedChoices };
}

/** Adds one message per body; the keyboard goes under the last one. */
function pushMessages(messages: RenderedMessage[], bodies: string[], markup: InlineKeyboardMarkup | undefined): void {
  for (let i = 0; i < bodies.length; i++) {
    const message: RenderedMessage = { text: bodies[i]!, parse_mode: 'HTML' };
    if (i === bodies.length - 1 && markup) message.reply_markup = markup;
    messages.push(message);
  }
}
