import type { SqlDatabase } from './cached-statements';
import type { Portal, PortalStore, PortalTokens } from '../stores';

interface PortalRow {
  member_id: string;
  domain: string;
  client_endpoint: string;
  server_endpoint: string;
  application_token: string;
  access_token: string;
  refresh_token: string;
  access_expires_at: number;
  scope: string;
  installed_at: number;
}

const toPortal = (row: PortalRow): Portal => ({
  memberId: row.member_id,
  domain: row.domain,
  clientEndpoint: row.client_endpoint,
  serverEndpoint: row.server_endpoint,
  applicationToken: row.application_token,
  accessToken: row.access_token,
  refreshToken: row.refresh_token,
  accessExpiresAt: row.access_expires_at,
  scope: row.scope,
  installedAt: row.installed_at,
});

export class SqlitePortalStore implements PortalStore {
  constructor(private readonly db: SqlDatabase) {}

  save(portal: Portal): Promise<void> {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO portals VALUES (@memberId, @domain, @clientEndpoint, @serverEndpoint,
         @applicationToken, @accessToken, @refreshToken, @accessExpiresAt, @scope, @installedAt)`,
      )
      .run(portal);
    return Promise.resolve();
  }

  get(memberId: string): Promise<Portal | null> {
    const row = this.db.prepare('SELECT * FROM portals WHERE member_id = ?').get(memberId) as
      PortalRow | undefined;
    return Promise.resolve(row ? toPortal(row) : null);
  }

  findByDomain(domain: string): Promise<Portal | null> {
    const row = this.db
      .prepare('SELECT * FROM portals WHERE domain = ? COLLATE NOCASE ORDER BY installed_at DESC LIMIT 1')
      .get(domain) as PortalRow | undefined;
    return Promise.resolve(row ? toPortal(row) : null);
  }

  list(): Promise<Portal[]> {
    const rows = this.db.prepare('SELECT * FROM portals ORDER BY installed_at').all() as PortalRow[];
    return Promise.resolve(rows.map(toPortal));
  }

  updateTokens(memberId: string, tokens: PortalTokens): Promise<void> {
    this.db
      .prepare(
        `UPDATE portals SET access_token = @accessToken, refresh_token = @refreshToken,
         access_expires_at = @accessExpiresAt WHERE member_id = @memberId`,
      )
      .run({ ...tokens, memberId });
    return Promise.resolve();
  }

  remove(memberId: string): Promise<boolean> {
    const { changes } = this.db.prepare('DELETE FROM portals WHERE member_id = ?').run(memberId);
    return Promise.resolve(changes > 0);
  }
}
