import type { SqlDatabase } from './cached-statements';
import type { Pairing, PairingStore, UserGrant } from '../stores';
import type { TokenSeal } from './token-seal';

interface PairingRow {
  id: string;
  poll_token_hash: string;
  state_hash: string;
  member_id: string;
  user_code: string;
  device_name: string | null;
  confirmed_at: number | null;
  created_at: number;
  expires_at: number;
  status: Pairing['status'];
  grant_json: string | null;
  failure: string | null;
}

const toPairing = (row: PairingRow, seal: TokenSeal): Pairing => ({
  id: row.id,
  pollTokenHash: row.poll_token_hash,
  stateHash: row.state_hash,
  memberId: row.member_id,
  userCode: row.user_code,
  ...(row.device_name ? { deviceName: row.device_name } : {}),
  ...(row.confirmed_at !== null ? { confirmedAt: row.confirmed_at } : {}),
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  status: row.status,
  ...(row.grant_json ? { grant: JSON.parse(seal.open(row.grant_json)) as UserGrant } : {}),
  ...(row.failure ? { failure: row.failure } : {}),
});

export class SqlitePairingStore implements PairingStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly seal: TokenSeal,
  ) {}

  create(pairing: Pairing): Promise<void> {
    this.db
      .prepare('INSERT INTO pairings VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, NULL)')
      .run(
        pairing.id,
        pairing.pollTokenHash,
        pairing.stateHash,
        pairing.memberId,
        pairing.userCode,
        pairing.deviceName ?? null,
        pairing.createdAt,
        pairing.expiresAt,
        pairing.status,
      );
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
