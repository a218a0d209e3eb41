/**
 * Where the host keeps what lets it act for the agent: the relay session and the short-lived
 * Bitrix24 access token (docs/ARCHITECTURE.md#security-model; refresh tokens never leave the relay).
 * The desktop encrypts them with the OS keychain (main/shell/safe-storage-secrets.ts); the web
 * host keeps a 0600 file in the profile (file-secret-store.ts).
 */
export type SecretName = 'relay-session' | 'bitrix-access-token';

export interface SecretStore {
  get(name: SecretName): string | null;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
  /** Forgets every secret: sign out. */
  clear(): void;
  /** False when secrets live in memory only (no safe place on disk): the agent signs in at each start. */
  readonly persistent: boolean;
}

/** How secrets are turned into the text on disk and back: plain JSON, or encrypted by the OS (base64). */
export interface SecretCodec {
  encode(plain: string): string;
  decode(stored: string): string;
}
