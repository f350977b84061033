/**
 * A function of an object computed once per object and kept as long as the object lives (a WeakMap). For objects
 * that never change once built: loaded rules and their parts, the dialog spec, frozen choice lists.
 *
 * @example
 * const planFor = memoPerObject((city: CityRules) => buildPlan(city));
 * planFor(city) === planFor(city); // built once
 */
export function memoPerObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const memo = new WeakMap<K, V>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined) {
      value = compute(key);
      memo.set(key, value);
    }
    return value;
  };
}

/** A per-object table of answers by string, each bounded to `limit` entries (the strings may come from users). */
export function memoTablePerObject<K extends object, V>(limit: number): (key: K) => BoundedTable<V> {
  return memoPerObject(() => new BoundedTable<V>(limit));
}

/** A Map that stops remembering at `limit` entries (what it holds stays; new keys are computed every time). */
export class BoundedTable<V> {
  readonly #entries = new Map<string, V>();
  constructor(readonly limit: number) {}

  /** The remembered value of `key`, else `compute(key)`, remembered while there is room. */
  get(key: string, compute: (key: string) => V): V {
    let value = this.#entries.get(key);
    if (value === undefined) {
      value = compute(key);
      if (this.#entries.size < this.limit) this.#entries.set(key, value);
    }
    return value;
  }
}
