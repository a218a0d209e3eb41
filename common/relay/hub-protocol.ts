import { z } from 'zod';
import { invalidNumberCodes } from '../phone/phone-number';

/**
 * The agent hub protocol: the one WebSocket an app holds to the relay (`/agent/hub`), JSON text
 * frames, each validated on both ends against these schemas.
 *
 * - relay -> app: `welcome` once, then `command` (must be accepted or declined by id; kept by the
 *   relay until settled, and sent again after every reconnect until then - the app drops ids it has
 *   already seen), `notice` (fire-and-forget news: a command taken elsewhere, a ring-group CALL_ID,
 *   an answer elsewhere, the callback queue) and `response` to the app's requests.
 * - app -> relay: `request` with an id the app picks; every request gets exactly one `response`.
 *
 * Liveness: the relay sends WebSocket pings every `heartbeatMs`; an app that hears nothing for two
 * periods reconnects. An agent receives only its own commands and can act only as itself: the
 * session on the connection decides who "itself" is, no message carries a USER_ID of its sender.
 */

export const hubPath = '/agent/hub';

/**
 * Header an app sends with the upgrade: a random id of this app instance, kept for the life of the
 * process, so the relay recognises an acceptance it repeats after a reconnect as its own.
 */
export const hubInstanceHeader = 'x-b24phone-instance';

/** Largest frame either side accepts; bigger ones close the connection (1009). */
export const hubMaxFrameBytes = 64 * 1024;

const crmEntityType = z.string().max(32);
const phoneText = z.string().min(1).max(64);

/** Click-to-call: Bitrix24 already registered CALL_ID; the app dials and finishes exactly that id. */
export const clickToCallCommandSchema = z.object({
  kind: z.literal('click-to-call'),
  id: z.string().min(1).max(100),
  callId: z.string().min(1).max(200),
  phoneNumber: phoneText,
  phoneNumberInternational: z.string().max(64).optional(),
  lineNumber: z.string().max(64).optional(),
  extension: z.string().max(64).optional(),
  crmEntityType: crmEntityType.optional(),
  crmEntityId: z.number().int().optional(),
  callListId: z.number().int().optional(),
  isMobile: z.boolean().optional(),
  /** Epoch ms the relay received the event; the relay finishes the call with 480 at `expiresAt`
   * unless an app accepted it first. */
  receivedAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type ClickToCallCommand = z.infer<typeof clickToCallCommandSchema>;

/** A CRM callback request offered to this agent alone, until `expiresAt` or a decline. */
export const callbackOfferCommandSchema = z.object({
  kind: z.literal('callback-offer'),
  id: z.string().min(1).max(100),
  callbackId: z.string().min(1).max(100),
  phoneNumber: phoneText,
  /** What the agent is told (shown and spoken) before dialling. */
  text: z.string().max(2000),
  voice: z.string().max(64).optional(),
  crmEntityType: crmEntityType.optional(),
  crmEntityId: z.number().int().optional(),
  lineNumber: z.string().max(64).optional(),
  requestedAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type CallbackOfferCommand = z.infer<typeof callbackOfferCommandSchema>;

export const hubCommandSchema = z.discriminatedUnion('kind', [
  clickToCallCommandSchema,
  callbackOfferCommandSchema,
]);
export type HubCommand = z.infer<typeof hubCommandSchema>;

/** A callback as agents see the queue. */
export const queuedCallbackSchema = z.object({
  callbackId: z.string(),
  phoneNumber: z.string(),
  text: z.string(),
  crmEntityType: z.string().optional(),
  crmEntityId: z.number().int().optional(),
  lineNumber: z.string().optional(),
  requestedAt: z.number().int(),
  /** waiting: nobody has it; offered: an agent is deciding; accepted: an agent is calling back. */
  state: z.enum(['waiting', 'offered', 'accepted']),
  assignedTo: z.number().int().optional(),
});
export type QueuedCallback = z.infer<typeof queuedCallbackSchema>;

export const hubNoticeSchema = z.discriminatedUnion('kind', [
  /** Another app of this agent accepted the command first, or it expired: stop showing it. */
  z.object({
    kind: z.literal('command-withdrawn'),
    commandId: z.string(),
    reason: z.enum(['taken-elsewhere', 'expired', 'cancelled']),
  }),
  /** The claimant of a ring-group call registered it: show the card for yourself with this CALL_ID. */
  z.object({ kind: z.literal('ring-call-id'), externalCallId: z.string(), callId: z.string() }),
  /** Another member answered the ring-group call: stop ringing and hide the card. */
  z.object({
    kind: z.literal('ring-answered-elsewhere'),
    externalCallId: z.string(),
    callId: z.string().optional(),
    answeredBy: z.number().int(),
  }),
  /**
   * A number this agent clicked that cannot be dialled (common/phone/click-to-call-number.ts): the
   * relay finished the call in Bitrix24 with 404 and `reason`; the app tells the agent why.
   */
  z.object({
    kind: z.literal('click-to-call-refused'),
    callId: z.string(),
    phoneNumber: z.string(),
    code: z.enum(invalidNumberCodes),
    reason: z.string(),
  }),
  /**
   * A ring-group call nobody answered, which the relay finished in Bitrix24 as missed (304) under
   * this agent (the portal's responsible user): the app puts it in its history as missed.
   */
  z.object({
    kind: z.literal('missed-call'),
    callId: z.string().min(1).max(200),
    phoneNumber: phoneText,
    /** Epoch ms the relay finished it. */
    missedAt: z.number().int(),
  }),
  /** The portal's callback queue changed. */
  z.object({ kind: z.literal('callbacks'), callbacks: z.array(queuedCallbackSchema) }),
  /** The session was signed out or revoked; the relay closes the connection right after. */
  z.object({ kind: z.literal('session-ended'), reason: z.string() }),
]);
export type HubNotice = z.infer<typeof hubNoticeSchema>;

/** What an agent tells the relay about itself; the relay offers callbacks only to free agents. */
export const presenceSchema = z.object({
  sipRegistered: z.boolean(),
  busy: z.boolean(),
  dnd: z.boolean(),
});
export type Presence = z.infer<typeof presenceSchema>;

const externalCallId = z.string().min(1).max(256);

/** Requests the app may make, `method -> {params, result}`. */
export const hubRequests = {
  /** Take a command: `yours` means dial (or call back) now; anything else means drop it. */
  'command/accept': {
    params: z.object({ commandId: z.string().min(1).max(100) }),
    result: z.object({ outcome: z.enum(['yours', 'taken', 'expired', 'unknown']) }),
  },
  /**
   * A click-to-call this app cannot dial (its agent's dial rules refuse the number): the relay
   * finishes it with 404 and `reason` as FAILED_REASON, and the agent's other apps drop it.
   */
  'command/refuse': {
    params: z.object({ commandId: z.string().min(1).max(100), reason: z.string().min(1).max(255) }),
    result: z.object({ ok: z.boolean() }),
  },
  /** Refuse a callback offer so the next free agent gets it (click-to-call cannot be declined). */
  'command/decline': {
    params: z.object({ commandId: z.string().min(1).max(100) }),
    result: z.object({ ok: z.boolean() }),
  },
  'presence/update': { params: presenceSchema, result: z.object({ ok: z.literal(true) }) },
  /** The accepted callback was dialled and finished (or given up): it leaves the queue. */
  'callback/done': {
    params: z.object({ callbackId: z.string().min(1).max(100) }),
    result: z.object({ ok: z.boolean() }),
  },
  'callbacks/list': { params: z.object({}), result: z.object({ callbacks: z.array(queuedCallbackSchema) }) },
  /**
   * Claim a ring-group call by its external id. The first claimant registers it and reports the
   * CALL_ID with `ring/registered`; the others get the CALL_ID here or later as a `ring-call-id`
   * notice, and `show` the card for themselves.
   */
  'ring/claim': {
    params: z.object({ externalCallId }),
    result: z.object({
      role: z.enum(['claimant', 'member']),
      callId: z.string().optional(),
      answeredBy: z.number().int().optional(),
    }),
  },
  /**
   * The claimant's CALL_ID for the call; `ok: false` from anyone but the claimant, or for a CALL_ID
   * other than the first one it reported (which stays). A repeat is told to the members again.
   */
  'ring/registered': {
    params: z.object({ externalCallId, callId: z.string().min(1).max(200) }),
    result: z.object({ ok: z.boolean() }),
  },
  /** This agent answered; `first: false` means someone else had already answered it. */
  'ring/answered': {
    params: z.object({ externalCallId }),
    result: z.object({ first: z.boolean(), callId: z.string().optional() }),
  },
  /**
   * This agent's leg ended without being answered here (the PBX cancelled it, with or without a
   * Reason; the agent declined; busy or DND). The relay, not the leg, decides whether the call was
   * missed: only once every member's leg ended and nobody answered.
   */
  'ring/left': {
    params: z.object({ externalCallId }),
    result: z.object({ ok: z.boolean() }),
  },
  /**
   * This agent transferred an answered call to a colleague (docs/ARCHITECTURE.md#transfer): the
   * colleague's app adopts its CALL_ID when the transferred call rings there, and the call is
   * finished once, by whoever ends it; `ok: false` means the relay took nothing, so finish it here.
   */
  'transfer/hand-off': {
    params: z.object({
      callId: z.string().min(1).max(200),
      targetUserId: z.number().int().positive(),
      caller: phoneText,
      answeredAt: z.number().int().nonnegative(),
      talkSeconds: z.number().int().nonnegative(),
    }),
    result: z.object({ ok: z.boolean() }),
  },
  /**
   * A call from `caller` rings here: is it a call a colleague just handed to this agent? With
   * `waitMs`, the relay waits that long for the handoff (the INVITE named a referrer, and the
   * transferring app may not have handed it off yet).
   */
  'transfer/adopt': {
    params: z.object({ caller: phoneText, waitMs: z.number().int().min(0).max(10_000).optional() }),
    result: z.object({
      callId: z.string().optional(),
      answeredAt: z.number().int().nonnegative().optional(),
    }),
  },
  /** The adopted call's leg ended unanswered here: the relay finishes it for the transferring agent. */
  'transfer/left': {
    params: z.object({ callId: z.string().min(1).max(200) }),
    result: z.object({ ok: z.boolean() }),
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

export type HubRequestMethod = keyof typeof hubRequests;
export type HubRequestParams<M extends HubRequestMethod> = z.infer<(typeof hubRequests)[M]['params']>;
export type HubRequestResult<M extends HubRequestMethod> = z.infer<(typeof hubRequests)[M]['result']>;

export const hubRequestMethods = Object.keys(hubRequests) as HubRequestMethod[];

export const hubErrorCodes = ['bad-request', 'not-found', 'forbidden', 'rate-limited', 'internal'] as const;
export type HubErrorCode = (typeof hubErrorCodes)[number];

/** app -> relay */
export const hubClientMessageSchema = z.object({
  t: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.enum(hubRequestMethods as [HubRequestMethod, ...HubRequestMethod[]]),
  params: z.unknown(),
});
export type HubClientMessage = z.infer<typeof hubClientMessageSchema>;

/** relay -> app */
export const hubServerMessageSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('welcome'),
    memberId: z.string(),
    userId: z.number().int(),
    heartbeatMs: z.number().int().positive(),
    /** ISO country of the portal's numbers written without a country code (the relay's
     * configuration for the portal); the agent's own setting overrides it. */
    country: z.string().length(2).optional(),
    /** The agent's default line (LINE_NUMBER when the PBX names none and the agent chose none),
     * from the lines the relay registers. */
    line: z.string().min(1).max(64).optional(),
  }),
  z.object({ t: z.literal('command'), command: hubCommandSchema }),
  z.object({ t: z.literal('notice'), notice: hubNoticeSchema }),
  /** Exactly one of `result` (ok) or `error` (not ok). */
  z.object({
    t: z.literal('response'),
    id: z.number().int(),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.object({ code: z.enum(hubErrorCodes), message: z.string() }).optional(),
  }),
]);
export type HubServerMessage = z.infer<typeof hubServerMessageSchema>;
