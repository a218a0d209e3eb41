import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { bitrixTokensSchema, type BitrixTokens } from '../../../common/bitrix/oauth-tokens';
import { writeFileAtomic } from '../files/write-file-atomic';
import type { Logger } from '../log/logger';

export { bitrixTokensSchema, type BitrixTokens };

/**
 * The agent's Bitrix24 tokens, kept in the profile with owner-only permissions (0600). The
 * client secret is never here: refreshing goes through the relay (or, in the sandbox, is not needed).
 */
export class BitrixTokenStore {
  readonly #file: string;

  constructor(
    profileDir: string,
    private readonly log: Logger,
  ) {
    this.#file = path.join(profileDir, 'bitrix-tokens.json');
  }

  load(): BitrixTokens | null {
    if (!existsSync(this.#file)) return null;
    try {
      return bitrixTokensSchema.parse(JSON.parse(readFileSync(this.#file, 'utf8')));
    } catch (error) {
      const asideName = `${this.#file}.unreadable-${Date.now()}`;
      renameSync(this.#file, asideName);
      this.log.error(
        { err: error, setAsideAs: asideName },
        'Bitrix24 token file unreadable: set aside; sign in again',
      );
      return null;
    }
  }

  save(tokens: BitrixTokens): void {
    writeFileAtomic(this.#file, JSON.stringify(tokens), 0o600);
  }

  clear(): void {
    rmSync(this.#file, { force: true });
  }
}
