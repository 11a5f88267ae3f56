import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/store/migrate.ts';
import { type Database, openDatabase } from '../../src/store/open-database.ts';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL points at a server (CI sets it). */
export function backends(): Backend[] {
  return process.env.DATABASE_URL?.startsWith('postgres') ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  db: Database;
  url: string;
  /** Opens another connection (pool) to the same database: a second app instance, or after a restart. */
  reopen(): Promise<Database>;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new database on the
 * PostgreSQL server named by DATABASE_URL (dropped afterwards).
 */
export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ url: 'memory://' });
    await migrate(db);
    return { db, url: 'memory://', reopen: async () => db, drop: () => db.close() };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `desk_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 20 });
  await migrate(db);
  const opened: Database[] = [db];
  return {
    db,
    url: url.toString(),
    async reopen() {
      const again = await openDatabase({ url: url.toString(), poolSize: 20 });
      opened.push(again);
      return again;
    },
    async drop() {
      for (const d of opened) await d.close().catch(() => {});
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
