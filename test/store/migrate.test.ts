import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate, readMigrationsList } from '../../src/store/migrate.ts';
import { type Database, openDatabase } from '../../src/store/open-database.ts';
import { backends } from '../support/test-database.ts';

const migrationNames = async () => (await readMigrationsList(MIGRATIONS_DIR)).migrationDirectories.map((d) => d.path);

/** `_prisma_migrations` as `prisma migrate deploy` reads it (timestamps and ids aside). */
async function history(db: Database) {
  const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; logs: string | null; rolled_back_at: Date | null; applied_steps_count: number | bigint; finished: boolean }[]>(
    `SELECT migration_name, checksum, logs, rolled_back_at, applied_steps_count, finished_at IS NOT NULL AS finished
       FROM _prisma_migrations ORDER BY migration_name`,
  );
  return rows.map((r) => ({ ...r, applied_steps_count: Number(r.applied_steps_count) }));
}

/** An empty database the desk would run on: a new PGlite folder, or a new database on the server. */
async function emptyDatabase(backend: 'pglite' | 'postgres'): Promise<{ db: Database; drop(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'desk-migrate-'));
    const db = await openDatabase({ url: join(dir, 'pglite') });
    return { db, drop: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const server = process.env.DATABASE_URL!;
  const name = `desk_migrate_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 4 });
  return { db, drop: async () => (await db.close(), await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}

describe.each(backends())('migrate on %s', (backend) => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop().catch(() => {});
  });
  const fresh = async () => {
    const made = await emptyDatabase(backend);
    drops.push(made.drop);
    return made.db;
  };

  it('applies every migration through the engine in a child process and records them as the engine does in-process', async () => {
    const [inChild, inProcess] = [await fresh(), await fresh()];
    const names = await migrationNames();
    // Someone may query before migrating (start-up retries): the connection is shared with the engine.
    await inChild.prisma.$queryRaw`SELECT 1`;
    expect(await migrate(inChild)).toEqual(names);
    expect(await migrate(inProcess, MIGRATIONS_DIR, { engine: 'in-process' })).toEqual(names);
    expect(await history(inChild)).toEqual(await history(inProcess));
    expect((await history(inChild)).every((r) => r.finished && r.rolled_back_at === null && r.applied_steps_count === 1)).toBe(true);
    // The schema is there and usable.
    expect(await inChild.prisma.team.count()).toBe(0);
    // The engine leaves no connection (nor PostgreSQL's migration lock) behind: a second run is immediate.
    expect(await migrate(inChild, MIGRATIONS_DIR, { engine: 'process' })).toEqual([]);
  });

  it('does not load the schema engine when _prisma_migrations has every migration', async () => {
    const db = await fresh();
    await migrate(db);
    // Any connection the engine opened would fail: migrate must answer from one read of the table.
    const noEngine: Database = {
      ...db,
      adapterFactory: {
        ...db.adapterFactory,
        provider: db.adapterFactory.provider,
        adapterName: db.adapterFactory.adapterName,
        connect: () => Promise.reject(new Error('the schema engine was started')),
        connectToShadowDb: () => Promise.reject(new Error('the schema engine was started')),
      },
    };
    expect(await migrate(noEngine, MIGRATIONS_DIR, { engine: 'in-process' })).toEqual([]);
    expect(await migrate(noEngine, MIGRATIONS_DIR, { engine: 'process' })).toEqual([]);
  });

  it('applies only the migrations the table lacks', async () => {
    const db = await fresh();
    const names = await migrationNames();
    await migrate(db);
    const last = names.find((n) => n.endsWith('_chat_platforms'))!;
    // As if the desk had been stopped before the per-platform migration shipped.
    await db.prisma.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${last}'`);
    for (const undo of [
      'DROP TABLE team_channel',
      'DROP TABLE member_identity',
      'ALTER TABLE member DROP COLUMN origin, ADD COLUMN slack_user_id TEXT',
      'CREATE UNIQUE INDEX member_slack_user_id_key ON member (slack_user_id)',
      'ALTER TABLE team DROP COLUMN members, ADD COLUMN slack_channel_id TEXT',
      "INSERT INTO team (id, name, slack_channel_id, updated_at) VALUES ('community', 'Community', 'C0COMMUNITY', now())",
      "INSERT INTO member (id, name, roles, team_ids, slack_user_id, updated_at) VALUES ('anna', 'Anna', '{agent}', '{community}', 'U0ANNA0001', now())",
    ]) {
      await db.prisma.$executeRawUnsafe(undo);
    }
    expect(await migrate(db)).toEqual([last]);
    expect(await db.prisma.kpiDigest.count()).toBe(0);
    // The Slack-only columns' values moved into the per-platform tables.
    expect(await db.prisma.teamChannel.findMany()).toEqual([{ platform: 'slack', channel: 'C0COMMUNITY', teamId: 'community', space: null }]);
    expect(await db.prisma.memberIdentity.findMany()).toEqual([{ platform: 'slack', externalId: 'U0ANNA0001', memberId: 'anna' }]);
  });

  it('gives every crisis started before platforms were recorded the platform there was', async () => {
    const db = await fresh();
    const names = await migrationNames();
    await migrate(db);
    const crisisPlatform = names.find((n) => n.endsWith('_crisis_platform'))!;
    await db.prisma.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${crisisPlatform}'`);
    await db.prisma.$executeRawUnsafe('ALTER TABLE crisis DROP COLUMN platform');
    await db.prisma.$executeRawUnsafe(`
      INSERT INTO crisis (id, kind, scenario_id, scenario, roster, locale, started_by_id, started_at, time_limit_at)
      VALUES (gen_random_uuid(), 'drill', 'outage', '{}', '[]', 'de', 'anna', now(), now() + interval '1 hour')`);
    expect(await migrate(db)).toEqual([crisisPlatform]);
    expect(await db.prisma.crisis.findMany({ select: { platform: true } })).toEqual([{ platform: 'slack' }]);
  });

  it('leaves a failed migration to the engine, which refuses as prisma migrate deploy does', async () => {
    const db = await fresh();
    const names = await migrationNames();
    await migrate(db);
    await db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = '${names[0]}'`);
    await expect(migrate(db)).rejects.toThrow(/failed/i);
  });
});
