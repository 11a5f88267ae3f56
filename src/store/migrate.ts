import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrateJob, MigrateResult } from './migrate-process.ts';
import type { Database } from './open-database.ts';
import { serveAdapterFactory } from './remote-adapter.ts';
import { loadSchemaEngine } from './schema-engine.ts';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');

export type MigrationsList = Awaited<ReturnType<typeof readMigrationsList>>;

export interface MigrateOptions {
  /**
   * Where Prisma's schema engine runs: `process`, a child process over this database's
   * connection, whose memory the system gets back when it ends; `in-process`, loaded here once and
   * kept. Default: in-process for an in-memory PGlite (tests: nothing to save, and it is faster),
   * a child process for everything the desk runs on.
   */
  engine?: 'process' | 'in-process';
}

/**
 * Applies every migration in prisma/migrations that the database has not seen, recording each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool can take over.
 *
 * Prisma's schema engine is tens of MB of WebAssembly and is needed only when there is something
 * to apply: one read of `_prisma_migrations` says whether there is. When there is, the engine runs
 * in a child process over this database's connection, so the desk does not keep it.
 */
export async function migrate(db: Database, migrationsDir = MIGRATIONS_DIR, options: MigrateOptions = {}): Promise<string[]> {
  const migrationsList = await readMigrationsList(migrationsDir);
  const names = migrationsList.migrationDirectories.map((d) => d.path);
  if (!(await needsMigrationEngine(db, names))) return [];
  const engine = options.engine ?? (db.inMemory ? 'in-process' : 'process');
  return engine === 'process' ? applyInChildProcess(db, migrationsList) : applyInProcess(db, migrationsList);
}

/**
 * Whether the schema engine has anything to do: a migration of the folder not yet recorded as
 * applied, or a failed one (which the engine reports, as `prisma migrate deploy` would).
 */
export async function needsMigrationEngine(db: Database, migrationNames: readonly string[]): Promise<boolean> {
  const [table] = await db.prisma.$queryRawUnsafe<{ present: boolean }[]>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
  if (!table?.present) return true;
  const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; finished: boolean; rolled_back: boolean }[]>(
    `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations`,
  );
  if (rows.some((r) => !r.finished && !r.rolled_back)) return true;
  const applied = new Set(rows.filter((r) => r.finished && !r.rolled_back).map((r) => r.migration_name));
  return migrationNames.some((name) => !applied.has(name));
}

// The engine holds PostgreSQL's migration advisory lock on its own connection and never gives
// it back; the connections it leaves open are closed after it, or the next migrate (another
// instance, a restart in the same process) waits 10 s for the lock.

async function applyInProcess(db: Database, migrationsList: MigrationsList): Promise<string[]> {
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter) => {
    opened.push(adapter);
    return adapter;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: db.adapterFactory.provider,
    adapterName: db.adapterFactory.adapterName,
    connect: async () => track(await db.adapterFactory.connect()),
    connectToShadowDb: async () => track(await db.adapterFactory.connectToShadowDb()),
  };
  const engine = await loadSchemaEngine(factory);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } });
    return appliedMigrationNames;
  } finally {
    engine.free();
    await Promise.all(opened.map((a) => a.dispose()));
  }
}

async function applyInChildProcess(db: Database, migrationsList: MigrationsList): Promise<string[]> {
  // The child runs TypeScript through tsx whatever started this process (tsx, vitest).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = fork(new URL('./migrate-process.ts', import.meta.url), [], {
    execArgv: ['--import', tsx],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const served = serveAdapterFactory({ send: (message) => child.send(message as object), onMessage: (listener) => child.on('message', listener) }, db.adapterFactory);
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  try {
    const result = await new Promise<MigrateResult['migrateResult']>((resolvePromise, reject) => {
      child.on('message', (message) => {
        const result = (message as Partial<MigrateResult> | null)?.migrateResult;
        if (result) resolvePromise(result);
      });
      child.once('error', reject);
      void exited.then((code) => reject(new Error(`the migration process ended (exit code ${code}) before it finished`)));
      const { provider, adapterName } = db.adapterFactory;
      child.send({ migrateJob: { adapter: { provider, adapterName }, migrationsList } } satisfies MigrateJob);
    });
    if (!result.ok) {
      const error = new Error(result.message);
      error.name = result.name;
      throw error;
    }
    return result.applied;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
    await Promise.all(served.openAdapters().map((a) => a.dispose()));
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
