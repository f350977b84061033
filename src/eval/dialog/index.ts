/**
 * The whole dialog evaluation: dev and held-out parts of test/dialog-eval/, and the FAQ's questions through the
 * dialog. Held-out failures are left out unless asked for: that part is measured, never read while tuning.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../project-root.js';
import { createEvalBot, type EvalBot } from './bot.js';
import { loadPart, type EvalPart } from './data.js';
import { evaluatePart, type PartReport } from './evaluate.js';
import { faqThroughDialog, type FaqThroughDialogReport } from './faq-through-dialog.js';

export { createEvalBot, type EvalBot } from './bot.js';
export { loadPart, parsePartFile, type EvalPart } from './data.js';
export { evaluatePart, type EvaluateOptions, type PartReport, type Figure, type Failure } from './evaluate.js';
export { faqThroughDialog } from './faq-through-dialog.js';

export interface DialogEvalReport {
  /** The commit measured ("unknown" without git), and whether the work tree had changes. */
  commit: string;
  dirty: boolean | 'unknown';
  /** The commit that added the held-out part (its first commit), or "unknown". */
  heldoutCommit: string;
  dev: PartReport | { absent: true };
  heldout: PartReport | { absent: true };
  faqThroughDialog?: FaqThroughDialogReport;
  /** Wall time of the whole evaluation, core loading included. */
  seconds: number;
}

export interface DialogEvalOptions {
  /** Folder holding dev/ and heldout/ (default test/dialog-eval of the installation). */
  dir?: string;
  /** The FAQ questions run through the dialog (default test/faq-eval/questions.yaml); null: not run. */
  faqQuestions?: string | null;
  /** Print each held-out failure (for the final report only). */
  showHeldout?: boolean;
  bot?: EvalBot;
  /** Prints the transcript of the items whose id starts with this, to stderr (dev items only). */
  trace?: string;
}

export async function runDialogEval(options: DialogEvalOptions = {}): Promise<DialogEvalReport> {
  const started = performance.now();
  const root = projectRoot();
  const dir = options.dir ?? join(root, 'test/dialog-eval');
  const dev = loadPart('dev', join(dir, 'dev'));
  const heldout = loadPart('heldout', join(dir, 'heldout'));
  const bot = options.bot ?? createEvalBot();
  try {
    const { trace } = options;
    const tracer =
      trace === undefined
        ? undefined
        : (at: string, said: string, heard: string) => {
            if (at.startsWith(trace)) process.stderr.write(`[${at}] > ${said}\n${heard}\n\n`);
          };
    const run = async (part: EvalPart | undefined, details: boolean, traced?: typeof tracer) =>
      part ? evaluatePart(bot, part, { details, ...(traced ? { trace: traced } : {}) }) : { absent: true as const };
    const faqFile = options.faqQuestions === undefined ? join(root, 'test/faq-eval/questions.yaml') : options.faqQuestions;
    return {
      commit: git(root, ['rev-parse', 'HEAD']) ?? 'unknown',
      dirty: dirty(root),
      heldoutCommit:
        git(root, ['log', '--diff-filter=A', '--reverse', '--format=%H', '--', join(dir, 'heldout')])?.split('\n')[0] || 'unknown',
      dev: await run(dev, true, tracer),
      heldout: await run(heldout, options.showHeldout ?? false),
      ...(faqFile ? { faqThroughDialog: await faqThroughDialog(bot, faqFile) } : {}),
      seconds: Math.round(performance.now() - started) / 1000,
    };
  } finally {
    if (!options.bot) await bot.close();
  }
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function dirty(cwd: string): boolean | 'unknown' {
  const status = git(cwd, ['status', '--porcelain']);
  return status === undefined ? 'unknown' : status.length > 0;
}
