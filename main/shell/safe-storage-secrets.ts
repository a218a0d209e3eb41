import { safeStorage } from 'electron';
import path from 'node:path';
import { CodecSecretStore } from '../services/secrets/codec-secret-store';
import type { SecretStore } from '../services/secrets/secret-store';
import type { Logger } from '../services/log/logger';

/**
 * The desktop's secrets (SIP password, relay session, Bitrix24 token), encrypted with the OS
 * keychain through Electron's safeStorage (Keychain on macOS, DPAPI on Windows, the Secret Service
 * or KWallet on Linux) into `secrets.bin`. Where no real keychain is available (Linux without one
 * falls back to a hard-coded key, 'basic_text'), nothing secret is written to disk: they stay in
 * memory, the status says `memory-only` (the window tells the agent), and the agent enters the
 * password and signs in again after each start - safer than a file anyone with the disk could
 * decrypt. Call after the app is ready.
 */
export function createSafeStorageSecretStore(profileDir: string, log: Logger): SecretStore {
  if (!keychainAvailable()) {
    log.warn('no OS keychain: the SIP password and sign-ins are kept in memory only');
    return new CodecSecretStore(null, log);
  }
  return new CodecSecretStore(
    {
      file: path.join(profileDir, 'secrets.bin'),
      codec: {
        encode: (plain) => safeStorage.encryptString(plain).toString('base64'),
        decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
      },
      storage: 'os-keychain',
    },
    log,
  );
}

function keychainAvailable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}
