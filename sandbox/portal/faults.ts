import { z } from 'zod';
import type { DocumentedSystemError } from './transport/rest-error';
import { documentedSystemErrors, RestError } from './transport/rest-error';

/**
 * Injected faults: how the emulator breaks on demand the way the real portal breaks. They combine
 * freely; each is visible through GET /_sandbox/faults until it is used up or cleared.
 *
 * - `down`: REST and OAuth requests get their connection destroyed as soon as the request head is
 *   read (the client sees ECONNRESET / "socket hang up"); /_sandbox and the UI keep working so the
 *   fault can be lifted. `{"down": {"mode": "refuse", "forMs": N}}` instead closes the listening
 *   socket for N ms (ECONNREFUSED for everyone, /_sandbox included), then listens again.
 * - `status503` / `status500` / `status429` `{count, methods?}`: the next `count` matching REST
 *   requests answer QUERY_LIMIT_EXCEEDED / INTERNAL_SERVER_ERROR / OPERATION_TIME_LIMIT.
 * - `redirect302` `{count, methods?}`: the next `count` matching REST requests answer 302 with a
 *   Location of the same URL, as a renamed portal does: a client that follows a POST as a GET loses
 *   its body (and then sees the method's validation error).
 * - `delayMs` (+ `methods`): matching requests are answered that much later.
 * - `expireAllTokens: true` (one-shot): every access token issued so far now answers expired_token.
 * - `expireTokens` `{count, methods?}`: the next `count` matching REST requests arrive just after
 *   every access token issued so far expired (they answer expired_token, as does everything after
 *   them until a refresh): with `methods: ["upload"]`, the hour runs out between the two legs of an
 *   attachRecord upload, whose uploadUrl carries the access token it was issued with.
 * - `revokeRefreshToken: {user_id}` or `"all"` (one-shot): those refresh tokens give invalid_grant.
 * - `dropEvents: true`: event deliveries are not sent, only recorded as `dropped`.
 * - `duplicateEvents: true`: every event delivery is sent twice (field reports of double clicks).
 * - `eventAgeSec: N`: deliveries carry a `ts` N seconds in the past, as after a backlog in the
 *   portal's event queue (a handler should ignore click-to-call events older than ~15 s; 0 clears).
 * - `leadCreationError: "text"`: registers that would create a lead succeed with LEAD_CREATION_ERROR.
 * - `systemError` `{error, count, status?, methods?}`: the next `count` matching REST requests answer
 *   one of the REST API's documented system errors (PORTAL_DELETED, ACCESS_DENIED, user_access_error,
 *   OVERLOAD_LIMIT, ...) with its documented text and status (or `status` where the pages disagree).
 * - `methods` at the top level targets every fault of the same body at those methods
 *   (case-insensitive, `.json` ignored); a fault's own `methods` wins. OAuth token requests match
 *   the method name `oauth/token`.
 */

const methodList = z.array(z.string().min(1)).min(1);
const counted = z.object({ count: z.number().int().positive(), methods: methodList.optional() }).strict();
const systemError = z
  .object({
    error: z.enum(Object.keys(documentedSystemErrors) as [DocumentedSystemError, ...DocumentedSystemError[]]),
    count: z.number().int().positive(),
    status: z.number().int().min(400).max(599).optional(),
    methods: methodList.optional(),
  })
  .strict();

export const faultBodySchema = z
  .object({
    down: z
      .union([
        z.boolean(),
        z
          .object({
            mode: z.enum(['reset', 'refuse']).optional(),
            forMs: z.number().int().positive().optional(),
          })
          .strict(),
      ])
      .optional(),
    status503: counted.optional(),
    status500: counted.optional(),
    status429: counted.optional(),
    redirect302: counted.optional(),
    expireTokens: counted.optional(),
    systemError: systemError.optional(),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    expireAllTokens: z.literal(true).optional(),
    revokeRefreshToken: z
      .union([z.object({ user_id: z.number().int().positive() }).strict(), z.literal('all'), z.literal(true)])
      .optional(),
    dropEvents: z.boolean().optional(),
    duplicateEvents: z.boolean().optional(),
    eventAgeSec: z.number().int().min(0).max(86_400).optional(),
    leadCreationError: z.union([z.string().min(1), z.null()]).optional(),
    methods: methodList.optional(),
  })
  .strict();

export type FaultBody = z.infer<typeof faultBodySchema>;

export type CountedFaultKind =
  'status503' | 'status500' | 'status429' | 'redirect302' | 'expireTokens' | 'systemError';

interface CountedFault {
  remaining: number;
  methods: string[] | null;
  /** The answer of a `systemError` fault. */
  answer?: RestError;
}

export interface AppliedFault {
  at: string;
  fault: string;
  detail: Record<string, unknown>;
}

/** REST method names compare case-insensitively and without `.json`. */
export function normaliseMethodName(method: string): string {
  return method
    .trim()
    .toLowerCase()
    .replace(/\.json$/, '');
}

export class Faults {
  down: { mode: 'reset' | 'refuse'; since: string; forMs: number | null } | null = null;
  readonly counted: Partial<Record<CountedFaultKind, CountedFault>> = {};
  delay: { ms: number; methods: string[] | null } | null = null;
  dropEvents = false;
  duplicateEvents = false;
  eventAgeSec = 0;
  leadCreationError: string | null = null;
  /** Every fault set, fired or applied, oldest first. */
  readonly history: AppliedFault[] = [];

  /** Sets the persistent parts of a fault body (one-shots are applied by the caller). */
  set(body: FaultBody, at: string): void {
    const methods = body.methods ? body.methods.map(normaliseMethodName) : null;
    if (body.down !== undefined) {
      if (body.down === false) this.down = null;
      else {
        const options = body.down === true ? {} : body.down;
        this.down = { mode: options.mode ?? 'reset', since: at, forMs: options.forMs ?? null };
      }
    }
    for (const kind of [
      'status503',
      'status500',
      'status429',
      'redirect302',
      'expireTokens',
      'systemError',
    ] as const) {
      const fault = body[kind];
      if (fault) {
        this.counted[kind] = {
          remaining: fault.count,
          methods: fault.methods ? fault.methods.map(normaliseMethodName) : methods,
        };
      }
    }
    if (body.systemError && this.counted.systemError) {
      const { error, status } = body.systemError;
      const documented = documentedSystemErrors[error];
      this.counted.systemError.answer = new RestError(
        error,
        documented.description,
        status ?? documented.status,
      );
    }
    if (body.delayMs !== undefined) this.delay = body.delayMs > 0 ? { ms: body.delayMs, methods } : null;
    if (body.dropEvents !== undefined) this.dropEvents = body.dropEvents;
    if (body.duplicateEvents !== undefined) this.duplicateEvents = body.duplicateEvents;
    if (body.eventAgeSec !== undefined) this.eventAgeSec = body.eventAgeSec;
    if (body.leadCreationError !== undefined) this.leadCreationError = body.leadCreationError;
    this.record(at, 'set', body);
  }

  record(at: string, fault: string, detail: Record<string, unknown>): void {
    this.history.push({ at, fault, detail });
  }

  /** Uses up one occurrence of a counted fault if it targets `method`; true when it fires. */
  take(kind: CountedFaultKind, method: string, kindOfRequest: 'rest' | 'oauth', at: string): boolean {
    return this.#takeFault(kind, method, kindOfRequest, at) !== null;
  }

  /** Uses up one `systemError` occurrence if it targets `method`; the error to answer with, or null. */
  takeSystemError(method: string, at: string): RestError | null {
    return this.#takeFault('systemError', method, 'rest', at)?.answer ?? null;
  }

  #takeFault(
    kind: CountedFaultKind,
    method: string,
    kindOfRequest: 'rest' | 'oauth',
    at: string,
  ): CountedFault | null {
    const fault = this.counted[kind];
    if (!fault || !targets(fault.methods, method, kindOfRequest)) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) delete this.counted[kind];
    this.record(at, kind, { method, remaining: Math.max(0, fault.remaining) });
    return fault;
  }

  delayFor(method: string, kindOfRequest: 'rest' | 'oauth'): number {
    if (!this.delay || !targets(this.delay.methods, method, kindOfRequest)) return 0;
    return this.delay.ms;
  }

  clear(at: string): void {
    this.down = null;
    for (const kind of Object.keys(this.counted) as CountedFaultKind[]) delete this.counted[kind];
    this.delay = null;
    this.dropEvents = false;
    this.duplicateEvents = false;
    this.eventAgeSec = 0;
    this.leadCreationError = null;
    this.record(at, 'cleared', {});
  }

  /** The active faults, as GET /_sandbox/faults shows them. */
  active(): Record<string, unknown> {
    const active: Record<string, unknown> = {};
    if (this.down) active.down = this.down;
    for (const [kind, fault] of Object.entries(this.counted)) {
      active[kind] = {
        count: fault.remaining,
        methods: fault.methods,
        ...(fault.answer ? { error: fault.answer.code, status: fault.answer.status } : {}),
      };
    }
    if (this.delay) active.delayMs = { ms: this.delay.ms, methods: this.delay.methods };
    if (this.dropEvents) active.dropEvents = true;
    if (this.duplicateEvents) active.duplicateEvents = true;
    if (this.eventAgeSec > 0) active.eventAgeSec = this.eventAgeSec;
    if (this.leadCreationError) active.leadCreationError = this.leadCreationError;
    return active;
  }
}

function targets(methods: string[] | null, method: string, kindOfRequest: 'rest' | 'oauth'): boolean {
  if (methods === null) return kindOfRequest === 'rest';
  return methods.includes(method);
}
