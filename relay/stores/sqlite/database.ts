import { withCachedStatements } from './cached-statements';
import Database from 'better-sqlite3';
import type { RelayStores } from '../stores';
import { SqliteCallbackQueue } from './callback-queue';
import { SqliteCommandStore } from './command-store';
import { SqliteDedupeStore } from './dedupe-store';
import { SqlitePairingStore } from './pairing-store';
import { SqlitePortalStore } from './portal-store';
import { SqliteRingGroupClaims } from './ring-group-claims';
import { SqliteTransferHandoffs } from './transfer-handoffs';
import { SqliteSessionStore } from './session-store';
import { prepareOwnerOnlyDatabase } from './owner-only';
import { TokenSeal } from '../token-seal';

/** Schema versions, applied in order; `user_version` says how many ran. Never edit one that shipped. */
const migrations: string[] = [
  `
  CREATE TABLE portals (
    member_id TEXT PRIMARY KEY,
    domain TEXT NOT NULL,
    client_endpoint TEXT NOT NULL,
    server_endpoint TEXT NOT NULL,
    application_token TEXT NOT NULL,
    access_token TEXT NOT NULL,
    refresh_token TEXT NOT NULL,
    access_expires_at INTEGER NOT NULL,
    scope TEXT NOT NULL,
    installed_at INTEGER NOT NULL
  );
  CREATE INDEX portals_domain ON portals(domain);

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    member_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    grant_json TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(member_id, user_id);
  CREATE INDEX sessions_expiry ON sessions(expires_at);

  CREATE TABLE pairings (
    id TEXT PRIMARY KEY,
    poll_token_hash TEXT NOT NULL,
    state_hash TEXT NOT NULL UNIQUE,
    member_id TEXT NOT NULL,
    user_code TEXT NOT NULL,
    device_name TEXT,
    confirmed_at INTEGER,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    grant_json TEXT,
    failure TEXT
  );

  CREATE TABLE commands (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    command_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    settled_by TEXT,
    settled_at INTEGER,
    reason TEXT
  );
  CREATE INDEX commands_user ON commands(member_id, user_id, state);
  CREATE INDEX commands_due ON commands(state, expires_at);

  CREATE TABLE dedupe (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
  CREATE INDEX dedupe_expiry ON dedupe(expires_at);

  CREATE TABLE callbacks (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    state TEXT NOT NULL,
    entry_json TEXT NOT NULL
  );
  CREATE INDEX callbacks_portal ON callbacks(member_id, requested_at);

  CREATE TABLE ring_claims (
    member_id TEXT NOT NULL,
    external_call_id TEXT NOT NULL,
    claim_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, external_call_id)
  );
  `,
  // The STATUS_CODE of a finish the relay owes (404 for a number nobody can dial; NULL: 480).
  `ALTER TABLE commands ADD COLUMN status_code TEXT;`,
  // Who sends the finish an expiring command owes, until when (CommandStore.leaseFinish).
  `ALTER TABLE commands ADD COLUMN finish_lease TEXT;
   ALTER TABLE commands ADD COLUMN finish_lease_until INTEGER;`,
  // Transferred calls handed from one agent's app to another's (TransferHandoffs).
  `CREATE TABLE transfer_handoffs (
    member_id TEXT NOT NULL,
    call_id TEXT NOT NULL,
    target_user_id INTEGER NOT NULL,
    caller TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    handoff_json TEXT NOT NULL,
    PRIMARY KEY (member_id, call_id)
  );
  CREATE INDEX transfer_handoffs_target ON transfer_handoffs(member_id, target_user_id, caller, state);`,
];

/**
 * Opens (creating or upgrading) the relay's SQLite database: WAL, so readers never block the
 * writer and a crash loses nothing committed; `synchronous = NORMAL` is durable across a process
 * crash, which is the failure the relay must survive (power loss may drop the last transactions).
 * The file and its journal are readable by the relay's user alone (`prepareOwnerOnlyDatabase`);
 * with `tokenKey`, the tokens in it are sealed (`TokenSeal`).
 */
export function openSqliteStores(path: string, options: { tokenKey?: string | undefined } = {}): RelayStores {
  prepareOwnerOnlyDatabase(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    db.close();
    throw new Error(`${path} was written by a newer relay (schema ${version}); refusing to downgrade it`);
  }
  db.transaction(() => {
    for (let next = version; next < migrations.length; next += 1) {
      db.exec(migrations[next] as string);
      db.pragma(`user_version = ${next + 1}`);
    }
  })();
  const seal = new TokenSeal(options.tokenKey);
  try {
    checkSealedTokens(db, seal);
  } catch (error) {
    db.close();
    throw error;
  }
  const sql = withCachedStatements(db);
  return {
    portals: new SqlitePortalStore(sql, seal),
    sessions: new SqliteSessionStore(sql, seal),
    pairings: new SqlitePairingStore(sql, seal),
    commands: new SqliteCommandStore(sql),
    dedupe: new SqliteDedupeStore(sql),
    callbacks: new SqliteCallbackQueue(sql),
    ringClaims: new SqliteRingGroupClaims(sql),
    handoffs: new SqliteTransferHandoffs(sql),
    ping: () => {
      try {
        sql.prepare('SELECT 1').get();
        return Promise.resolve(true);
      } catch {
        return Promise.resolve(false);
      }
    },
    close: () => {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}

/**
 * Refuses, at start, a database whose sealed tokens this relay cannot open (no key, or another
 * one): better than every sign-in and event failing later.
 */
function checkSealedTokens(db: Database.Database, seal: TokenSeal): void {
  const row = db
    .prepare(
      `SELECT refresh_token AS value FROM portals WHERE refresh_token LIKE 'sealed:%'
       UNION ALL SELECT grant_json FROM sessions WHERE grant_json LIKE 'sealed:%' LIMIT 1`,
    )
    .get() as { value: string } | undefined;
  if (row) seal.open(row.value);
}
