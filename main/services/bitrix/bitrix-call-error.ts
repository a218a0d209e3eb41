/**
 * Why a Bitrix24 call failed, sorted by what the caller should do about it:
 * - `network`, `timeout`, `rate-limited`, `server`: try again later (with backoff);
 * - `sign-in-required`: the grant is gone; hold the work until the agent signs in again;
 * - `rejected`: the portal refused this request as such; retrying the same request cannot help.
 */
export type BitrixFailureKind =
  'network' | 'timeout' | 'rate-limited' | 'server' | 'sign-in-required' | 'rejected';

export class BitrixCallError extends Error {
  override readonly name = 'BitrixCallError';

  constructor(
    readonly kind: BitrixFailureKind,
    /** The portal's error code (may be '' in the field: never branch on it alone). */
    readonly code: string,
    /** The portal's error text, or what went wrong on the way. */
    readonly description: string,
    readonly httpStatus: number,
  ) {
    super(`${code || kind}: ${description}`);
  }

  get retryable(): boolean {
    return this.kind !== 'rejected' && this.kind !== 'sign-in-required';
  }
}
