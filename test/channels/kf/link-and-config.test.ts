/** `npm run wecom:kf-link` against the local kf API, and the kf variables as the server's start-up reads them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { ConfigError } from '../../../src/config.js';
import { loadAppConfig } from '../../../src/app/index.js';
import { startKfApiServer, type KfApiServer } from '../../support/wecom-kf-api-server.js';
import { VECTOR_B } from '../wecom/fixtures.js';

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/wecom-kf-link.ts', ...args], {
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

const wecomEnv = {
  WECOM_CORP_ID: VECTOR_B.corpId,
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'test-secret',
  WECOM_TOKEN: VECTOR_B.token,
  WECOM_ENCODING_AES_KEY: VECTOR_B.encodingAesKey,
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadAppConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('wecom:kf-link CLI', () => {
  let api: KfApiServer;
  beforeAll(async () => {
    api = await startKfApiServer({ corpId: VECTOR_B.corpId, secret: 'test-secret' });
  });
  afterAll(() => api.close());

  it('prints one customer link per kf account, with the scene asked for', async () => {
    const result = await runCli(['poster_school1'], { ...wecomEnv, WECOM_API_ROOT: api.url, WECOM_KF_ACCOUNTS: 'wkOne,wkTwo' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(api.contactWays).toEqual([
      { open_kfid: 'wkOne', scene: 'poster_school1' },
      { open_kfid: 'wkTwo', scene: 'poster_school1' },
    ]);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^wkOne \(scene poster_school1\): https:\/\/\S+scene=poster_school1$/);
  });

  it('refuses a scene with spaces before calling WeCom, and names a missing account variable', async () => {
    const calls = api.contactWays.length;
    const bad = await runCli(['a b'], { ...wecomEnv, WECOM_API_ROOT: api.url, WECOM_KF_ACCOUNTS: 'wkOne' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('scene');
    const missing = await runCli([], { ...wecomEnv, WECOM_API_ROOT: api.url });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('WECOM_KF_ACCOUNTS');
    expect(api.contactWays.length).toBe(calls);
  });
});

describe('kf start-up configuration', () => {
  it('switches the kf channel on with WECOM_KF_ACCOUNTS, on top of WeCom and Redis', () => {
    const config = loadAppConfig({
      ...wecomEnv,
      REDIS_URL: 'redis://127.0.0.1:6379',
      WECOM_KF_ACCOUNTS: 'wkOne, wkTwo',
      WECOM_KF_SERVICER: 'zhangsan',
    });
    expect(config.kf).toEqual({ WECOM_KF_ACCOUNTS: ['wkOne', 'wkTwo'], WECOM_KF_SERVICER: 'zhangsan' });
  });

  it('one line per problem: no Redis, no WeCom app, a bad account id, a servicer without an account', () => {
    expect(problemsOf({ ...wecomEnv, WECOM_KF_ACCOUNTS: 'wkOne' })).toEqual([
      'WECOM_KF_ACCOUNTS: needs REDIS_URL or REDIS_CLUSTER_NODES (the kf cursor and pull lock live in Redis)',
    ]);
    expect(problemsOf({ WECOM_KF_ACCOUNTS: 'wkOne' })).toEqual([
      'WECOM_CORP_ID: missing (WeCom is partly configured: WECOM_KF_ACCOUNTS set)',
    ]);
    const badId = problemsOf({ ...wecomEnv, REDIS_URL: 'redis://127.0.0.1:6379', WECOM_KF_ACCOUNTS: 'wk One' });
    expect(badId).toHaveLength(1);
    expect(badId[0]).toMatch(/^WECOM_KF_ACCOUNTS/);
    expect(problemsOf({ ...wecomEnv, REDIS_URL: 'redis://127.0.0.1:6379', WECOM_KF_SERVICER: 'zhangsan' })).toEqual([
      'WECOM_KF_ACCOUNTS: missing (WECOM_KF_SERVICER is set, but no kf account to answer)',
    ]);
  });
});
