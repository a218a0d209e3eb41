import { z } from 'zod';

/** How the host's link to Bitrix24 stands, as the agent's status bar shows it. */
export const bitrixLinkSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not-configured') }),
  z.object({ state: z.literal('connected'), portal: z.string(), userId: z.number().int() }),
  /** The last request failed; `message` is what the agent reads, `at` when it happened. */
  z.object({ state: z.literal('error'), portal: z.string(), message: z.string(), at: z.number() }),
  z.object({ state: z.literal('sign-in-required'), portal: z.string(), message: z.string() }),
]);
export type BitrixLink = z.infer<typeof bitrixLinkSchema>;

/**
 * How the app's link to the relay stands (click-to-call, callbacks, ring groups and token refresh
 * go through it). `offline`: signed in, the connection is being re-established.
 */
export const relayLinkSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not-configured') }),
  /** The browser shows the relay's confirmation page with `userCode`; the app shows it too. */
  z.object({
    state: z.literal('signing-in'),
    relayUrl: z.string(),
    authorizeUrl: z.string(),
    userCode: z.string(),
  }),
  z.object({
    state: z.enum(['connecting', 'connected', 'offline']),
    relayUrl: z.string(),
    portal: z.string(),
    userId: z.number().int(),
  }),
  z.object({ state: z.literal('sign-in-required'), relayUrl: z.string(), message: z.string() }),
]);
export type RelayLinkStatus = z.infer<typeof relayLinkSchema>;

export const hostStatusSchema = z.object({
  bitrix: bitrixLinkSchema,
  /** Absent on hosts built without a relay link. */
  relay: relayLinkSchema.optional(),
  /** Bitrix24 steps waiting to be delivered (registrations, finishes, recordings). */
  pendingSteps: z.number().int().nonnegative(),
});
export type HostStatus = z.infer<typeof hostStatusSchema>;
