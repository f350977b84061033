/**
 * npm run eval:faq [-- <questions.yaml>]: prints matching quality as JSON.
 * Defaults to the reported split, test/faq-eval/questions.yaml; thresholds are tuned on test/faq-eval/dev.yaml.
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFaq, loadFaq, loadOutOfScope } from '../faq/index.js';
import { evaluateFaq, loadEvalSet } from '../faq/evaluate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const file = process.argv[2] ?? join(root, 'test/faq-eval/questions.yaml');

try {
  const report = evaluateFaq(createFaq(loadFaq(), { outOfScope: loadOutOfScope() }), loadEvalSet(file));
  console.log(JSON.stringify(report, null, 2));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
