import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../src/store/db.ts';
import { migrate, MIGRATIONS } from '../src/store/migrations.ts';
import { ENGINES, testStore } from './support.ts';

describe.each(ENGINES)('store on %s', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(): Promise<{ db: Db; location: Awaited<ReturnType<typeof testStore>>['location'] }> {
    const store = await testStore(engine, { blank: true });
    cleanups.push(store.drop);
    const db = await openDb(store.location);
    cleanups.push(() => db.close());
    return { db, location: store.location };
  }

  it('migrates once: a second run applies nothing', async () => {
    const { db } = await open();
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toContain('pact_publications');
  });

  it('rolls a failed transaction back', async () => {
    const { db } = await open();
    await migrate(db);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO pacticipants (name) VALUES ('web-app')");
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await db.query('SELECT name FROM pacticipants')).toEqual([]);
  });
});

// Skipped only outside CI when PostgreSQL is down (support.ts prints why); with CI=true ENGINES always has postgres.
describe.skipIf(!ENGINES.includes('postgres'))('store on postgres, two processes', () => {
  it('migrating one database together applies each migration once', async () => {
    const store = await testStore('postgres');
    const [a, b] = await Promise.all([openDb(store.location), openDb(store.location)]);
    try {
      const applied = await Promise.all([migrate(a), migrate(b)]);
      expect(applied.flat().sort((x, y) => x - y)).toEqual(MIGRATIONS.map((m) => m.id));
    } finally {
      await Promise.all([a.close(), b.close()]);
      await store.drop();
    }
  });
});
