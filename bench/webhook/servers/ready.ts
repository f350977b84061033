/**
 * The child side of bench/webhook/child-process.ts: tell the parent the port once listening, answer its RSS
 * questions, stop on its `stop` message (or when the parent goes away, so nothing outlives the benchmark).
 */
export function announceReady(port: number, stop: () => Promise<unknown> | undefined): void {
  const send = (message: object) => process.send?.(message);
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'rss') send({ type: 'rss', rssBytes: process.memoryUsage().rss });
    if (message?.type === 'stop') {
      void Promise.resolve(stop()).finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 5000).unref();
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port });
}
