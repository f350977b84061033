import { createRanker, loadFaq } from './src/faq/index.js';
const rank = createRanker(loadFaq());
for (const q of process.argv.slice(2)) {
  console.log(q, rank(q).map(h => `${h.entry.id}:${h.score.toFixed(1)}/${h.coverage.toFixed(2)}`).join('  '));
}
