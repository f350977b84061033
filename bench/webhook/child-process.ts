/**
 * Runs one server of the comparison in its own Node process (through tsx), so the load generator never shares an
 * event loop with it. The child reports its port over IPC (servers/ready.ts); `stop()` asks it to close and kills it
 * if it does not exit in time; the parent's exit kills it too.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchChild {
  port: number;
  process: ChildProcess;
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/** `script` is relative to bench/webhook/servers/. */
export async function startChild(script: string, env: Record<string, string>, extraNodeArgs: string[] = []): Promise<BenchChild> {
  const file = fileURLToPath(new URL(`./servers/${script}`, import.meta.url));
  const child = fork(file, [], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx', ...extraNodeArgs],
    // Logs go nowhere (they would cost the same in every run and flood the terminal); errors stay visible.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m?.type === 'ready' && typeof m.port === 'number') {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
  });

  return {
    port,
    process: child,
    rssMb: () =>
      new Promise((resolve) => {
        const onMessage = (m: { type?: string; rssBytes?: number }) => {
          if (m?.type !== 'rss') return;
          child.off('message', onMessage);
          resolve(Math.round(((m.rssBytes ?? 0) / 1024 / 1024) * 10) / 10);
        };
        child.on('message', onMessage);
        child.send({ type: 'rss' });
      }),
    async stop() {
      process.removeListener('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
