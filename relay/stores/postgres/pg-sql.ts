import pg from 'pg';

/** What the stores use of PostgreSQL: a query, and several as one transaction. */
export interface PgSql {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Row[]; rowCount: number }>;
  /** Runs `work` in one transaction on one connection; rolled back when it throws. */
  transaction<T>(work: (sql: Omit<PgSql, 'transaction'>) => Promise<T>): Promise<T>;
}

/** Times are epoch milliseconds in BIGINT columns: read them as numbers (they fit: < 2^53). */
const int8Oid = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === int8Oid
      ? Number
      : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

export function createPool(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, types, max: 10, connectionTimeoutMillis: 5_000 });
}

export function pgSql(pool: pg.Pool): PgSql {
  const query = async <Row extends object>(
    client: pg.Pool | pg.PoolClient,
    text: string,
    values?: unknown[],
  ) => {
    const result = await client.query<Row>(text, values);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  };
  return {
    query: (text, values) => query(pool, text, values),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: (text, values) => query(client, text, values) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
