import type { BitrixFailure, BitrixFailureKind } from '../../../common/bitrix/bitrix-failure';

export type { BitrixFailureKind };

/** A failed Bitrix24 request, sorted by kind (common/bitrix/bitrix-failure.ts) into what to do about it. */
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

  /** The failure as the journal keeps it. */
  toFailure(at: number): BitrixFailure {
    return {
      kind: this.kind,
      code: this.code,
      description: this.description,
      httpStatus: this.httpStatus,
      at,
    };
  }
}
