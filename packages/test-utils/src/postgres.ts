import pg from 'pg';

/** Why PostgreSQL at `url` cannot be used (the driver's message), or undefined when it answers `select 1`. */
export async function postgresUnreachable(url: string): Promise<string | undefined> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await pool.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await pool.end().catch(() => {});
  }
}
