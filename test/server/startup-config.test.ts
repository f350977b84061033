import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { loadAppConfig } from '../../src/app/index.js';
import { runMain } from './harness.js';

const AES_KEY = '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt'; // the official WeCom test vector (sbzhu/weworkapi_python callback/Sample.py)

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadAppConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('start-up configuration', () => {
  it('runs with no channel configured, on the embedded store', () => {
    const config = loadAppConfig({});
    expect(config.telegram).toBeUndefined();
    expect(config.wecom).toBeUndefined();
    expect(config.base.REDIS_URL).toBeUndefined();
    expect(config.paths.rulesDir).toMatch(/rules$/);
  });

  it('refuses REDIS_URL and REDIS_CLUSTER_NODES together in one line, and reads the cluster seeds alone', () => {
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '10.0.0.1:7000,10.0.0.2:7000' })).toEqual([
      'REDIS_CLUSTER_NODES: set together with REDIS_URL; set only one (REDIS_URL for one Redis, REDIS_CLUSTER_NODES for a cluster)',
    ]);
    expect(problemsOf({ REDIS_CLUSTER_NODES: '10.0.0.1' })).toEqual([
      'REDIS_CLUSTER_NODES: "10.0.0.1" is not host:port; expected host:port,host:port',
    ]);
    expect(loadAppConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001' }).base.REDIS_CLUSTER_NODES).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
    ]);
  });

  it('names the missing switch of a partly configured channel', () => {
    const problems = problemsOf({ TELEGRAM_WEBHOOK_SECRET: 'abc', WECOM_SECRET: 's' });
    expect(problems).toEqual([
      'TELEGRAM_BOT_TOKEN: missing (Telegram is partly configured: TELEGRAM_WEBHOOK_SECRET set)',
      'WECOM_CORP_ID: missing (WeCom is partly configured: WECOM_SECRET set)',
    ]);
  });

  it('names each missing WeCom variable once the channel is switched on', () => {
    const problems = problemsOf({ WECOM_CORP_ID: 'ww1234', WECOM_ENCODING_AES_KEY: AES_KEY });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN']);
    expect(problems.every((p) => p.includes('missing'))).toBe(true);
  });

  it('a child process with bad env prints one line per problem and exits 1', async () => {
    const main = runMain({ PORT: 'eighty', RATE_LIMIT_MAX: '0', TELEGRAM_BOT_TOKEN: 'not-a-token' });
    const { code } = await main.exited;
    expect(code).toBe(1);
    const lines = main.stderr().trim().split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    const problems = lines.slice(1).map((l) => l.trim());
    expect(problems).toHaveLength(4);
    expect(problems.some((l) => l.startsWith('- PORT:'))).toBe(true);
    expect(problems.some((l) => l.startsWith('- RATE_LIMIT_MAX:'))).toBe(true);
    expect(problems.some((l) => l.startsWith('- TELEGRAM_BOT_TOKEN:'))).toBe(true);
    // Webhook mode is the default, and it needs the secret.
    expect(problems.some((l) => l.startsWith('- TELEGRAM_WEBHOOK_SECRET: missing'))).toBe(true);
    // The bad token itself is never echoed.
    expect(main.stderr()).not.toContain('not-a-token');
  });
});
