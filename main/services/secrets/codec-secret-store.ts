import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../files/write-file-atomic';
import type { Logger } from '../log/logger';
import type { SecretCodec, SecretName, SecretStore } from './secret-store';

const storedSecretsSchema = z.partialRecord(z.enum(['relay-session', 'bitrix-access-token']), z.string());

/**
 * Secrets as one small document, written atomically with mode 0600 through a codec; without a
 * file (`location` null) they live in memory only. A file that cannot be decoded (another user's
 * keychain, corruption) is set aside, never overwritten, and the agent signs in again.
 */
export class CodecSecretStore implements SecretStore {
  readonly persistent: boolean;
  readonly #location: { file: string; codec: SecretCodec } | null;
  #secrets: Partial<Record<SecretName, string>>;

  constructor(location: { file: string; codec: SecretCodec } | null, log: Logger) {
    this.#location = location;
    this.persistent = location !== null;
    this.#secrets = location === null ? {} : load(location.file, location.codec, log);
  }

  get(name: SecretName): string | null {
    return this.#secrets[name] ?? null;
  }

  set(name: SecretName, value: string): void {
    this.#secrets = { ...this.#secrets, [name]: value };
    this.#persist();
  }

  delete(name: SecretName): void {
    const { [name]: _removed, ...rest } = this.#secrets;
    this.#secrets = rest;
    this.#persist();
  }

  clear(): void {
    this.#secrets = {};
    if (this.#location !== null) rmSync(this.#location.file, { force: true });
  }

  #persist(): void {
    if (this.#location === null) return;
    const { file, codec } = this.#location;
    writeFileAtomic(file, codec.encode(JSON.stringify(this.#secrets)), 0o600);
  }
}

function load(file: string, codec: SecretCodec, log: Logger): Partial<Record<SecretName, string>> {
  if (!existsSync(file)) return {};
  try {
    return storedSecretsSchema.parse(JSON.parse(codec.decode(readFileSync(file, 'utf8'))));
  } catch (error) {
    const asideName = `${file}.unreadable-${Date.now()}`;
    renameSync(file, asideName);
    log.error({ err: error, setAsideAs: asideName }, 'secrets unreadable: set aside, sign-in required');
    return {};
  }
}
