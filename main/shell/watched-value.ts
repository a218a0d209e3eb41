import { Emitter } from '../../common/events/emitter';

/**
 * A value the shell's features follow: the agent's settings and the phone's state. Each feature
 * subscribes to what it derives from; subscribe returns its unsubscribe.
 */
export class WatchedValue<T> {
  #value: T;
  readonly #events = new Emitter<{ change: [value: T, previous: T] }>();

  constructor(initial: T) {
    this.#value = initial;
  }

  get(): T {
    return this.#value;
  }

  set(value: T): void {
    const previous = this.#value;
    this.#value = value;
    this.#events.emit('change', value, previous);
  }

  subscribe(listener: (value: T, previous: T) => void): () => void {
    return this.#events.on('change', listener);
  }
}
