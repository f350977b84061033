/** `npm run wecom:menu` (src/cli/wecom-menu.ts) against the local WeCom API server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { startWecomApiServer, type WecomApiServer } from '../../support/wecom-api-server.js';
import { VECTOR_B } from './fixtures.js';

function runCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/wecom-menu.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('wecom:menu CLI', () => {
  let api: WecomApiServer;
  beforeAll(async () => {
    api = await startWecomApiServer({ corpId: VECTOR_B.corpId, secret: 'menu-secret' });
  });
  afterAll(() => api.close());

  const env = () => ({
    WECOM_CORP_ID: VECTOR_B.corpId,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'menu-secret',
    WECOM_TOKEN: VECTOR_B.token,
    WECOM_ENCODING_AES_KEY: VECTOR_B.encodingAesKey,
    WECOM_API_ROOT: api.url,
  });

  it('creates the app menu 积分测算 / 证书问答 / 我的提醒 for the configured agent', async () => {
    const result = await runCli(env());
    expect(result.stderr).not.toContain('menu-secret');
    expect(result.code).toBe(0);
    expect(api.menus).toHaveLength(1);
    expect(api.menus[0]!.query.agentid).toBe('1000002');
    expect(api.menus[0]!.body).toEqual({
      button: [
        { type: 'click', name: '积分测算', key: 'score' },
        { type: 'click', name: '证书问答', key: 'faq' },
        { type: 'click', name: '我的提醒', key: 'reminders' },
      ],
    });
  });

  it('a bad EncodingAESKey stops it before any API call, naming the variable', async () => {
    const calls = api.gettokenCalls;
    const result = await runCli({ ...env(), WECOM_ENCODING_AES_KEY: 'tooshort' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('WECOM_ENCODING_AES_KEY');
    expect(api.gettokenCalls).toBe(calls);
  });

  it('a wrong secret fails with a clear message and a non-zero exit', async () => {
    const result = await runCli({ ...env(), WECOM_SECRET: 'not-the-secret' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/40001/);
    expect(result.stderr).not.toContain('not-the-secret');
  });
});
