interface Entry<V> {
  readonly value: Promise<V | null>;
  readonly expiresAt: number;
}

/**
 * Rows read from the database, remembered for `ttlMs` so that a check every request makes
 * costs a map lookup instead of a query. Concurrent misses share one query; a failed query and
 * a row that does not exist are not remembered (anyone can send an unknown id). Bounded: beyond
 * `maxEntries`, the oldest entry makes room. `ttlMs = 0` turns it off. A cached value is shared
 * by every reader: treat it as read-only.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The value for `key`: remembered while fresh, otherwise `load()`ed (and remembered). */
  get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    if (this.ttlMs === 0) return load();
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    if (cached) this.entries.delete(key);
    const entry: Entry<V> = { value: load(), expiresAt: now + this.ttlMs };
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, entry);
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    void entry.value.then((found) => {
      if (!found) forget();
    }, forget);
    return entry.value;
  }

  /** Forgets `key`: the next reader loads it again. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Entries held (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}
