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
    /** ISO country of the portal's numbers (the relay's configuration); the renderer dials with it
     * unless the agent's dial rules name a country. */
    country: z.string().optional(),
  }),
  z.object({ state: z.literal('sign-in-required'), relayUrl: z.string(), message: z.string() }),
]);
export type RelayLinkStatus = z.infer<typeof relayLinkSchema>;

/** The outbox that delivers the journal's steps to Bitrix24. */
export const outboxStatusSchema = z.object({
  /** delivering: working or idle; unreachable: the portal failed and the outbox is backing off;
   * sign-in-required: held until the agent signs in again; not-configured: no Bitrix24 yet. */
  state: z.enum(['delivering', 'unreachable', 'sign-in-required', 'not-configured']),
  /** Calls with steps not yet delivered. */
  waitingCalls: z.number().int().nonnegative(),
  /** What the portal answered last while unreachable or held (for the banner). */
  lastError: z.string().nullable(),
  nextAttemptAt: z.number().nullable(),
});
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;

/** The call journal; `setAside` when the file found at start-up was unusable and moved away. */
export const journalStatusSchema = z.object({
  setAside: z
    .object({ path: z.string(), reason: z.string(), kind: z.enum(['corrupt', 'newer-schema']) })
    .nullable(),
});

/**
 * Where the host keeps the agent's secrets (SIP password, relay session, Bitrix24 token):
 * `os-keychain` encrypted by the OS (the desktop app); `owner-only-file` a 0600 file in the 0700
 * profile (the web host); `memory-only` nowhere on disk, because the desktop found no keyring -
 * the agent is told, and enters them again after the next start.
 */
export const secretStorageSchema = z.enum(['os-keychain', 'owner-only-file', 'memory-only']);
export type SecretStorage = z.infer<typeof secretStorageSchema>;

export const hostStatusSchema = z.object({
  bitrix: bitrixLinkSchema,
  /** Absent on hosts built without a relay link. */
  relay: relayLinkSchema.optional(),
  /** Bitrix24 steps waiting to be delivered (registrations, finishes, recordings). */
  pendingSteps: z.number().int().nonnegative(),
  outbox: outboxStatusSchema,
  journal: journalStatusSchema,
  secrets: secretStorageSchema,
});
export type HostStatus = z.infer<typeof hostStatusSchema>;

/** The status of a host with nothing configured and nothing to deliver. */
export const idleHostStatus: HostStatus = {
  bitrix: { state: 'not-configured' },
  pendingSteps: 0,
  outbox: { state: 'not-configured', waitingCalls: 0, lastError: null, nextAttemptAt: null },
  journal: { setAside: null },
  secrets: 'owner-only-file',
};
