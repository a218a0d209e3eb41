import {
  hostMethodNames,
  type HostEventName,
  type HostEventPayload,
  type HostMethodArgs,
  type HostMethodName,
  type HostMethodResult,
} from './contract';

type AreaOf<K> = K extends `${infer Area}/${string}` ? Area : never;
type ActionOf<K, Area extends string> = K extends `${Area}/${infer Action}` ? Action : never;
type MethodOf<Area extends string, Action extends string> = `${Area}/${Action}` & HostMethodName;

/**
 * The host API as the renderer sees it: `host.settings.get()`, `host.calls.report(fact)`, and
 * `host.on(event, listener)` which returns its unsubscribe. Derived from the contract.
 */
export type HostApi = {
  readonly [Area in AreaOf<HostMethodName>]: {
    readonly [Action in ActionOf<HostMethodName, Area>]: (
      ...args: HostMethodArgs<MethodOf<Area, Action>>
    ) => Promise<HostMethodResult<MethodOf<Area, Action>>>;
  };
} & {
  on<E extends HostEventName>(event: E, listener: (payload: HostEventPayload<E>) => void): () => void;
};

/** How a host API reaches the host: Electron IPC in the preload, a WebSocket on the web host. */
export interface HostTransport {
  invoke(method: HostMethodName, args: unknown[]): Promise<unknown>;
  subscribe(event: HostEventName, listener: (payload: unknown) => void): () => void;
}

/** Builds the nested, typed API over a transport; the host validates what crosses it. */
export function buildHostApi(transport: HostTransport): HostApi {
  const api: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const method of hostMethodNames) {
    const [area, action] = method.split('/') as [string, string];
    api[area] ??= {};
    api[area][action] = (...args: unknown[]) => transport.invoke(method, args);
  }
  const on = (event: HostEventName, listener: (payload: unknown) => void) =>
    transport.subscribe(event, listener);
  return Object.freeze({ ...api, on }) as unknown as HostApi;
}
