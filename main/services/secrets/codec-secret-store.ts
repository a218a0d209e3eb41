import { z } from 'zod';
import type { SecretStorage } from '../../../common/host-api/host-status';
import { readJsonFile, writeJsonFile } from '../files/json-file';
import type { Logger } from '../log/logger';
import type { SecretCodec, SecretName, SecretStore } from './secret-store';

const storedSecretsSchema = z.partialRecord(
  z.enum(['sip-password', 'relay-session', 'bitrix-tokens']),
  z.string(),
);

/**
 * Secrets as one small document, written atomically with mode 0600 through a codec; without a
 * file (`location` null) they live in memory only. A file that cannot be decoded (another user's
 * keychain, corruption) is set aside, never overwritten, and the agent signs in again.
 */
export class CodecSecretStore implements SecretStore {
  readonly storage: SecretStorage;
  readonly #location: { file: string; codec: SecretCodec } | null;
  #secrets: Partial<Record<SecretName, string>>;

  constructor(
    location: { file: string; codec: SecretCodec; storage: Exclude<SecretStorage, 'memory-only'> } | null,
    log: Logger,
  ) {
    this.#location = location;
    this.storage = location?.storage ?? 'memory-only';
    this.#secrets =
      location === null
        ? {}
        : (readJsonFile(location.file, {
            schema: storedSecretsSchema,
            log,
            unreadable: 'secrets unreadable: set aside, sign-in required',
            decode: (text) => location.codec.decode(text),
          }) ?? {});
  }

  get(name: SecretName): string | null {
    return this.#secrets[name] ?? null;
  }

  set(name: SecretName, value: string): void {
    this.#secrets = { ...this.#secrets, [name]: value };
    this.#persist();
  }

  delete(name: SecretName): void {
    if (!(name in this.#secrets)) return;
    const { [name]: _removed, ...rest } = this.#secrets;
    this.#secrets = rest;
    this.#persist();
  }

  #persist(): void {
    if (this.#location === null) return;
    const { file, codec } = this.#location;
    writeJsonFile(file, this.#secrets, (json) => codec.encode(json));
  }
}
