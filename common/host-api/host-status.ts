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

export const hostStatusSchema = z.object({
  bitrix: bitrixLinkSchema,
  /** Bitrix24 steps waiting to be delivered (registrations, finishes, recordings). */
  pendingSteps: z.number().int().nonnegative(),
});
export type HostStatus = z.infer<typeof hostStatusSchema>;
