import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import { settingsSchema } from '../../common/settings/settings';
import { BitrixTokenStore, bitrixTokensSchema } from './bitrix/bitrix-tokens';
import type { Logger } from './log/logger';
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
export function provisionProfile(profileDir: string, provision: Provision, log: Logger): void {
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  if (provision.settings) new SettingsStore(profileDir, log).save(provision.settings);
  if (provision.bitrixTokens) new BitrixTokenStore(profileDir, log).save(provision.bitrixTokens);
}
