/**
 * Runs tasks one after another per key, in call order, so two messages from one user are never applied at once
 * inside this process. Keys with nothing pending take no memory.
 *
 * Why a task on an idle key starts at once (synchronously) instead of after a resolved promise: nearly every turn
 * finds its user idle, and chaining on `Promise.resolve()` cost two promises and two microtask hops per turn for
 * nothing. Call order is kept either way: the next call on the key sees this task's tail and waits for it.
 */
export class SerialQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous === undefined ? start(task) : previous.then(task, task);
    const tails = this.#tails;
    const release = () => {
      if (tails.get(key) === tail) tails.delete(key);
    };
    const tail = result.then(release, release);
    tails.set(key, tail);
    return result;
  }

  /** How many keys have work queued (for tests and metrics). */
  get activeKeys(): number {
    return this.#tails.size;
  }
}

/** A task that throws before returning its promise fails like one that rejects, so the queue stays consistent. */
function start<T>(task: () => Promise<T>): Promise<T> {
  try {
    return task();
  } catch (err) {
    return Promise.reject(err);
  }
}
