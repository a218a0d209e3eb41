import { z } from 'zod';

/**
 * Parameters of the Bitrix24 telephony methods we call, named exactly as the REST API names them
 * (docs/bitrix24-contract.md#telephony-methods), and the steps the call journal keeps for each call.
 */

/** 1 outgoing, 2 incoming, 3 incoming redirected, 4 callback, 5 information call. */
export const callTypeSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type CallType = z.infer<typeof callTypeSchema>;

export const crmEntityTypeSchema = z.enum(['CONTACT', 'COMPANY', 'LEAD']);
export type CrmEntityType = z.infer<typeof crmEntityTypeSchema>;

export const finishStatusCodeSchema = z.enum([
  '200',
  '304',
  '603',
  '603-S',
  '486',
  '404',
  '484',
  '480',
  '403',
  '402',
  '503',
  'OTHER',
]);

export const registerParamsSchema = z.object({
  USER_ID: z.number().int().positive(),
  PHONE_NUMBER: z.string().min(1),
  TYPE: callTypeSchema,
  /** ISO-8601 with the local offset: when the call began ringing. */
  CALL_START_DATE: z.string().min(1),
  /** Unique per physical call, so Bitrix24's 30-minute dedupe never merges two real calls, while a
   * retried register of the same call gets the same CALL_ID back. */
  EXTERNAL_CALL_ID: z.string().min(1),
  LINE_NUMBER: z.string().min(1).optional(),
  /** As planned when the call rang; the outbox sends 0 when the call is over by the time the
   * register goes out (an outage replay must not pop up a card for a call long finished). */
  SHOW: z.union([z.literal(0), z.literal(1)]),
  CRM_CREATE: z.union([z.literal(0), z.literal(1)]),
  CRM_ENTITY_TYPE: crmEntityTypeSchema.optional(),
  CRM_ENTITY_ID: z.number().int().positive().optional(),
  CALL_LIST_ID: z.number().int().positive().optional(),
});
export type RegisterParams = z.infer<typeof registerParamsSchema>;

export interface RegisterResult {
  CALL_ID: string;
  CRM_ENTITY_TYPE?: string | null;
  CRM_ENTITY_ID?: number | string | null;
  CRM_CREATED_LEAD?: number | string | null;
  LEAD_CREATION_ERROR?: string;
}

/** finish without CALL_ID: the outbox fills it in from the call's registration when delivering. */
export const finishParamsSchema = z.object({
  USER_ID: z.number().int().positive(),
  DURATION: z.number().int().nonnegative(),
  STATUS_CODE: finishStatusCodeSchema,
  FAILED_REASON: z.string().min(1).max(255).optional(),
  ADD_TO_CHAT: z.union([z.literal(0), z.literal(1)]).optional(),
});
export type FinishParams = z.infer<typeof finishParamsSchema>;

export const transcriptMessageSchema = z.object({
  SIDE: z.enum(['User', 'Client']),
  START_TIME: z.number().nonnegative(),
  STOP_TIME: z.number().positive(),
  MESSAGE: z.string().min(1),
});

const userIds = z.array(z.number().int().positive()).min(1);

/**
 * One thing to tell Bitrix24 about a call. Every step but `register` needs the call's CALL_ID,
 * which the outbox takes from the journal (our own registration's result, or the CALL_ID the
 * call came with: click-to-call, ring group). `attachRecord` and `attachTranscription` work only
 * after `finish` (Bitrix24 refuses them before), so they are appended after it.
 */
export const bitrixStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('register'), params: registerParamsSchema }),
  z.object({ kind: z.literal('show'), userIds }),
  z.object({ kind: z.literal('hide'), userIds }),
  z.object({ kind: z.literal('finish'), params: finishParamsSchema }),
  /** The recording of this leg, a file in the agent's profile; delivered by the outbox's
   * attachment uploader (one recording per CALL_ID: a second one replaces the first). */
  z.object({
    kind: z.literal('attachRecord'),
    recording: z.object({ path: z.string().min(1), fileName: z.string().min(1) }),
  }),
  /** A missed customer call whose register bound no CRM record: a lead for the caller and a call
   * activity on it, a task to call back (crmCreate.missed; main/services/bitrix/missed-call-lead.ts).
   * Carried out by its own handler after the finish; its progress (the lead's ID) is journaled
   * in the step's result before the activity is added. */
  z.object({
    kind: z.literal('leadForMissedCall'),
    params: z.object({
      PHONE_NUMBER: z.string().min(1),
      USER_ID: z.number().int().positive(),
      /** When the call began ringing, ISO-8601 with the local offset (the activity's time). */
      CALL_START_DATE: z.string().min(1),
    }),
  }),
  z.object({
    kind: z.literal('attachTranscription'),
    params: z.object({
      MESSAGES: z.array(transcriptMessageSchema).min(1),
      COST: z.number().nonnegative().optional(),
      COST_CURRENCY: z.string().min(1).max(3).optional(),
    }),
  }),
]);
export type BitrixStep = z.infer<typeof bitrixStepSchema>;
export type BitrixStepKind = BitrixStep['kind'];
