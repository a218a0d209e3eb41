import type { SecretStorage } from '../../../common/host-api/host-status';

/**
 * Where the host keeps what lets it act for the agent: the SIP password, the relay session and
 * the Bitrix24 access token (docs/ARCHITECTURE.md#security-model; refresh tokens never leave the
 * relay). Nothing else in the profile holds them. The desktop encrypts them with the OS keychain
 * (main/shell/safe-storage-secrets.ts); the web host keeps a 0600 file in the profile
 * (file-secret-store.ts).
 */
export type SecretName = 'sip-password' | 'relay-session' | 'bitrix-tokens';

export interface SecretStore {
  get(name: SecretName): string | null;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
  /** What keeps them; `memory-only`: lost when the app quits, and the agent is told so. */
  readonly storage: SecretStorage;
}

/** How secrets are turned into the text on disk and back: plain JSON, or encrypted by the OS (base64). */
export interface SecretCodec {
  encode(plain: string): string;
  decode(stored: string): string;
}
