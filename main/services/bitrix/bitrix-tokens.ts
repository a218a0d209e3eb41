import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/write-file-atomic';
import type { Logger } from '../log/logger';

/** The fields of an `/oauth/token/` response we keep (docs/BITRIX24-CONTRACT.md section 2). */
export const bitrixTokensSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().default(''),
  /** Unix seconds; derived from expires_in when a response lacks it. */
  expires: z.coerce.number().int(),
  expires_in: z.coerce.number().int().default(3600),
  client_endpoint: z.string().url(),
  server_endpoint: z.string().default(''),
  domain: z.string().default(''),
  member_id: z.string().default(''),
  scope: z.string().default(''),
  status: z.string().default('L'),
  user_id: z.coerce.number().int().positive(),
});
export type BitrixTokens = z.infer<typeof bitrixTokensSchema>;

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
