import type { RestError } from './rest-error';
import type { TimeEnvelope } from './time-envelope';

/** The outcome of one method run, before it becomes an HTTP answer or a batch entry. */
export type MethodOutcome =
  | { ok: true; result: unknown; total: number | null; next: number | null; time: TimeEnvelope }
  | { ok: false; error: RestError };
