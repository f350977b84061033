/** Helpers for the server tests: an app built from an env map, and the real `main.ts` as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { buildApp, loadAppConfig, type BotApp } from '../../src/app/index.js';
import { createLogger } from '../../src/observability/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Log lines the app wrote, parsed. */
export class CapturedLog {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        this.raw.push(line);
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
}

export async function buildTestApp(env: Record<string, string>, log = new CapturedLog()): Promise<{ app: BotApp; log: CapturedLog }> {
  const config = loadAppConfig({ PORT: '3000', ...env });
  const app = await buildApp(config, { logger: createLogger('debug', log.stream) });
  return { app, log };
}

export interface MainProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line containing `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `src/main.ts` exactly as `npm start` does (through tsx), with only the given environment. */
export function runMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    for (const w of waiters) w();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  void exited.then(() => process.removeListener('exit', kill));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(text, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = out.split('\n').find((l) => l.includes(text));
          if (line !== undefined) {
            clearTimeout(timer);
            resolve(line);
          }
        };
        const timer = setTimeout(() => reject(new Error(`no "${text}" in output within ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
        waiters.push(check);
        void exited.then(() => {
          check();
          reject(new Error(`process exited before printing "${text}":\n${out}\n${err}`));
        });
        check();
      });
    },
  };
}
