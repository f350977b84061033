/**
 * The per-user FIFO inside RedisSessionStore: a task on an idle key starts at once, a task on a busy key waits for
 * every earlier one of that key (whether it resolved, rejected or threw), and keys are released when idle.
 */
import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../src/store/serial-queue.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('SerialQueue', () => {
  it('runs the tasks of one key in call order, one at a time, and other keys independently', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run('a', task('a1')), queue.run('a', task('a2')), queue.run('b', task('b1'))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
    expect(queue.activeKeys).toBe(0);
  });

  it('starts a task on an idle key synchronously', () => {
    const queue = new SerialQueue();
    let started = false;
    void queue.run('a', async () => {
      started = true;
    });
    expect(started).toBe(true);
  });

  it('a task that rejects or throws before returning fails alone; the next one of the key still runs', async () => {
    const queue = new SerialQueue();
    const thrown = queue.run('a', () => {
      throw new Error('sync');
    });
    const rejected = queue.run('a', async () => {
      throw new Error('async');
    });
    const after = queue.run('a', async () => 'ran');
    await expect(thrown).rejects.toThrow('sync');
    await expect(rejected).rejects.toThrow('async');
    await expect(after).resolves.toBe('ran');
    await tick();
    expect(queue.activeKeys).toBe(0);
  });
});
