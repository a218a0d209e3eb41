import type { App, ParamMap, ParamValue, User } from '../state/model';
import { phpInt } from '../transport/php-params';
import type { Portal } from '../state/portal';
import type { UploadedFile } from '../transport/request-params';

/** Who is calling: an application's OAuth token, or an inbound webhook. */
export interface AuthContext {
  kind: 'oauth' | 'webhook';
  user: User;
  /** The application for OAuth calls; null for webhooks (no application context). */
  app: App | null;
  scope: string[];
  accessToken: string | null;
  /** The inbound webhook's path credentials, for webhook calls. */
  webhook: { userId: number; code: string } | null;
}

export interface MethodContext {
  portal: Portal;
  auth: AuthContext;
  params: ParamMap;
  files: UploadedFile[];
  /** Id of the request in the request log (batch commands get their own). */
  requestId: number;
}

/** A list answer: `result` plus the envelope's `total` and (when there is a next page) `next`. */
export class ListResult {
  constructor(
    readonly items: unknown[],
    /** null with `start=-1`: the portal skips counting. */
    readonly total: number | null,
    readonly next: number | null,
  ) {}
}

export interface MethodDefinition {
  /** Lower-case method name. */
  name: string;
  /** Scopes any one of which allows the call; empty for `basic` methods. */
  scopes: string[];
  /** Methods that work only in an application's context: a webhook gets WRONG_AUTH_TYPE. */
  appOnly: boolean;
  /** Whether it may run inside `batch`. */
  batchable: boolean;
  handle(context: MethodContext): unknown;
}

export function method(
  name: string,
  options: { scopes?: string[]; appOnly?: boolean; batchable?: boolean },
  handle: (context: MethodContext) => unknown,
): MethodDefinition {
  return {
    name: name.toLowerCase(),
    scopes: options.scopes ?? [],
    appOnly: options.appOnly ?? false,
    batchable: options.batchable ?? true,
    handle,
  };
}

/**
 * Paging as list methods do it: 50 per page from `start`; `next` only when more remain. `start=-1`
 * (the "huge data" mode the SDK's fetchList uses with a `>ID` filter) gives the first 50 without
 * `total` or `next`.
 */
export function page<T>(items: T[], start: ParamValue | undefined): ListResult {
  if (phpInt(start) === -1) return new ListResult(items.slice(0, 50), null, null);
  const offset = Math.max(0, phpInt(start));
  const slice = items.slice(offset, offset + 50);
  const next = offset + 50 < items.length ? offset + 50 : null;
  return new ListResult(slice, items.length, next);
}
