/**
 * Writes dialogs/spelling-homophones.json from dialogs/spelling.yaml: for every character of the repair words, the
 * characters of the CJK unified block that share one of its readings (tones ignored). pinyin-pro's dictionary is large
 * (several MB in memory), so it is read here, once, and the bot loads only the small table this writes.
 *
 *   npm run spelling:build
 */
import { writeFileSync } from 'node:fs';
import { homophoneTable, SPELLING_TABLE_PATH } from './spelling-table.js';

writeFileSync(SPELLING_TABLE_PATH, `${JSON.stringify(homophoneTable())}\n`);
console.log(`wrote ${SPELLING_TABLE_PATH}`);
