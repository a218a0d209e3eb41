/**
 * A value the shell's features follow: the agent's settings and the phone's state. Each feature
 * subscribes to what it derives from; subscribe returns its unsubscribe.
 */
export class WatchedValue<T> {
  #value: T;
  readonly #listeners = new Set<(value: T, previous: T) => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  get(): T {
    return this.#value;
  }

  set(value: T): void {
    const previous = this.#value;
    this.#value = value;
    for (const listener of [...this.#listeners]) listener(value, previous);
  }

  subscribe(listener: (value: T, previous: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
