import path from 'node:path';
import type { Logger } from '../log/logger';
import { CodecSecretStore } from './codec-secret-store';
import type { SecretStore } from './secret-store';

/**
 * The web host's secrets: plain JSON in the profile, readable only by the agent's OS account
 * (0600, in the 0700 profile folder). A browser tab has no OS keychain to lend.
 */
export function createFileSecretStore(profileDir: string, log: Logger): SecretStore {
  return new CodecSecretStore(
    {
      file: path.join(profileDir, 'secrets.json'),
      codec: { encode: (plain) => plain, decode: (stored) => stored },
      storage: 'owner-only-file',
    },
    log,
  );
}
