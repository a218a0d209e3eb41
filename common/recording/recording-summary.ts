import { z } from 'zod';

/**
 * A call leg's recording as the history shows it. `state`: recording (being written), complete
 * (waiting for the call's finish), queued (its attachRecord step is in the outbox: the step's
 * state says whether it is uploaded), unusable (empty or unreadable: kept on disk, never
 * uploaded; `problem` says why), deleted (removed by the retention policy).
 */
export const recordingSummarySchema = z.object({
  state: z.enum(['recording', 'complete', 'queued', 'unusable', 'deleted']),
  bytes: z.number().int().nonnegative(),
  durationSec: z.number().nonnegative(),
  problem: z.string().nullable(),
});
export type RecordingSummary = z.infer<typeof recordingSummarySchema>;
