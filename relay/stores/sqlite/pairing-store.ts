import type { SqlDatabase } from './cached-statements';
import { pairingInsertValues, toPairing, type PairingRow } from '../rows';
import type { Pairing, PairingStore, UserGrant } from '../stores';
import type { TokenSeal } from '../token-seal';

export class SqlitePairingStore implements PairingStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly seal: TokenSeal,
  ) {}

  create(pairing: Pairing): Promise<void> {
    this.db
      .prepare('INSERT INTO pairings VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, NULL)')
      .run(...pairingInsertValues(pairing));
    return Promise.resolve();
  }

  get(id: string): Promise<Pairing | null> {
    const row = this.db.prepare('SELECT * FROM pairings WHERE id = ?').get(id) as PairingRow | undefined;
    return Promise.resolve(row ? toPairing(row, this.seal) : null);
  }

  findByStateHash(stateHash: string): Promise<Pairing | null> {
    const row = this.db.prepare('SELECT * FROM pairings WHERE state_hash = ?').get(stateHash) as
      PairingRow | undefined;
    return Promise.resolve(row ? toPairing(row, this.seal) : null);
  }

  confirm(id: string, stateHash: string, at: number): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `UPDATE pairings SET state_hash = ?, confirmed_at = ?
         WHERE id = ? AND status = 'pending' AND confirmed_at IS NULL`,
      )
      .run(stateHash, at, id);
    return Promise.resolve(changes > 0);
  }

  settle(id: string, outcome: { grant: UserGrant } | { failure: string }): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        `UPDATE pairings SET status = ?, grant_json = ?, failure = ? WHERE id = ? AND status = 'pending'`,
      )
      .run(
        'grant' in outcome ? 'authorized' : 'failed',
        'grant' in outcome ? this.seal.seal(JSON.stringify(outcome.grant)) : null,
        'failure' in outcome ? outcome.failure : null,
        id,
      );
    return Promise.resolve(changes > 0);
  }

  take(id: string): Promise<boolean> {
    const { changes } = this.db.prepare('DELETE FROM pairings WHERE id = ?').run(id);
    return Promise.resolve(changes > 0);
  }

  removeExpired(now: number): Promise<number> {
    return Promise.resolve(this.db.prepare('DELETE FROM pairings WHERE expires_at <= ?').run(now).changes);
  }
}
