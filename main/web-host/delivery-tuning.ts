import { z } from 'zod';
import type { HostServicesOptions } from '../services/host-services-options';

const backoffSchema = z
  .object({
    baseMs: z.number().int().positive(),
    factor: z.number().min(1),
    maxMs: z.number().int().positive(),
  })
  .strict();

/**
 * Timing of the delivery to Bitrix24, for operators and tests (`--tuning '{...}'` on the web
 * host). Every field is optional; the defaults are the production values (common/outbox/retry-policy.ts,
 * main/services/outbox/outbox.ts, the portal's rate limit).
 */
export const deliveryTuningSchema = z
  .object({
    /** Per-request timeout towards the portal. */
    bitrixTimeoutMs: z.number().int().positive().optional(),
    /** How long the portal may still carry out a request we gave up on (its 60 s limit + transit). */
    lateRequestMs: z.number().int().nonnegative().optional(),
    stepBackoff: backoffSchema.optional(),
    portalBackoff: backoffSchema.optional(),
    /** The portal's rate limit (Enterprise plans: burst 250, 5 per second). */
    rateLimit: z
      .object({ burst: z.number().int().positive(), perSecond: z.number().positive() })
      .strict()
      .optional(),
    /** Recordings up to this size go inline in attachRecord, larger ones through its uploadUrl (1 MiB). */
    recordingInlineLimitBytes: z.number().int().nonnegative().optional(),
  })
  .strict();
export type DeliveryTuning = z.infer<typeof deliveryTuningSchema>;

/** The host services options a tuning stands for. */
export function tuningOptions(
  tuning: DeliveryTuning,
): Pick<HostServicesOptions, 'bitrix' | 'outbox' | 'recordings'> {
  return {
    bitrix: {
      ...(tuning.bitrixTimeoutMs ? { timeoutMs: tuning.bitrixTimeoutMs } : {}),
      ...(tuning.rateLimit ? { rateLimit: tuning.rateLimit } : {}),
    },
    outbox: {
      ...(tuning.lateRequestMs === undefined ? {} : { lateRequestMs: tuning.lateRequestMs }),
      ...(tuning.stepBackoff ? { stepBackoff: tuning.stepBackoff } : {}),
      ...(tuning.portalBackoff ? { portalBackoff: tuning.portalBackoff } : {}),
    },
    recordings:
      tuning.recordingInlineLimitBytes === undefined
        ? {}
        : { inlineLimitBytes: tuning.recordingInlineLimitBytes },
  };
}
