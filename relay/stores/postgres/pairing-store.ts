import type { PgSql } from './pg-sql';
import { pairingInsertValues, toPairing, type PairingRow } from '../rows';
import type { Pairing, PairingStore, UserGrant } from '../stores';
import type { TokenSeal } from '../token-seal';

export class PgPairingStore implements PairingStore {
  constructor(
    private readonly sql: PgSql,
    private readonly seal: TokenSeal,
  ) {}

  async create(pairing: Pairing): Promise<void> {
    await this.sql.query(
      'INSERT INTO pairings VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $9, NULL, NULL)',
      pairingInsertValues(pairing),
    );
  }

  async get(id: string): Promise<Pairing | null> {
    const { rows } = await this.sql.query<PairingRow>('SELECT * FROM pairings WHERE id = $1', [id]);
    return rows[0] ? toPairing(rows[0], this.seal) : null;
  }

  async findByStateHash(stateHash: string): Promise<Pairing | null> {
    const { rows } = await this.sql.query<PairingRow>('SELECT * FROM pairings WHERE state_hash = $1', [
      stateHash,
    ]);
    return rows[0] ? toPairing(rows[0], this.seal) : null;
  }

  async confirm(id: string, stateHash: string, at: number): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `UPDATE pairings SET state_hash = $1, confirmed_at = $2
       WHERE id = $3 AND status = 'pending' AND confirmed_at IS NULL`,
      [stateHash, at, id],
    );
    return rowCount > 0;
  }

  async settle(id: string, outcome: { grant: UserGrant } | { failure: string }): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `UPDATE pairings SET status = $1, grant_json = $2, failure = $3 WHERE id = $4 AND status = 'pending'`,
      [
        'grant' in outcome ? 'authorized' : 'failed',
        'grant' in outcome ? this.seal.seal(JSON.stringify(outcome.grant)) : null,
        'failure' in outcome ? outcome.failure : null,
        id,
      ],
    );
    return rowCount > 0;
  }

  async take(id: string): Promise<boolean> {
    return (await this.sql.query('DELETE FROM pairings WHERE id = $1', [id])).rowCount > 0;
  }

  async removeExpired(now: number): Promise<number> {
    return (await this.sql.query('DELETE FROM pairings WHERE expires_at <= $1', [now])).rowCount;
  }
}
