import { z } from 'zod';
import { bitrixTokensSchema } from '../bitrix/oauth-tokens';
import { awayStatusSchema } from '../bitrix/workday';
import { callFactSchema } from '../calls/call-fact';
import { callSummarySchema } from '../calls/call-summary';
import { phoneCommandSchema } from '../phone/phone-command';
import { invalidNumberCodes } from '../phone/phone-number';
import { phoneStateSchema } from '../phone/phone-state';
import { settingsSchema } from '../settings/settings';
import { callbackOfferCommandSchema, queuedCallbackSchema } from '../relay/hub-protocol';
import { relayDialSchema } from '../relay/relay-dial';
import { systemEventSchema } from '../system/system-event';
import { recordingSummarySchema } from '../recording/recording-summary';
import { hostStatusSchema } from './host-status';

const callKey = z.string().min(1).max(512);
const recordingAppendResultSchema = z.object({
  ok: z.boolean(),
  bytes: z.number().int().nonnegative(),
  reason: z.string().optional(),
});
const httpUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), {
    message: 'The relay address must be an http(s):// URL',
  });

/**
 * The host API: everything the renderer may ask of the host (main process or web host), and
 * everything the host pushes back. One map, namespaced `area/action`; the preload, the web
 * bridge, the renderer's client and main's dispatcher all derive from it, so no channel is
 * declared twice and every call is validated against the same schema on the host side.
 *
 * To add a method: add it here, implement it in main/services/host-handlers.ts; the renderer then
 * calls `host.area.action(...)`.
 */
export const hostMethods = {
  /** The agent's settings as stored. */
  'settings/get': { args: z.tuple([]), result: settingsSchema },
  /** Validates and stores new settings; returns them as stored (defaults filled in). */
  'settings/save': { args: z.tuple([settingsSchema]), result: settingsSchema },
  /** A SIP fact observed by the phone; `accepted: false` with the reason when the host refuses it. */
  'calls/report': {
    args: z.tuple([callFactSchema]),
    result: z.object({ accepted: z.boolean(), reason: z.string().optional() }),
  },
  /** The latest calls, newest first, each with its Bitrix24 sync state and steps. `before`
   * (a ringingAt) pages back through older calls. */
  'calls/history': {
    args: z.tuple([z.object({ limit: z.number().int().min(1).max(500), before: z.number().optional() })]),
    result: z.array(callSummarySchema),
  },
  /** The agent's retry of one Bitrix24 step: a failed one goes back in the queue, a waiting one
   * is tried now. `retried: false` when the step is done or unknown. */
  'outbox/retry': {
    args: z.tuple([z.number().int().positive()]),
    result: z.object({ retried: z.boolean() }),
  },
  /** New Bitrix24 tokens (after the agent signed in again, or from the relay link): stored, and
   * delivery held for sign-in resumes. */
  'bitrix/tokens-updated': { args: z.tuple([bitrixTokensSchema]), result: z.object({ ok: z.literal(true) }) },
  /** The host's current status (Bitrix24 connection, relay link, outbox, journal). */
  'status/get': { args: z.tuple([]), result: hostStatusSchema },
  /**
   * The phone's registration, DND and calls, reported by the renderer on every change. The desktop
   * shell derives its tray, notifications and shortcuts from it; the relay link derives the agent's
   * presence (free for callbacks, able to take a click-to-call) from it.
   */
  'phone/state': { args: z.tuple([phoneStateSchema]), result: z.null() },
  /** The recorder starts (or, after a pause, continues) the recording of a call leg; `bytes` is
   * how much of it the host holds (the offset of the next chunk). */
  'recording/start': { args: z.tuple([z.object({ callKey })]), result: recordingAppendResultSchema },
  /** One encoded MP3 chunk (about a second) at its byte offset in the leg's file; flushed to disk
   * before the answer. A repeated chunk is acknowledged, a gap refused with the host's size. */
  'recording/append': {
    args: z.tuple([
      z.object({
        callKey,
        offset: z.number().int().nonnegative(),
        /** base64 of at most 144 KiB (a bridge frame holds 256 KiB). */
        data: z
          .string()
          .max(262_144)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/),
      }),
    ]),
    result: recordingAppendResultSchema,
  },
  /** The leg's recording is over: the host finalizes it and uploads it after the call's finish. */
  'recording/finish': { args: z.tuple([z.object({ callKey })]), result: recordingSummarySchema.nullable() },
  /** A slice of a finished recording for the history's player (null: no such file). */
  'recording/read': {
    args: z.tuple([
      z.object({
        callKey,
        offset: z.number().int().nonnegative(),
        length: z.number().int().min(1).max(131_072),
      }),
    ]),
    result: z.object({ data: z.string(), total: z.number().int().nonnegative() }).nullable(),
  },
  /** The CRM's name for a caller's number (contact, company or lead), for the ringing call; null when unknown. */
  'calls/caller-name': {
    args: z.tuple([z.string().trim().min(1).max(64)]),
    result: z.string().max(200).nullable(),
  },
  /**
   * The CRM's responsible user for a caller and the extension to transfer the call to ("transfer to
   * responsible"); null when the caller is unknown or the responsible user has no extension; `away`
   * when that user is not at work by their workday.
   */
  'calls/responsible': {
    args: z.tuple([z.string().trim().min(1).max(64)]),
    result: z
      .object({
        userId: z.number().int().positive(),
        extension: z.string(),
        crmEntityType: z.string().optional(),
        crmEntityId: z.number().int().optional(),
        away: z.object({ timemanStatus: awayStatusSchema }).optional(),
      })
      .nullable(),
  },
  /**
   * "Sign in with Bitrix24" through the company's relay: the host opens the portal's sign-in page in
   * the system browser (and returns its address for hosts that cannot); the status says when done.
   */
  'relay/sign-in': {
    args: z.tuple([z.object({ relayUrl: httpUrl, portal: z.string().trim().max(255).optional() })]),
    /** `opened: false`: the host could not open a browser; the page opens `authorizeUrl` itself. */
    result: z.object({ authorizeUrl: z.string(), userCode: z.string(), opened: z.boolean() }),
  },
  'relay/sign-out': { args: z.tuple([]), result: z.object({ ok: z.literal(true) }) },
  /** Take a callback offered by the relay (`relay/callback-offer`); `yours` means call back now. */
  'relay/accept-callback': {
    args: z.tuple([z.string().min(1).max(100)]),
    result: z.object({ outcome: z.enum(['yours', 'taken', 'expired', 'unknown']) }),
  },
  'relay/decline-callback': {
    args: z.tuple([z.string().min(1).max(100)]),
    result: z.object({ ok: z.boolean() }),
  },
  /**
   * The callback queue and the offers waiting for this agent as the host last heard them (the relay
   * pushes changes only: a page that opens later starts from this). `queue` null: no word from the
   * relay yet.
   */
  'relay/callbacks': {
    args: z.tuple([]),
    result: z.object({
      queue: z.array(queuedCallbackSchema).nullable(),
      offers: z.array(callbackOfferCommandSchema),
    }),
  },
} as const satisfies Record<string, { args: z.ZodTuple; result: z.ZodType }>;

/** What the host pushes to the renderer. */
export const hostEvents = {
  'status/changed': hostStatusSchema,
  /** A call of the history changed (a fact, a delivery, a retry). */
  'calls/changed': callSummarySchema,
  /** A ring-group call the relay finished as missed under this agent (the portal's responsible
   * user) is in the history now: the agent is told. */
  'calls/missed': z.object({ callKey: z.string(), remoteNumber: z.string() }),
  /** Something the phone should do that was asked outside the page: OS notification, tray, shortcut, tel: link. */
  'phone/command': phoneCommandSchema,
  /** The machine slept, woke, locked or changed network: the phone re-checks its registration. */
  'system/changed': systemEventSchema,
  /**
   * A call this app dials for the relay (click-to-call taken, callback accepted). The phone gets its
   * `phone/command` dial; this carries what the UI shows with it (CRM entity, call list, the
   * callback's text). The host gives the dialled call its CALL_ID.
   */
  'relay/dial': relayDialSchema,
  /** A callback request offered to this agent alone until `expiresAt`: accept or decline. */
  'relay/callback-offer': callbackOfferCommandSchema,
  /** Stop showing an offer: taken by another app, expired, or withdrawn. */
  'relay/command-withdrawn': z.object({ commandId: z.string(), reason: z.string() }),
  /** The portal's callback queue as agents see it. */
  'relay/callbacks': z.array(queuedCallbackSchema),
  /**
   * A number the agent clicked in Bitrix24 that cannot be dialled (refused by the relay, which
   * finished the call with 404, or by this app's number rules): shown to the agent with why.
   */
  'relay/click-to-call-refused': z.object({
    phoneNumber: z.string(),
    code: z.enum(invalidNumberCodes),
    reason: z.string(),
  }),
  /**
   * A number the agent clicked in the Bitrix24 mobile app, left to that app (the agent has not
   * chosen to dial mobile clicks here): shown to the agent, who may wonder why the desktop is idle.
   */
  'relay/mobile-click-left': z.object({ phoneNumber: z.string() }),
} as const satisfies Record<string, z.ZodType>;

export type HostMethods = typeof hostMethods;
export type HostMethodName = keyof HostMethods;
export type HostMethodArgs<K extends HostMethodName> = z.infer<HostMethods[K]['args']>;
export type HostMethodResult<K extends HostMethodName> = z.infer<HostMethods[K]['result']>;

export type HostEvents = typeof hostEvents;
export type HostEventName = keyof HostEvents;
export type HostEventPayload<E extends HostEventName> = z.infer<HostEvents[E]>;

export const hostMethodNames = Object.keys(hostMethods) as HostMethodName[];
export const hostEventNames = Object.keys(hostEvents) as HostEventName[];

export function isHostMethodName(name: unknown): name is HostMethodName {
  return typeof name === 'string' && Object.hasOwn(hostMethods, name);
}

export function isHostEventName(name: unknown): name is HostEventName {
  return typeof name === 'string' && Object.hasOwn(hostEvents, name);
}
