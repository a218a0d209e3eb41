import { z } from 'zod';

/**
 * SIP facts: what the renderer's phone observed about a call, reported to the host as they happen.
 * The host journals each fact and turns it into Bitrix24 steps; the renderer never talks to Bitrix24.
 * Times are epoch milliseconds taken where the fact happened (the renderer's clock).
 */

const epochMs = z.number().int().nonnegative();

/** Our key for one call leg in this app: stable for the leg's life (the SIP Call-ID plus our tag). */
export const callKeySchema = z.string().min(1).max(300);
export type CallKey = z.infer<typeof callKeySchema>;

/** Why a call ended, in SIP terms; the host maps it to a Bitrix24 STATUS_CODE (common/calls/status-code.ts). */
export const endReasonSchema = z.discriminatedUnion('kind', [
  /** BYE after the call was answered, from either side. */
  z.object({ kind: z.literal('hangup'), by: z.enum(['local', 'remote']) }),
  /** Incoming call withdrawn by the caller before we answered (CANCEL); `completedElsewhere` when the
   * CANCEL carried `Reason: SIP;cause=200` (another device of a fork answered). */
  z.object({ kind: z.literal('caller-cancelled'), completedElsewhere: z.boolean() }),
  /** Incoming call rejected by the agent (or by DND). */
  z.object({ kind: z.literal('declined'), sipCode: z.number().int().min(400).max(699) }),
  /** Outgoing call withdrawn by the agent before it was answered. */
  z.object({ kind: z.literal('cancelled') }),
  /** Outgoing call refused by the far end or the network with a final SIP response. */
  z.object({
    kind: z.literal('rejected'),
    sipCode: z.number().int().min(300).max(699),
    reasonPhrase: z.string().max(200),
  }),
  /** The call broke without a SIP answer (transport lost, media failure). */
  z.object({ kind: z.literal('failed'), reasonPhrase: z.string().max(200) }),
]);
export type EndReason = z.infer<typeof endReasonSchema>;

export const callDirectionSchema = z.enum(['incoming', 'outgoing']);
export type CallDirection = z.infer<typeof callDirectionSchema>;

const ringingFact = z.object({
  type: z.literal('ringing'),
  callKey: callKeySchema,
  direction: callDirectionSchema,
  /** SIP Call-ID of the leg; the PBX call id header, when configured and present, wins for EXTERNAL_CALL_ID. */
  sipCallId: z.string().min(1).max(256),
  pbxCallId: z.string().min(1).max(256).optional(),
  /** The customer's number as SIP presented it (From user for incoming, dialled number for outgoing). */
  remoteNumber: z.string().min(1).max(64),
  /** The called line (external number) from the configured header, when the PBX sends one. */
  lineNumber: z.string().min(1).max(64).optional(),
  at: epochMs,
});

const answeredFact = z.object({ type: z.literal('answered'), callKey: callKeySchema, at: epochMs });

const endedFact = z.object({
  type: z.literal('ended'),
  callKey: callKeySchema,
  reason: endReasonSchema,
  at: epochMs,
});

export const callFactSchema = z.discriminatedUnion('type', [ringingFact, answeredFact, endedFact]);
export type CallFact = z.infer<typeof callFactSchema>;
export type RingingFact = z.infer<typeof ringingFact>;
