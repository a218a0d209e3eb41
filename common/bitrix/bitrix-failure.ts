import { z } from 'zod';

/**
 * Why a Bitrix24 request failed, sorted by what the caller should do about it:
 * - `network`, `timeout`, `rate-limited`, `server`: try again later (with backoff);
 * - `sign-in-required`: the grant is gone; hold the work until the agent signs in again;
 * - `rejected`: the portal refused this request as such; retrying the same request cannot help.
 */
export const bitrixFailureKindSchema = z.enum([
  'network',
  'timeout',
  'rate-limited',
  'server',
  'sign-in-required',
  'rejected',
]);
export type BitrixFailureKind = z.infer<typeof bitrixFailureKindSchema>;

/** A failure as the journal keeps it and the agent sees it. */
export const bitrixFailureSchema = z.object({
  kind: bitrixFailureKindSchema,
  /** The portal's error code; may be '' in the field, so never branch on it alone. */
  code: z.string(),
  description: z.string(),
  httpStatus: z.number().int(),
  at: z.number().int(),
});
export type BitrixFailure = z.infer<typeof bitrixFailureSchema>;

/** "Call is not found (call should be registered prior to finishing)": a second finish of one call. */
export function isCallNotFound(description: string): boolean {
  return /call is not found/i.test(description);
}
