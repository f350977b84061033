/**
 * Runs tasks one after another per key, in call order, so two messages from one user are never applied at once
 * inside this process. Keys with nothing pending take no memory.
 */
export class SerialQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** How many keys have work queued (for tests and metrics). */
  get activeKeys(): number {
    return this.#tails.size;
  }
}
