type Listeners<Events, E extends keyof Events> = Set<(...args: Events[E] & unknown[]) => void>;

/**
 * Named events with typed arguments: the one listener list behind the host's event bus, the relay
 * links, the ring-group coordinator, the shell's watched values and the page's bridge transports.
 * `Events` maps each event's name to the arguments its listeners receive. Listeners run in the
 * order they subscribed; one that subscribes or unsubscribes during an emit takes effect from the
 * next emit. `on` returns the listener's unsubscribe.
 */
export class Emitter<Events extends { [E in keyof Events]: unknown[] }> {
  // A Map, not an object: event names may come off the wire (the bridge), `__proto__` included.
  readonly #listeners = new Map<keyof Events, Listeners<Events, keyof Events>>();

  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): () => void {
    const listeners = this.#of(event) ?? new Set();
    this.#listeners.set(event, listeners as Listeners<Events, keyof Events>);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }

  emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    for (const listener of [...(this.#of(event) ?? [])]) listener(...args);
  }

  #of<E extends keyof Events>(event: E): Listeners<Events, E> | undefined {
    return this.#listeners.get(event);
  }
}

/** The side of an emitter its owner hands out: others listen, only the owner emits. */
export type Listenable<Events extends { [E in keyof Events]: unknown[] }> = Pick<Emitter<Events>, 'on'>;
