/** `npm run chat` as a child process with piped stdin: one message per line, replies after each, exit at EOF. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runChat(lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const { REDIS_URL: _ignored, ...parentEnv } = process.env;
    const child = spawn('npm', ['run', '-s', 'chat'], { cwd: root, env: { ...parentEnv, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

// 上海: 32岁 → 30; 本科+学位 90 (higher than 四级 30); 5 years × 3 = 15; total 135 vs 120 (docs/policy/sources-notes.md §1).
// The three 跳过: the related-major question (asked of a 本科 graduate), the insurance base, the base tier.
const conversation = [
  '我32岁，本科有学位，电工四级，在上海交了5年社保',
  '是',
  '对口',
  '2020年5月',
  '6年',
  '跳过',
  '跳过',
  '跳过',
  '1',
  '1',
];

describe('npm run chat (piped)', () => {
  it('answers each line on the embedded store and exits at end of input', async () => {
    const { code, out } = await runChat(conversation);
    expect(code).toBe(0);
    expect(out).toContain('积分通');
    expect(out).toContain('记下了：城市 上海');
    expect(out).toContain('1) 是');
    expect(out).toContain('合计 135 分，标准 120 分');
  }, 60_000);

  it('uses Redis when REDIS_URL is set, keeping the session between runs', async () => {
    const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: uniquePrefix('chat-cli') };
    const first = await runChat(['我40岁，在上海'], env);
    expect(first.code).toBe(0);
    expect(first.out).toContain('年龄 40岁');
    const second = await runChat(['大专'], env);
    expect(second.code).toBe(0);
    expect(second.out).toContain('学历 大专');
    expect(second.out).not.toContain('积分通'); // not a new session: no welcome
  }, 60_000);

  it('reports a bad REDIS_URL in one line and exits non-zero', async () => {
    const { code, err } = await runChat(['你好'], { REDIS_URL: 'not a url' });
    expect(code).not.toBe(0);
    expect(err).toContain('REDIS_URL');
  }, 60_000);
});
