import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { Database } from './open-database.ts';
import { loadSchemaEngine } from './schema-engine.ts';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');

/**
 * Applies every migration in prisma/migrations that the database has not seen, recording each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool can take over.
 */
export async function migrate(db: Database, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  // The engine holds PostgreSQL's migration advisory lock on its own connection and never gives
  // it back; we track the connections it opens and close them, or the next migrate (another
  // instance, a restart in the same process) waits 10 s for the lock.
  const opened: SqlDriverAdapter[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: db.adapterFactory.provider,
    adapterName: db.adapterFactory.adapterName,
    connect: async () => track(await db.adapterFactory.connect()),
    connectToShadowDb: async () => track(await db.adapterFactory.connectToShadowDb()),
  };
  const track = (adapter: SqlDriverAdapter) => {
    opened.push(adapter);
    return adapter;
  };
  const engine = await loadSchemaEngine(factory);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationsList(migrationsDir),
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
    await Promise.all(opened.map((a) => a.dispose()));
  }
}

export async function readMigrationsList(baseDir: string) {
  const lockPath = join(baseDir, 'migration_lock.toml');
  const entries = existsSync(baseDir) ? await readdir(baseDir, { withFileTypes: true }) : [];
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (path) => ({
        path,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(join(baseDir, path, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}
