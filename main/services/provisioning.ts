import { z } from 'zod';
import { settingsSchema } from '../../common/settings/settings';
import { bitrixTokenStore, bitrixTokensSchema } from './bitrix/bitrix-tokens';
import { makeProfilePrivate } from './files/private-profile';
import type { Logger } from './log/logger';
import type { SecretStore } from './secrets/secret-store';
import { SettingsStore } from './settings/settings-store';

/**
 * What an operator (or the sandbox, or a test) can hand a new profile: settings and a Bitrix24
 * token pair. Until the relay's sign-in replaces it, this is how an agent's web host is set up.
 */
export const provisionSchema = z.object({
  settings: settingsSchema.optional(),
  bitrixTokens: bitrixTokensSchema.optional(),
});
export type Provision = z.infer<typeof provisionSchema>;

/** Writes what `provision` carries into the profile through the same stores the host uses. */
export function provisionProfile(
  profileDir: string,
  provision: Provision,
  secrets: SecretStore,
  log: Logger,
): void {
  makeProfilePrivate(profileDir);
  if (provision.settings) new SettingsStore(profileDir, secrets, log).save(provision.settings);
  if (provision.bitrixTokens) bitrixTokenStore(profileDir, secrets, log).save(provision.bitrixTokens);
}
