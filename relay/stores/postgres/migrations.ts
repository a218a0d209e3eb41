import type pg from 'pg';

/**
 * Schema versions, applied in order; `relay_schema.version` says how many ran. Never edit one that
 * shipped. The columns are the SQLite store's (relay/stores/rows.ts reads both), times in BIGINT ms.
 */
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
    access_expires_at BIGINT NOT NULL,
    scope TEXT NOT NULL,
    installed_at BIGINT NOT NULL
  );
  CREATE INDEX portals_domain ON portals (lower(domain));

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    member_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    grant_json TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions (member_id, user_id);
  CREATE INDEX sessions_expiry ON sessions (expires_at);

  CREATE TABLE pairings (
    id TEXT PRIMARY KEY,
    poll_token_hash TEXT NOT NULL,
    state_hash TEXT NOT NULL UNIQUE,
    member_id TEXT NOT NULL,
    user_code TEXT NOT NULL,
    device_name TEXT,
    confirmed_at BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    grant_json TEXT,
    failure TEXT
  );

  CREATE TABLE commands (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    command_json TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    settled_by TEXT,
    settled_at BIGINT,
    reason TEXT,
    status_code TEXT,
    finish_lease TEXT,
    finish_lease_until BIGINT
  );
  CREATE INDEX commands_user ON commands (member_id, user_id, state);
  CREATE INDEX commands_due ON commands (state, expires_at);

  CREATE TABLE dedupe (key TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
  CREATE INDEX dedupe_expiry ON dedupe (expires_at);

  CREATE TABLE callbacks (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    entry_json TEXT NOT NULL
  );
  CREATE INDEX callbacks_portal ON callbacks (member_id, requested_at);

  CREATE TABLE ring_claims (
    member_id TEXT NOT NULL,
    external_call_id TEXT NOT NULL,
    claim_json TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (member_id, external_call_id)
  );
  `,
  // Transferred calls handed from one agent's app to another's (TransferHandoffs).
  `
  CREATE TABLE transfer_handoffs (
    member_id TEXT NOT NULL,
    call_id TEXT NOT NULL,
    target_user_id INTEGER NOT NULL,
    caller TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    handoff_json TEXT NOT NULL,
    PRIMARY KEY (member_id, call_id)
  );
  CREATE INDEX transfer_handoffs_target ON transfer_handoffs (member_id, target_user_id, caller, state);
  `,
  // The relay's request limits, shared by the relays (PgRateLimits): a row per bucket not full.
  `
  CREATE TABLE rate_buckets (
    key TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    at BIGINT NOT NULL,
    full_at BIGINT NOT NULL
  );
  CREATE INDEX rate_buckets_full ON rate_buckets (full_at);
  `,
];

/** Any 64-bit number of our own: the advisory lock every relay takes to migrate. */
const migrationLock = 0x62_3234_7068;

/**
 * Brings the schema up to date, once however many relays start together: each takes the same
 * transaction-scoped advisory lock first, so one migrates and the others, once it committed, find
 * nothing left to do. A schema newer than this relay knows is refused, never downgraded.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLock]);
    await client.query('CREATE TABLE IF NOT EXISTS relay_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM relay_schema');
    const version = rows[0]?.version ?? 0;
    if (version > migrations.length)
      throw new Error(
        `The database was written by a newer relay (schema ${version}); refusing to downgrade it`,
      );
    for (let next = version; next < migrations.length; next += 1)
      await client.query(migrations[next] as string);
    if (rows.length === 0) await client.query('INSERT INTO relay_schema VALUES ($1)', [migrations.length]);
    else await client.query('UPDATE relay_schema SET version = $1', [migrations.length]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
