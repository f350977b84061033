/**
 * Renders channel-neutral replies as WeCom text messages: tables as `label：value` lines, choices as numbered
 * `回复 n：…` lines, and splits the result under the 2,048-byte limit of a text message (documents 90236 / 96469).
 */
import type { Reply } from '../../contract/index.js';
import type { WecomTexts } from './texts.js';

/** A WeCom text message's content is at most 2,048 bytes (UTF-8). */
export const WECOM_TEXT_MAX_BYTES = 2048;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** One reply as plain text; choices are numbered from 1 in their order, so "1" means `choices[0]`. */
export function renderReply(reply: Reply, texts: Pick<WecomTexts, 'choiceLine' | 'estimatedMark'>): string {
  const blocks: string[] = [];
  if (reply.text.trim()) blocks.push(reply.text.trim());
  if (reply.table) {
    const lines: string[] = [];
    if (reply.table.title) lines.push(reply.table.title);
    for (const row of reply.table.rows) {
      lines.push(`${row.label}：${row.value}${row.estimated ? texts.estimatedMark : ''}`);
    }
    if (reply.table.footer?.length) lines.push(...reply.table.footer);
    if (lines.length) blocks.push(lines.join('\n'));
  }
  if (reply.after?.trim()) blocks.push(reply.after.trim());
  if (reply.choices?.length) {
    blocks.push(
      reply.choices.map((choice, i) => texts.choiceLine.replace('{n}', String(i + 1)).replace('{label}', choice.label)).join('\n'),
    );
  }
  return blocks.join('\n\n');
}

/** All replies of one turn as one text, paragraphs separated by blank lines (fewer messages against the rate limit). */
export function renderReplies(replies: Reply[], texts: Pick<WecomTexts, 'choiceLine' | 'estimatedMark'>): string {
  return replies
    .map((reply) => renderReply(reply, texts))
    .filter((text) => text.length > 0)
    .join('\n\n');
}

/** Cuts `text` into pieces of at most `maxBytes`, never inside a UTF-8 character or surrogate pair. */
function cutByBytes(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (bytes(current) + bytes(char) > maxBytes) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  if (current) pieces.push(current);
  return pieces;
}

/**
 * Splits `text` into messages of at most `maxBytes`: between paragraphs (blank lines) when possible,
 * else between lines, and only cuts a single overlong line as a last resort.
 */
export function splitMessage(text: string, maxBytes = WECOM_TEXT_MAX_BYTES): string[] {
  if (bytes(text) <= maxBytes) return text ? [text] : [];
  // Units with the separator that joins them to the previous unit.
  const units: Array<{ text: string; sep: string }> = [];
  for (const paragraph of text.split(/\n{2,}/)) {
    if (bytes(paragraph) <= maxBytes) {
      units.push({ text: paragraph, sep: '\n\n' });
      continue;
    }
    paragraph.split('\n').forEach((line, i) => {
      const sep = i === 0 ? '\n\n' : '\n';
      cutByBytes(line, maxBytes).forEach((piece, j) => units.push({ text: piece, sep: j === 0 ? sep : '' }));
    });
  }
  const messages: string[] = [];
  let current = '';
  for (const unit of units) {
    if (!current) {
      current = unit.text;
    } else if (bytes(current) + bytes(unit.sep) + bytes(unit.text) <= maxBytes) {
      current += unit.sep + unit.text;
    } else {
      messages.push(current);
      current = unit.text;
    }
  }
  if (current) messages.push(current);
  return messages.filter((m) => m.trim().length > 0);
}
