/**
 * DIALOGS_DIR governs every text file: the lexicon, the server's notices, the reminder texts and each channel's own
 * words are read from the folder the operator names, by the one `loadCore` the server, the chat and the tests use.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadCore } from '../../src/app/core.js';
import { buildTestApp, REPO_ROOT } from './harness.js';

const dialogsDir = mkdtempSync(join(tmpdir(), 'jf-dialogs-'));
cpSync(join(REPO_ROOT, 'dialogs'), dialogsDir, { recursive: true });
afterAll(() => rmSync(dialogsDir, { recursive: true, force: true }));

function edit(file: string, change: (data: Record<string, any>) => void): void {
  const path = join(dialogsDir, file);
  const data = parse(readFileSync(path, 'utf8')) as Record<string, any>;
  change(data);
  writeFileSync(path, stringify(data));
}

edit('telegram.yaml', (d) => {
  d.unsupported = '只收文字。';
});
edit('wecom.yaml', (d) => {
  d.estimatedMark = '（约）';
});
edit('ops.yaml', (d) => {
  d.slowDown = '慢一点。';
});
edit('reminders.yaml', (d) => {
  d.forget = '提醒都删了。';
});
edit('lexicon.yaml', (d) => {
  d.intents.help.exact.push('咋整');
});

describe('loadCore with another dialogs folder', () => {
  const core = loadCore({ dialogsDir });

  it('reads the channel, server and reminder texts from that folder', () => {
    expect(core.texts.telegram.unsupported).toBe('只收文字。');
    expect(core.texts.wecom.estimatedMark).toBe('（约）');
    expect(core.texts.ops.slowDown).toBe('慢一点。');
    expect(core.texts.reminders.forget).toBe('提醒都删了。');
  });

  it('understands with that folder’s lexicon', () => {
    expect(core.understand('咋整').intents).toEqual([{ type: 'help' }]);
    expect(loadCore().understand('咋整').intents).toEqual([]);
  });
});

describe('the server with DIALOGS_DIR', () => {
  it('answers a flood with that folder’s notice', async () => {
    const { app } = await buildTestApp({ DIALOGS_DIR: dialogsDir, RATE_LIMIT_MAX: '1' });
    try {
      const turn = (n: number) =>
        app.handler.handle({ channel: 'wecom', userId: 'u1', chatId: 'u1', messageId: `w${n}`, text: '你好', sentAt: Date.now() });
      expect((await turn(1)).status).toBe('applied');
      expect(await turn(2)).toEqual({ status: 'rate_limited', replies: [{ kind: 'notice', text: '慢一点。' }] });
    } finally {
      await app.stop();
    }
  });
});
