import type { Database, Statement } from 'better-sqlite3';

/** What the stores use of a database. */
export type SqlDatabase = Pick<Database, 'prepare' | 'transaction'>;

/**
 * The database with each SQL text compiled once: compiling a statement costs as much as running a
 * small one, and the stores run the same few statements for every event (a CPU profile of the
 * relay at 200 events/s showed a tenth of its busy time in `prepare`). The stores' SQL is constant
 * text, so the cache stays as small as the code.
 */
export function withCachedStatements(db: Database): SqlDatabase {
  const statements = new Map<string, Statement>();
  const prepare = (source: string): Statement => {
    let statement = statements.get(source);
    if (!statement) {
      statement = db.prepare(source);
      statements.set(source, statement);
    }
    return statement;
  };
  return { prepare: prepare as Database['prepare'], transaction: db.transaction.bind(db) };
}
