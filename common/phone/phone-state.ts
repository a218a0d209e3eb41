import { z } from 'zod';
import { callDirectionSchema, callKeySchema } from '../calls/call-fact';

/**
 * What the renderer's phone reports to the host whenever it changes: registration, DND and the
 * calls it holds. The desktop shell derives the tray colour, incoming-call notifications, global
 * shortcuts and "bring to front on ring" from it; the phone itself stays in the renderer.
 * It is a snapshot, not a history: the call lifecycle and its Bitrix24 steps travel as call facts.
 */

/**
 * The SIP registration as the agent sees it.
 * not-configured -> registering -> registered | failed; registered -> registering (refresh or
 * reconnect) | failed; failed -> registering (retry); any -> not-configured (account removed).
 */
export const registrationStateSchema = z.enum(['not-configured', 'registering', 'registered', 'failed']);
export type RegistrationState = z.infer<typeof registrationStateSchema>;

/** ringing -> connecting (answered, media not yet up) -> active <-> held; the call leaves the list when it ends. */
export const phoneCallStateSchema = z.enum(['ringing', 'connecting', 'active', 'held']);
export type PhoneCallState = z.infer<typeof phoneCallStateSchema>;

export const phoneCallSchema = z.object({
  callKey: callKeySchema,
  direction: callDirectionSchema,
  state: phoneCallStateSchema,
  /** The other party's number as SIP presented it; shown in notifications as is. */
  remoteNumber: z.string().max(64),
  /** A name for the caller when the phone or the CRM knows one. */
  remoteName: z.string().max(100).optional(),
});
export type PhoneCall = z.infer<typeof phoneCallSchema>;

export const phoneStateSchema = z.object({
  registration: registrationStateSchema,
  /** Do not disturb: the phone declines incoming calls itself. */
  dnd: z.boolean(),
  /** Calls in progress, oldest first. A softphone holds a few lines, never dozens. */
  calls: z.array(phoneCallSchema).max(8),
});
export type PhoneState = z.infer<typeof phoneStateSchema>;

/** What the host assumes until the renderer first reports. */
export const initialPhoneState: PhoneState = { registration: 'not-configured', dnd: false, calls: [] };
