import { z } from 'zod';

/**
 * The relay's HTTP API for apps (sign-in, token broker, sign-out), shared by the relay's routes and
 * the app's relay link so both validate the same shapes. Agent requests carry the relay session as
 * `Authorization: Bearer <session>`. The relay never hands out the client secret or a refresh token.
 */

export const relayPaths = {
  signIn: '/agent/sign-in',
  signInConfirm: '/agent/sign-in/confirm',
  signInPoll: '/agent/sign-in/poll',
  token: '/agent/token',
  signOut: '/agent/sign-out',
  me: '/agent/me',
} as const;

export const signInRequestSchema = z.object({
  /** The portal to sign in to (host name or URL); optional when the relay serves one portal. */
  portal: z.string().trim().min(1).max(255).optional(),
  /** Shown to the agent before the portal's sign-in page ("b24phone on <deviceName>"). */
  deviceName: z.string().trim().min(1).max(100).optional(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const signInStartedSchema = z.object({
  pairingId: z.string(),
  /** Secret the app presents when polling; only the app that started the pairing can finish it. */
  pollToken: z.string(),
  /**
   * Open this in the agent's system browser: the relay's confirmation page, which shows `userCode`
   * and leads on to the portal's sign-in page. The app shows the same code, so an agent sent a
   * stranger's sign-in link can tell it is not theirs (remote phishing, RFC 8628 section 5.4).
   */
  authorizeUrl: z.string().url(),
  userCode: z.string(),
  expiresAt: z.number().int(),
});
export type SignInStarted = z.infer<typeof signInStartedSchema>;

export const signInPollRequestSchema = z.object({
  pairingId: z.string().min(1).max(100),
  pollToken: z.string().min(1).max(200),
});

/**
 * A short-lived Bitrix24 access token for the session's user, in the shape of an `/oauth/token/`
 * response minus `refresh_token` (the app refreshes through the relay, never with a refresh token).
 */
export const agentAccessTokenSchema = z.object({
  access_token: z.string().min(1),
  /** Unix seconds. */
  expires: z.number().int(),
  expires_in: z.number().int(),
  client_endpoint: z.string().url(),
  server_endpoint: z.string(),
  domain: z.string(),
  member_id: z.string(),
  scope: z.string(),
  status: z.string(),
  user_id: z.number().int().positive(),
});
export type AgentAccessToken = z.infer<typeof agentAccessTokenSchema>;

export const signInPollResultSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending') }),
  z.object({
    state: z.literal('signed-in'),
    /** The relay session: keep it secret (Electron safeStorage, a 0600 file on the web host). */
    session: z.string(),
    sessionExpiresAt: z.number().int(),
    memberId: z.string(),
    userId: z.number().int(),
    portal: z.string(),
    token: agentAccessTokenSchema,
  }),
  z.object({ state: z.literal('failed'), message: z.string() }),
]);
export type SignInPollResult = z.infer<typeof signInPollResultSchema>;

export const tokenRequestSchema = z.object({
  /** The access token Bitrix24 just refused as expired; the relay then refreshes even if its clock
   * says the token should still be valid. */
  expiredAccessToken: z.string().max(512).optional(),
});

export const agentIdentitySchema = z.object({
  memberId: z.string(),
  userId: z.number().int(),
  portal: z.string(),
  sessionExpiresAt: z.number().int(),
});
export type AgentIdentity = z.infer<typeof agentIdentitySchema>;

/** Error body of every refused relay request. */
export const relayErrorSchema = z.object({ error: z.string(), message: z.string() });
export type RelayError = z.infer<typeof relayErrorSchema>;
