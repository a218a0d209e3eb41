import type { SqlDatabase } from './cached-statements';
import { toPortal, type PortalRow } from '../rows';
import type { Portal, PortalStore, PortalTokens } from '../stores';
import type { TokenSeal } from '../token-seal';

export class SqlitePortalStore implements PortalStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly seal: TokenSeal,
  ) {}

  save(portal: Portal): Promise<void> {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO portals VALUES (@memberId, @domain, @clientEndpoint, @serverEndpoint,
         @applicationToken, @accessToken, @refreshToken, @accessExpiresAt, @scope, @installedAt)`,
      )
      .run({
        ...portal,
        applicationToken: this.seal.seal(portal.applicationToken),
        accessToken: this.seal.seal(portal.accessToken),
        refreshToken: this.seal.seal(portal.refreshToken),
      });
    return Promise.resolve();
  }

  get(memberId: string): Promise<Portal | null> {
    const row = this.db.prepare('SELECT * FROM portals WHERE member_id = ?').get(memberId) as
      PortalRow | undefined;
    return Promise.resolve(row ? toPortal(row, this.seal) : null);
  }

  findByDomain(domain: string): Promise<Portal | null> {
    const row = this.db
      .prepare('SELECT * FROM portals WHERE domain = ? COLLATE NOCASE ORDER BY installed_at DESC LIMIT 1')
      .get(domain) as PortalRow | undefined;
    return Promise.resolve(row ? toPortal(row, this.seal) : null);
  }

  list(): Promise<Portal[]> {
    const rows = this.db.prepare('SELECT * FROM portals ORDER BY installed_at').all() as PortalRow[];
    return Promise.resolve(rows.map((row) => toPortal(row, this.seal)));
  }

  updateTokens(memberId: string, tokens: PortalTokens): Promise<void> {
    this.db
      .prepare(
        `UPDATE portals SET access_token = @accessToken, refresh_token = @refreshToken,
         access_expires_at = @accessExpiresAt WHERE member_id = @memberId`,
      )
      .run({
        ...tokens,
        accessToken: this.seal.seal(tokens.accessToken),
        refreshToken: this.seal.seal(tokens.refreshToken),
        memberId,
      });
    return Promise.resolve();
  }

  remove(memberId: string): Promise<boolean> {
    const { changes } = this.db.prepare('DELETE FROM portals WHERE member_id = ?').run(memberId);
    return Promise.resolve(changes > 0);
  }
}
