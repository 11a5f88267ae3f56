import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationsList } from './migrate.ts';
import { type Channel, remoteAdapterFactory } from './remote-adapter.ts';
import { loadSchemaEngine } from './schema-engine.ts';

/**
 * The migration child process (started by migrate.ts): Prisma's schema engine applies the
 * migrations over the desk's own database connection (remote-adapter.ts). Whatever the engine
 * loaded goes back to the system when the process ends.
 */
export interface MigrateJob {
  migrateJob: {
    adapter: Pick<SqlMigrationAwareDriverAdapterFactory, 'provider' | 'adapterName'>;
    migrationsList: MigrationsList;
  };
}

export type MigrateResult = { migrateResult: { ok: true; applied: string[] } | { ok: false; name: string; message: string } };

const channel: Channel = {
  send: (message) => process.send!(message),
  onMessage: (listener) => process.on('message', listener),
};

async function run({ adapter, migrationsList }: MigrateJob['migrateJob']): Promise<MigrateResult['migrateResult']> {
  try {
    const engine = await loadSchemaEngine(remoteAdapterFactory(channel, adapter));
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } });
      return { ok: true, applied: appliedMigrationNames };
    } finally {
      engine.free();
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, name: e.name, message: e.message };
  }
}

// Without the desk on the other end there is nobody to migrate for.
process.on('disconnect', () => process.exit(1));
process.on('message', (message) => {
  const job = (message as Partial<MigrateJob> | null)?.migrateJob;
  if (!job) return;
  void run(job).then((migrateResult) => process.send!({ migrateResult } satisfies MigrateResult, () => process.exit(0)));
});
