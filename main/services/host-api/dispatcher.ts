import {
  hostMethods,
  isHostMethodName,
  type HostMethodArgs,
  type HostMethodName,
  type HostMethodResult,
} from '../../../common/host-api/contract';
import type { Logger } from '../log/logger';

/** The host's implementation of every method of the contract. */
export type HostApiHandlers = {
  [K in HostMethodName]: (...args: HostMethodArgs<K>) => Promise<HostMethodResult<K>> | HostMethodResult<K>;
};

/** A call the host refused: unknown method or arguments that do not match the contract. */
export class RejectedHostCall extends Error {
  override readonly name = 'RejectedHostCall';
}

export type HostDispatch = (method: unknown, args: unknown) => Promise<unknown>;

/**
 * Validates every incoming call against the contract before a handler sees it, and every result
 * before it leaves. Invalid calls are dropped: logged with what was wrong and answered with a
 * rejection, never passed on. Both Electron IPC (main/shell) and the web bridge use this.
 */
export function createHostDispatcher(handlers: HostApiHandlers, log: Logger): HostDispatch {
  return async (method, args) => {
    if (!isHostMethodName(method)) {
      log.warn({ method: String(method).slice(0, 100) }, 'host call dropped: unknown method');
      throw new RejectedHostCall('Unknown host method');
    }
    const spec = hostMethods[method];
    const parsed = spec.args.safeParse(args);
    if (!parsed.success) {
      log.warn({ method, issues: parsed.error.issues.slice(0, 5) }, 'host call dropped: invalid arguments');
      throw new RejectedHostCall(`Invalid arguments for ${method}`);
    }
    const handler = handlers[method] as (...a: unknown[]) => unknown;
    const result = await handler(...(parsed.data as unknown[]));
    return spec.result.parse(result);
  };
}
