/**
 * npm run eval:dialog [-- --show-heldout]: drives every conversation and question of test/dialog-eval/ through the
 * real dialog and prints the figures as JSON, dev and held-out apart (held-out as aggregates unless --show-heldout).
 * `--trace <id>` prints the transcript of the dev items whose id starts with <id> to stderr.
 * Always exits 0 when the evaluation ran: it is a report; the gate is a test. Broken data files: exit 1, one line each.
 */
import { runDialogEval } from '../eval/dialog/index.js';

const USAGE = 'usage: npm run eval:dialog [-- --show-heldout] [--trace <dev id or prefix>]';
const args = process.argv.slice(2);
const traceAt = args.indexOf('--trace');
const trace = traceAt >= 0 ? args[traceAt + 1] : undefined;
const unknown = args.filter((a, i) => a !== '--show-heldout' && (traceAt < 0 || (i !== traceAt && i !== traceAt + 1)));
if (unknown.length > 0 || (traceAt >= 0 && !trace)) {
  console.error(`unknown argument ${unknown.join(' ') || '--trace without an id'}; ${USAGE}`);
  process.exitCode = 2;
} else {
  runDialogEval({ showHeldout: args.includes('--show-heldout'), ...(trace ? { trace } : {}) })
    .then((report) => console.log(JSON.stringify(report, null, 2)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    });
}
