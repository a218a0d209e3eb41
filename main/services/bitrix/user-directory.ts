import type { BitrixClient } from './bitrix-client';
import { TtlCache } from './ttl-cache';

interface PortalUser {
  ID?: number | string;
  UF_PHONE_INNER?: string | number | null;
}

/**
 * The portal's users by their internal phone number (UF_PHONE_INNER, docs/bitrix24-contract.md)
 * and back, asked with `user.get` and the agent's token, cached for a few minutes (extensions change
 * rarely; a transfer or a lookup per call must not cost a request each time).
 */
export class UserDirectory {
  readonly #byExtension: TtlCache<number | null>;
  readonly #extensionOf: TtlCache<string | null>;

  constructor(
    private readonly client: () => BitrixClient | null,
    options: { cacheTtlMs?: number; now?: () => number } = {},
  ) {
    const ttl = options.cacheTtlMs ?? 5 * 60_000;
    this.#byExtension = new TtlCache(ttl, options.now);
    this.#extensionOf = new TtlCache(ttl, options.now);
  }

  /** The active user whose internal number is `extension`, or null (nobody, or not signed in). */
  async userFor(extension: string): Promise<number | null> {
    const client = this.client();
    const wanted = extension.trim();
    if (!client || !/^\d{1,16}$/.test(wanted)) return null;
    return this.#byExtension.get(wanted, async () => {
      const users = await client.call<PortalUser[]>('user.get', {
        FILTER: { UF_PHONE_INNER: wanted, ACTIVE: true },
      });
      // The filter is a substring match on some portals: only an exact extension counts.
      const user = (Array.isArray(users) ? users : []).find(
        (candidate) => String(candidate.UF_PHONE_INNER ?? '').trim() === wanted,
      );
      const id = Number(user?.ID);
      return Number.isInteger(id) && id > 0 ? id : null;
    });
  }

  /** The internal number of user `userId`, or null when it has none. */
  async extensionOf(userId: number): Promise<string | null> {
    const client = this.client();
    if (!client) return null;
    return this.#extensionOf.get(String(userId), async () => {
      const users = await client.call<PortalUser[]>('user.get', { FILTER: { ID: userId } });
      const extension = String((Array.isArray(users) ? users[0] : undefined)?.UF_PHONE_INNER ?? '').trim();
      return extension || null;
    });
  }
}
