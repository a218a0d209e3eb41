import { z } from 'zod';

/**
 * SIP facts: what the renderer's phone observed about a call leg, reported to the host
 * (`calls/report`) as they happen and in the order they happened. The host journals each fact
 * before acting on it and turns it into Bitrix24 steps (common/calls/call-lifecycle.ts); the
 * renderer never talks to Bitrix24. Times are epoch milliseconds taken where the fact happened.
 *
 * The vocabulary, for the phone that emits it:
 *
 * | fact          | emit when                                                  | valid after            |
 * |---------------|------------------------------------------------------------|------------------------|
 * | `ringing`     | an INVITE arrived (incoming) or we sent one (outgoing)     | nothing: first fact    |
 * | `answered`    | the leg is established (200 OK sent or received)           | ringing                |
 * | `held`        | our hold re-INVITE succeeded (not when it was only tried)  | answered               |
 * | `resumed`     | our unhold re-INVITE succeeded                             | held                   |
 * | `transferred` | the customer was handed over (REFER accepted: blind; or    | answered, held         |
 * |               | NOTIFY 200 for an attended transfer); BYE follows as usual |                        |
 * | `ended`       | the leg is over, with why (see EndReason)                  | anything but ended     |
 *
 * One `callKey` per leg, stable for its life; a new call (even from the same number, even a
 * redial) gets a new key. Anything out of this order is refused with a logged reason and changes
 * nothing: the phone should not resend a refused fact.
 */

const epochMs = z.number().int().nonnegative();

/** Our key for one call leg in this app: stable for the leg's life (the SIP Call-ID plus our tag). */
export const callKeySchema = z.string().min(1).max(300);
export type CallKey = z.infer<typeof callKeySchema>;

/** A CRM record a call is about, as Bitrix24 names it. */
export const crmEntitySchema = z.object({
  type: z.enum(['CONTACT', 'COMPANY', 'LEAD']),
  id: z.number().int().positive(),
});
export type CrmEntity = z.infer<typeof crmEntitySchema>;

/** A Bitrix24 CALL_ID (`externalCall.<hex>.<ts>`), when the call was registered by someone else. */
const bitrixCallId = z.string().min(1).max(200);

/**
 * Why the call exists, which decides who registers it in Bitrix24 and how.
 *
 * - `pbx` (default for incoming): a call the PBX routed to us; we register it, TYPE 2.
 *   `ringGroupClaimant`: we claimed it for a ring group through the relay and share its CALL_ID,
 *   so when a colleague answers it, their app finishes it; otherwise we registered it alone and
 *   nobody else can finish it.
 * - `dialpad` (default for outgoing): the agent dialled (dialpad, redial, tel: link); TYPE 1.
 * - `click-to-call` (outgoing): dialled for ONEXTERNALCALLSTART. Bitrix24 registered it already:
 *   we never register, we finish the event's CALL_ID; CALL_LIST_ID and the CRM entity are kept.
 * - `callback` (outgoing): dialled for ONEXTERNALCALLBACKSTART; we register TYPE 4 with the CRM
 *   entity and the line of the callback form.
 * - `ring-group` (incoming): another app claimed and registered this call (the relay shares its
 *   CALL_ID); we show our card on it, finish it only if we answer, and only hide it otherwise.
 * - `consultation` (outgoing): the agent called a colleague to consult before an attended
 *   transfer; not a customer call, so Bitrix24 never hears of it.
 * - `missed-group-call` (incoming): a ring-group call nobody answered, which the relay finished as
 *   missed (304) under this agent, the portal's responsible user; it rang elsewhere, so the
 *   history is told of it (ringing, then ended) and Bitrix24 hears nothing more from us.
 * - `transfer` (incoming): a colleague transferred this customer's call to us and handed its
 *   CALL_ID over through the relay; we show our card on it, finish it only if we answer (DURATION
 *   from `answeredAt`, the first answer), and only hide it otherwise - the relay then finishes it.
 */
export const callOriginSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pbx'), ringGroupClaimant: z.literal(true).optional() }),
  z.object({ kind: z.literal('dialpad') }),
  z.object({
    kind: z.literal('click-to-call'),
    callId: bitrixCallId,
    callListId: z.number().int().positive().optional(),
    crmEntity: crmEntitySchema.optional(),
  }),
  z.object({
    kind: z.literal('callback'),
    crmEntity: crmEntitySchema.optional(),
    lineNumber: z.string().min(1).max(64).optional(),
  }),
  z.object({ kind: z.literal('ring-group'), callId: bitrixCallId }),
  z.object({ kind: z.literal('consultation') }),
  z.object({ kind: z.literal('missed-group-call'), callId: bitrixCallId }),
  z.object({ kind: z.literal('transfer'), callId: bitrixCallId, answeredAt: z.number().int().nonnegative() }),
]);
export type CallOrigin = z.infer<typeof callOriginSchema>;

/** Why a call ended, in SIP terms; the host maps it to a Bitrix24 STATUS_CODE (common/calls/status-code.ts). */
export const endReasonSchema = z.discriminatedUnion('kind', [
  /** BYE after the call was answered, from either side. */
  z.object({ kind: z.literal('hangup'), by: z.enum(['local', 'remote']) }),
  /** Incoming call withdrawn by the caller before we answered (CANCEL); `completedElsewhere` when the
   * CANCEL carried `Reason: SIP;cause=200` (another device of a fork answered). */
  z.object({ kind: z.literal('caller-cancelled'), completedElsewhere: z.boolean() }),
  /** Incoming call refused here: by the agent (603), or because the agent was busy or on DND
   * (486 / 600: the phone's automatic answer). */
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
  /** Why the call exists; `pbx` for incoming and `dialpad` for outgoing when absent. */
  origin: callOriginSchema.optional(),
  /** The PBX redirected the call to us (forwarding: a Diversion header, or History-Info naming a
   * retarget): Bitrix24's TYPE 3. */
  redirected: z.literal(true).optional(),
  /** The other party is a colleague: an active Bitrix24 user's extension (the host looks it up).
   * Agent to agent is no customer call; Bitrix24 never hears of it. */
  colleague: z.literal(true).optional(),
  /** The INVITE names who referred the caller here (Referred-By): a colleague's transfer sent it. */
  referred: z.literal(true).optional(),
  at: epochMs,
});

const answeredFact = z.object({ type: z.literal('answered'), callKey: callKeySchema, at: epochMs });
const heldFact = z.object({ type: z.literal('held'), callKey: callKeySchema, at: epochMs });
const resumedFact = z.object({ type: z.literal('resumed'), callKey: callKeySchema, at: epochMs });

const transferredFact = z.object({
  type: z.literal('transferred'),
  callKey: callKeySchema,
  /** Where the customer went: the number or extension dialled, and the Bitrix24 user behind it
   * when known (UF_PHONE_INNER lookup), whose card opens for the call. */
  target: z.object({
    number: z.string().min(1).max(64),
    userId: z.number().int().positive().optional(),
  }),
  /** The relay took the call's CALL_ID for the target's app, which finishes it: we only hide (the
   * host sets it). */
  handedOff: z.literal(true).optional(),
  at: epochMs,
});

/**
 * How the call sounded, measured by the phone from WebRTC statistics over the talk time: stored
 * with the call so a complaint about a bad line can be checked later. Absent when nothing was
 * measured (never answered, or too short).
 */
export const callQualitySummarySchema = z.object({
  codec: z.string().max(40).optional(),
  /** Estimated MOS (ITU-T G.107 E-model from delay, jitter and loss), 1..4.5. */
  mosAverage: z.number().min(1).max(5),
  mosMin: z.number().min(1).max(5),
  /** Received packets lost over the call, in percent. */
  packetLossPercent: z.number().min(0).max(100),
  jitterMsAverage: z.number().min(0).max(10_000),
  jitterMsMax: z.number().min(0).max(10_000),
  roundTripMsAverage: z.number().min(0).max(60_000).optional(),
  /** Seconds of the call below the "poor" threshold (the agent saw a warning). */
  poorSeconds: z.number().int().min(0),
  samples: z.number().int().positive(),
});
export type CallQualitySummary = z.infer<typeof callQualitySummarySchema>;

const endedFact = z.object({
  type: z.literal('ended'),
  callKey: callKeySchema,
  reason: endReasonSchema,
  /** Media quality over the call, when it was answered and measured. */
  quality: callQualitySummarySchema.optional(),
  at: epochMs,
});

export const callFactSchema = z.discriminatedUnion('type', [
  ringingFact,
  answeredFact,
  heldFact,
  resumedFact,
  transferredFact,
  endedFact,
]);
export type CallFact = z.infer<typeof callFactSchema>;
export type RingingFact = z.infer<typeof ringingFact>;
export type TransferredFact = z.infer<typeof transferredFact>;
export type EndedFact = z.infer<typeof endedFact>;
