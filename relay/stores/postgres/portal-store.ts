import type { PgSql } from './pg-sql';
import { toPortal, type PortalRow } from '../rows';
import type { Portal, PortalStore, PortalTokens } from '../stores';
import type { TokenSeal } from '../token-seal';

export class PgPortalStore implements PortalStore {
  constructor(
    private readonly sql: PgSql,
    private readonly seal: TokenSeal,
  ) {}

  async save(portal: Portal): Promise<void> {
    await this.sql.query(
      `INSERT INTO portals VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (member_id) DO UPDATE SET domain = excluded.domain, client_endpoint = excluded.client_endpoint,
         server_endpoint = excluded.server_endpoint, application_token = excluded.application_token,
         access_token = excluded.access_token, refresh_token = excluded.refresh_token,
         access_expires_at = excluded.access_expires_at, scope = excluded.scope, installed_at = excluded.installed_at`,
      [
        portal.memberId,
        portal.domain,
        portal.clientEndpoint,
        portal.serverEndpoint,
        this.seal.seal(portal.applicationToken),
        this.seal.seal(portal.accessToken),
        this.seal.seal(portal.refreshToken),
        portal.accessExpiresAt,
        portal.scope,
        portal.installedAt,
      ],
    );
  }

  async get(memberId: string): Promise<Portal | null> {
    const { rows } = await this.sql.query<PortalRow>('SELECT * FROM portals WHERE member_id = $1', [
      memberId,
    ]);
    return rows[0] ? toPortal(rows[0], this.seal) : null;
  }

  async findByDomain(domain: string): Promise<Portal | null> {
    const { rows } = await this.sql.query<PortalRow>(
      'SELECT * FROM portals WHERE lower(domain) = lower($1) ORDER BY installed_at DESC LIMIT 1',
      [domain],
    );
    return rows[0] ? toPortal(rows[0], this.seal) : null;
  }

  async list(): Promise<Portal[]> {
    const { rows } = await this.sql.query<PortalRow>('SELECT * FROM portals ORDER BY installed_at');
    return rows.map((row) => toPortal(row, this.seal));
  }

  async updateTokens(memberId: string, tokens: PortalTokens): Promise<void> {
    await this.sql.query(
      'UPDATE portals SET access_token = $1, refresh_token = $2, access_expires_at = $3 WHERE member_id = $4',
      [
        this.seal.seal(tokens.accessToken),
        this.seal.seal(tokens.refreshToken),
        tokens.accessExpiresAt,
        memberId,
      ],
    );
  }

  async remove(memberId: string): Promise<boolean> {
    return (await this.sql.query('DELETE FROM portals WHERE member_id = $1', [memberId])).rowCount > 0;
  }
}
