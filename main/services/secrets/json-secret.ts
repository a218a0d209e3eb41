import { rmSync } from 'node:fs';
import type { z } from 'zod';
import { readJsonFile } from '../files/json-file';
import type { Logger } from '../log/logger';
import type { SecretName, SecretStore } from './secret-store';

export interface JsonSecretOptions<T> {
  secrets: SecretStore;
  name: SecretName;
  schema: z.ZodType<T>;
  /** The plain JSON file earlier versions kept it in: moved into the store, then removed. */
  plainFile: string;
  log: Logger;
}

/**
 * One structured secret (the relay session, the Bitrix24 tokens) as JSON in the secret store.
 * A value that does not match its schema is dropped with an error in the log (the agent signs in
 * again); a plain file left by an earlier version is moved into the store - the store first, the
 * file removed after - or, when it cannot be read, set aside as before.
 */
export class JsonSecret<T> {
  readonly #options: JsonSecretOptions<T>;

  constructor(options: JsonSecretOptions<T>) {
    this.#options = options;
    this.#adoptPlainFile();
  }

  load(): T | null {
    const { secrets, name, schema, log } = this.#options;
    const stored = secrets.get(name);
    if (stored === null) return null;
    try {
      return schema.parse(JSON.parse(stored));
    } catch (error) {
      secrets.delete(name);
      log.error({ err: error, secret: name }, 'stored secret unusable: dropped, sign in again');
      return null;
    }
  }

  save(value: T): void {
    this.#options.secrets.set(this.#options.name, JSON.stringify(value));
  }

  clear(): void {
    this.#options.secrets.delete(this.#options.name);
  }

  #adoptPlainFile(): void {
    const { secrets, name, schema, plainFile, log } = this.#options;
    const value = readJsonFile(plainFile, {
      schema,
      log,
      unreadable: 'plain secret file unreadable: set aside, sign in again',
    });
    if (value === null) return;
    // Adopting removes the file, so one found here was written after anything in the store.
    this.save(value);
    rmSync(plainFile);
    log.info(
      { secret: name, from: plainFile, storage: secrets.storage },
      'plain secret file moved into the secret store',
    );
  }
}
