import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../../../src/config.js';
import { telegramConfigSchema } from '../../../src/channels/telegram/index.js';
import { loadAppConfig } from '../../../src/app/index.js';

const TOKEN = '123456789:AAHtestTOKENfor-jifen_bot-0123456789ab';

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(telegramConfigSchema, env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

describe('telegramConfigSchema', () => {
  it('accepts a webhook setup and defaults the API root to api.telegram.org', () => {
    const cfg = parseEnv(telegramConfigSchema, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-123',
      TELEGRAM_PUBLIC_URL: 'https://bot.example.com',
    });
    expect(cfg.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(cfg.TELEGRAM_PUBLIC_URL).toBe('https://bot.example.com');
  });

  it('needs no secret in polling mode', () => {
    expect(problems({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'polling' })).toEqual([]);
  });

  it('names every bad variable on its own line', () => {
    const found = problems({
      TELEGRAM_BOT_TOKEN: 'not-a-token',
      TELEGRAM_MODE: 'webhooks',
      TELEGRAM_PUBLIC_URL: 'http://bot.example.com',
      TELEGRAM_API_ROOT: 'localhost:8081',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['TELEGRAM_BOT_TOKEN', 'TELEGRAM_MODE', 'TELEGRAM_PUBLIC_URL', 'TELEGRAM_API_ROOT']),
    );
  });

  it('requires the secret in webhook mode and enforces the Bot API secret alphabet', () => {
    expect(problems({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'webhook' })).toEqual([
      expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: missing/),
    ]);
    expect(problems({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'has space' })).toEqual([
      expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters/),
    ]);
    expect(problems({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(257) })).toHaveLength(1);
    expect(problems({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(256) })).toEqual([]);
  });

  it('reads TELEGRAM_WEBHOOK_REPLY as true/false/1/0, on by default', () => {
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-123' };
    expect(parseEnv(telegramConfigSchema, env).TELEGRAM_WEBHOOK_REPLY).toBe(true);
    const read = (value: string) => parseEnv(telegramConfigSchema, { ...env, TELEGRAM_WEBHOOK_REPLY: value }).TELEGRAM_WEBHOOK_REPLY;
    expect(['true', '1', 'false', '0'].map(read)).toEqual([true, true, false, false]);
  });

  it('stops the start-up on a bad TELEGRAM_WEBHOOK_REPLY with one clear line', () => {
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-123' };
    for (const value of ['yes', 'TRUE', 'on', '2']) {
      expect(problems({ ...env, TELEGRAM_WEBHOOK_REPLY: value }), value).toEqual(['TELEGRAM_WEBHOOK_REPLY: must be true, false, 1 or 0']);
    }
    // The whole app's configuration, as main.ts loads it, refuses it the same way.
    expect(() => loadAppConfig({ ...env, TELEGRAM_WEBHOOK_REPLY: 'yes' })).toThrow(/TELEGRAM_WEBHOOK_REPLY: must be true, false, 1 or 0/);
  });
});
