import type { HostEventName, HostEventPayload } from '../../../common/host-api/contract';

type Listener = (payload: unknown) => void;

/**
 * Events the host pushes to the renderer(s). Services emit; the shell forwards to its window over
 * IPC and the web host to every connected tab. Each subscription returns its unsubscribe.
 */
export class HostEventBus {
  readonly #listeners = new Map<HostEventName, Set<Listener>>();

  emit<E extends HostEventName>(event: E, payload: HostEventPayload<E>): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }

  on<E extends HostEventName>(event: E, listener: (payload: HostEventPayload<E>) => void): () => void {
    const listeners = this.#listeners.get(event) ?? new Set<Listener>();
    this.#listeners.set(event, listeners);
    listeners.add(listener as Listener);
    return () => listeners.delete(listener as Listener);
  }
}
