import { z } from 'zod';
import { callKeySchema } from '../calls/call-fact';

/**
 * What the host asks the renderer's phone to do: the OS notification's Answer/Decline buttons,
 * global shortcuts, the tray menu, the relay's click-to-call and tel:/callto:/sip: links all end up as one of these, pushed as
 * the `phone/command` host event. The phone executes it and reports the outcome as phone state.
 * Without `callKey`, answer/decline mean the oldest ringing incoming call and hangup the oldest
 * call that is not ringing.
 */
const dialledNumber = z.string().regex(/^\+?[0-9]{1,18}$/);

/** A company line as a SIP header value may carry it: digits with an optional `+`. */
export const outgoingLinePattern = /^\+?[0-9]{1,20}$/;

export const phoneCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answer'), callKey: callKeySchema.optional() }),
  z.object({ kind: z.literal('decline'), callKey: callKeySchema.optional() }),
  z.object({ kind: z.literal('hangup'), callKey: callKeySchema.optional() }),
  /** Dial a number already checked by common/phone/phone-number.ts: E.164 or an internal extension. */
  z.object({
    kind: z.literal('dial'),
    number: dialledNumber,
    /** Digits sent as DTMF once the far end answers: the extension a click-to-call number carried. */
    dtmfOnAnswer: z
      .string()
      .regex(/^[0-9*#]{1,32}$/)
      .optional(),
    /** The line the call goes out on (a click-to-call's LINE_NUMBER): sent in the agent's line
     * header, for the PBX to present it as the caller ID (docs/pbx.md#the-line-of-an-outgoing-call). */
    lineNumber: z.string().regex(outgoingLinePattern).optional(),
  }),
  /**
   * A number a tel:/callto:/sip: link carried (common/phone/deep-link.ts). Any web page can send
   * one, so the phone shows the number and dials it only on the agent's confirmation, unless
   * common/phone/link-dial.ts lets it through without asking.
   */
  z.object({ kind: z.literal('dial-link'), number: dialledNumber }),
  z.object({ kind: z.literal('set-dnd'), on: z.boolean() }),
  /** Unregister and return to the sign-in state; the host has already forgotten the relay session. */
  z.object({ kind: z.literal('sign-out') }),
]);
export type PhoneCommand = z.infer<typeof phoneCommandSchema>;
