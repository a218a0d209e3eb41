/**
 * Answers from the portal kept for a while, misses included. Only answers are kept: a failed
 * question is asked again next time. Bounded: past `maxEntries` it starts over (the entries are
 * cheap to ask for again, a slow leak over a long shift is not).
 */
export class TtlCache<T> {
  readonly #entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1000,
  ) {}

  /** The kept answer for `key`, or a new one from `load` (always, with `fresh`) which is kept. */
  async get(key: string, load: () => Promise<T>, fresh = false): Promise<T> {
    const cached = this.#entries.get(key);
    if (cached && cached.until > this.now() && !fresh) return cached.value;
    const value = await load();
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, until: this.now() + this.ttlMs });
    return value;
  }
}
