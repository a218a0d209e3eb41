import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../log/logger';
import { JsonSecret } from '../secrets/json-secret';
import type { SecretStore } from '../secrets/secret-store';

export const relaySessionSchema = z.object({
  relayUrl: z.string().url(),
  /** The bearer secret (valid for weeks): this is why the whole session lives in the secret store. */
  session: z.string().min(16),
  sessionExpiresAt: z.number().int(),
  memberId: z.string(),
  userId: z.number().int().positive(),
  portal: z.string(),
  /** The portal's country of numbers, as the relay's hub last told it (kept for calls made offline). */
  country: z.string().length(2).optional(),
  /** The agent's default line, as the relay's hub last told it (kept for calls made offline). */
  line: z.string().min(1).max(64).optional(),
});
export type RelaySession = z.infer<typeof relaySessionSchema>;
export type RelaySessionStore = JsonSecret<RelaySession>;

/** The app's relay session, in the secret store (earlier versions: `relay-session.json`). */
export function relaySessionStore(profileDir: string, secrets: SecretStore, log: Logger): RelaySessionStore {
  return new JsonSecret({
    secrets,
    name: 'relay-session',
    schema: relaySessionSchema,
    plainFile: path.join(profileDir, 'relay-session.json'),
    log,
  });
}
