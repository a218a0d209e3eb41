import { z } from 'zod';
import { bitrixFailureSchema } from '../bitrix/bitrix-failure';
import { recordingSummarySchema } from '../recording/recording-summary';

/**
 * A call as the history shows it: what happened and how far Bitrix24 knows about it.
 * Built by the host from the journal (common/outbox/sync-state.ts), pushed on every change.
 */

export const stepStateSchema = z.enum(['pending', 'sending', 'done', 'failed', 'skipped']);

export const stepSummarySchema = z.object({
  id: z.number().int(),
  kind: z.enum([
    'register',
    'show',
    'hide',
    'finish',
    'attachRecord',
    'leadForMissedCall',
    'attachTranscription',
  ]),
  state: stepStateSchema,
  attempts: z.number().int().nonnegative(),
  lastError: bitrixFailureSchema.nullable(),
  /** When a waiting step is tried next (0: as soon as possible). */
  notBefore: z.number(),
});
export type StepSummary = z.infer<typeof stepSummarySchema>;

/**
 * How far Bitrix24 knows about a call:
 * - `synced`: every step delivered (or pointless and skipped);
 * - `pending`: steps waiting their turn, nothing wrong;
 * - `retrying`: a step failed for a reason that heals (portal down, slow, rate-limited) and is
 *   retried with backoff; `error` says what went wrong last;
 * - `needs-sign-in`: steps wait for the agent to sign in to Bitrix24 again;
 * - `failed`: Bitrix24 refused a step; it waits for the agent's retry.
 */
export const syncStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('synced') }),
  z.object({ state: z.literal('pending'), waitingSteps: z.number().int().positive() }),
  z.object({
    state: z.literal('retrying'),
    waitingSteps: z.number().int().positive(),
    attempts: z.number().int().nonnegative(),
    error: bitrixFailureSchema,
    nextAttemptAt: z.number().nullable(),
  }),
  z.object({ state: z.literal('needs-sign-in'), waitingSteps: z.number().int().positive() }),
  z.object({
    state: z.literal('failed'),
    stepId: z.number().int(),
    stepKind: stepSummarySchema.shape.kind,
    error: bitrixFailureSchema,
  }),
]);
export type SyncState = z.infer<typeof syncStateSchema>;

export const callSummarySchema = z.object({
  callKey: z.string(),
  direction: z.enum(['incoming', 'outgoing']),
  origin: z.enum([
    'pbx',
    'dialpad',
    'click-to-call',
    'callback',
    'ring-group',
    'consultation',
    'transfer',
    'missed-group-call',
  ]),
  remoteNumber: z.string(),
  phase: z.enum(['ringing', 'answered', 'held', 'transferred', 'ended']),
  ringingAt: z.number(),
  answeredAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  durationSeconds: z.number().int().nullable(),
  /** The STATUS_CODE finish carried; null while the call goes on or when it was only hidden. */
  statusCode: z.string().nullable(),
  /** Another phone answered it while it rang here (whatever finish said, if we sent one). */
  answeredElsewhere: z.boolean(),
  /** The Bitrix24 CALL_ID, once known. */
  callId: z.string().nullable(),
  sync: syncStateSchema,
  steps: z.array(stepSummarySchema),
  /** The leg's recording, if one was made. */
  recording: recordingSummarySchema.nullable().optional(),
});
export type CallSummary = z.infer<typeof callSummarySchema>;
