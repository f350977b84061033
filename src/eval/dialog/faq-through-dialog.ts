/**
 * The FAQ's own reported questions (test/faq-eval/questions.yaml) sent through the dialog as first messages: how
 * many get the expected entry's answer (and, for the out-of-scope ones, no entry at all). A reply names its entry
 * by the entry's own answer text (or its personalised template), which the FAQ replies with unchanged.
 */
import { loadEvalSet } from '../../faq/evaluate.js';
import type { FaqEntry } from '../../faq/entry.js';
import { loadFaq } from '../../faq/load.js';
import type { Reply } from '../../contract/index.js';
import type { EvalBot } from './bot.js';
import { DEFAULT_START } from './data.js';
import type { Figure } from './evaluate.js';

export interface FaqThroughDialogReport extends Figure {
  inScope: Figure;
  outOfScope: Figure;
  misses: Array<{ q: string; expect: string | null; got: string | null }>;
}

const squash = (s: string) => s.replace(/\s+/g, '');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface EntryText {
  id: string;
  /** Longer texts first, so an answer that contains a shorter one is named by itself. */
  length: number;
  matches: (text: string) => boolean;
}

function entryTexts(entries: FaqEntry[]): EntryText[] {
  const texts: EntryText[] = [];
  for (const e of entries) {
    const answer = squash(e.answer);
    texts.push({ id: e.id, length: answer.length, matches: (t) => t.includes(answer) });
    for (const { template } of e.personalised ?? []) {
      const pattern = new RegExp(
        squash(template)
          .split(/\{[\w:-]+\}/)
          .map(escapeRegExp)
          .join('.+?'),
        'u',
      );
      texts.push({ id: e.id, length: squash(template).length, matches: (t) => pattern.test(t) });
    }
  }
  return texts.sort((a, b) => b.length - a.length);
}

/** The entry whose answer a turn's replies carry, or null. */
export function entryOf(replies: Reply[], texts: EntryText[]): string | null {
  const body = squash(
    replies
      .filter((r) => r.kind === 'answer')
      .map((r) => r.text)
      .join('\n'),
  );
  if (!body) return null;
  return texts.find((t) => t.matches(body))?.id ?? null;
}

export async function faqThroughDialog(bot: EvalBot, questionsFile: string): Promise<FaqThroughDialogReport> {
  const texts = entryTexts(loadFaq(bot.paths.faqDir));
  const questions = loadEvalSet(questionsFile);
  let inRight = 0,
    inTotal = 0,
    outRight = 0,
    outTotal = 0;
  const misses: FaqThroughDialogReport['misses'] = [];
  for (const [i, { q, expect }] of questions.entries()) {
    const chat = await bot.open(`eval:faq:${i}`, Date.parse(DEFAULT_START));
    const heard = await chat.say(q);
    await chat.end();
    const got = entryOf(heard.replies, texts);
    const ok = got === expect;
    if (expect === null) {
      outTotal++;
      if (ok) outRight++;
    } else {
      inTotal++;
      if (ok) inRight++;
    }
    if (!ok) misses.push({ q, expect, got });
  }
  const fig = (right: number, total: number): Figure => ({ right, total, rate: total ? Math.round((right / total) * 1000) / 1000 : null });
  return { ...fig(inRight + outRight, inTotal + outTotal), inScope: fig(inRight, inTotal), outOfScope: fig(outRight, outTotal), misses };
}
