/** Renders a channel-neutral Reply as terminal text: the table aligned, the choices numbered (typed back as "2"). */
import type { Reply, ReplyTable } from '../../contract/index.js';

/** Display width: CJK characters and full-width forms take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function renderTable(table: ReplyTable): string {
  const width = Math.max(0, ...table.rows.map((r) => displayWidth(r.label)));
  const lines: string[] = [];
  if (table.title) lines.push(`【${table.title}】`);
  for (const row of table.rows) lines.push(`  ${pad(row.label, width)}  ${row.value}`);
  for (const f of table.footer ?? []) lines.push(`  ${f}`);
  return lines.join('\n');
}

export function renderReply(reply: Reply): string {
  const parts = [reply.text];
  if (reply.table) parts.push(renderTable(reply.table));
  if (reply.after) parts.push(reply.after);
  if (reply.choices?.length) parts.push(reply.choices.map((c, i) => `  ${i + 1}) ${c.label}`).join('\n'));
  return parts.filter(Boolean).join('\n');
}
