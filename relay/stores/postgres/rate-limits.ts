import type { PgSql } from './pg-sql';
import type { BucketShape, SharedRateLimits } from '../stores';

/**
 * Token buckets in one table: a take is one UPSERT that refills the bucket by the time since its
 * `at`, takes one token if there is one and answers whether it did, so concurrent takes at
 * several relays never spend the same token twice. A refused take writes nothing (the bucket
 * refills from its last `at`). `full_at` is when the bucket is full again: after that its row
 * says nothing a fresh one would not, and the sweep deletes it.
 */
export class PgRateLimits implements SharedRateLimits {
  constructor(private readonly sql: PgSql) {}

  async take(key: string, shape: BucketShape, now: number): Promise<boolean> {
    // $2 burst, $3 tokens per millisecond, $4 now; `refilled` is the bucket as of now.
    const refilled = 'least($2::float8, b.tokens + greatest(0, $4::bigint - b.at) * $3::float8)';
    const { rowCount } = await this.sql.query(
      `INSERT INTO rate_buckets AS b (key, tokens, at, full_at)
       VALUES ($1, $2::float8 - 1, $4::bigint, $4::bigint + ceil(1 / $3::float8))
       ON CONFLICT (key) DO UPDATE SET
         tokens = ${refilled} - 1,
         at = greatest(b.at, $4::bigint),
         full_at = greatest(b.at, $4::bigint) + ceil(($2::float8 - ${refilled} + 1) / $3::float8)
       WHERE ${refilled} >= 1`,
      [key, shape.burst, shape.ratePerSecond / 1000, now],
    );
    return rowCount > 0;
  }

  async prune(now: number): Promise<number> {
    return (await this.sql.query('DELETE FROM rate_buckets WHERE full_at <= $1', [now])).rowCount;
  }
}
