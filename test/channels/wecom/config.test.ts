import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../../src/config.js';
import { wecomConfigSchema } from '../../../src/channels/wecom/index.js';
import { VECTOR_B } from './fixtures.js';

const good = {
  WECOM_CORP_ID: VECTOR_B.corpId,
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 's3cret',
  WECOM_TOKEN: VECTOR_B.token,
  WECOM_ENCODING_AES_KEY: VECTOR_B.encodingAesKey,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseEnv(wecomConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('wecomConfigSchema', () => {
  it('accepts the official sample settings and defaults the API root to the official host', () => {
    const config = parseEnv(wecomConfigSchema, good);
    expect(config.WECOM_AGENT_ID).toBe(1000002);
    expect(config.WECOM_API_ROOT).toBe('https://qyapi.weixin.qq.com');
    expect(parseEnv(wecomConfigSchema, { ...good, WECOM_API_ROOT: 'http://127.0.0.1:8080/' }).WECOM_API_ROOT).toBe('http://127.0.0.1:8080');
  });

  it('reports a bad EncodingAESKey at start-up, naming the variable', () => {
    for (const bad of [VECTOR_B.encodingAesKey.slice(0, 42), `${VECTOR_B.encodingAesKey}A`, `${VECTOR_B.encodingAesKey.slice(0, 42)}+`]) {
      const problems = problemsOf({ ...good, WECOM_ENCODING_AES_KEY: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^WECOM_ENCODING_AES_KEY: .*43/);
    }
  });

  it('lists every missing variable on its own line', () => {
    const problems = problemsOf({});
    for (const name of ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY']) {
      expect(problems.some((p) => p.startsWith(`${name}: missing`))).toBe(true);
    }
    expect(problemsOf({ ...good, WECOM_AGENT_ID: 'abc' })[0]).toMatch(/^WECOM_AGENT_ID/);
    expect(problemsOf({ ...good, WECOM_TOKEN: 'x'.repeat(33) })[0]).toMatch(/^WECOM_TOKEN/);
  });
});
