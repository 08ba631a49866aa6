import type { Pool, PoolClient } from 'pg';
import type { Inbox } from './inbox.ts';

/**
 * The inbox in PostgreSQL: a table `(group_name, message_id)` with a primary key, written first
 * in the handler's transaction. `setup()` creates the table when missing.
 * @example
 * const inbox = createPostgresInbox(pool);
 * await inbox.setup();
 * await messaging.subscribe('orders.*', { group: 'billing', inbox, handler: async (e, { tx }) => { await (tx as PoolClient).query('insert …'); } });
 */
export function createPostgresInbox(pool: Pool, options: { table?: string } = {}): Inbox<PoolClient> & { setup(): Promise<void> } {
  const table = options.table ?? 'apilife_inbox';
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new TypeError(`inbox table "${table}" must be a plain lower-case SQL identifier`);
  return {
    async setup() {
      await pool.query(
        `create table if not exists ${table} (group_name text not null, message_id text not null, handled_at timestamptz not null default now(), primary key (group_name, message_id))`,
      );
    },
    async run(group, id, work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const marked = await client.query(`insert into ${table} (group_name, message_id) values ($1, $2) on conflict do nothing`, [
          group,
          id,
        ]);
        if (marked.rowCount === 0) {
          await client.query('rollback');
          return 'duplicate';
        }
        await work(client);
        await client.query('commit');
        return 'done';
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
