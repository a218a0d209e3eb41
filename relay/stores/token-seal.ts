import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const prefix = 'sealed:v1:';

/**
 * Seals the tokens the database keeps (AES-256-GCM, a fresh IV each time) with a key from the
 * relay's configuration (`RELAY_TOKEN_KEY` / `RELAY_TOKEN_KEY_FILE`), so that a copy of the
 * database alone - a backup, a disk image - gives nobody a portal's or an agent's tokens. Without
 * a key values are kept as they are; a value written before the key was set is read as it is and
 * sealed when next written.
 */
export class TokenSeal {
  readonly #key: Buffer | undefined;

  constructor(secret?: string) {
    this.#key = secret
      ? createHash('sha256').update(`b24phone relay tokens\u0000${secret}`).digest()
      : undefined;
  }

  seal(text: string): string {
    if (!this.#key) return text;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return `${prefix}${[iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join('.')}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(prefix)) return stored;
    if (!this.#key)
      throw new TokenSealError(
        'The database holds sealed tokens: set the key they were sealed with (RELAY_TOKEN_KEY or RELAY_TOKEN_KEY_FILE)',
      );
    const [iv, tag, data] = stored
      .slice(prefix.length)
      .split('.')
      .map((part) => Buffer.from(part, 'base64url'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv ?? Buffer.alloc(0));
      decipher.setAuthTag(tag ?? Buffer.alloc(0));
      return Buffer.concat([decipher.update(data ?? Buffer.alloc(0)), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenSealError(
        'The database holds tokens sealed with another key than RELAY_TOKEN_KEY(_FILE)',
      );
    }
  }
}

export class TokenSealError extends Error {
  override readonly name = 'TokenSealError';
}
