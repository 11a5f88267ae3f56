import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** The driver adapter factory, also used by the migration engine. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** PGlite in memory (`memory://`): nothing outlives the process, tests use it. */
  inMemory?: boolean;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…` uses a PostgreSQL server; anything else is a PGlite data folder (or `memory://`). */
  url: string;
  /** Connections in the pool (PostgreSQL only). */
  poolSize?: number;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * One place that knows how to reach the database: PGlite embedded in-process (the default), or a
 * PostgreSQL server through node-postgres. Everything else gets the returned client injected.
 * Each driver is imported only when it is used: the one not chosen costs no memory.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (isPostgresUrl(options.url)) {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    const adapterFactory = new PrismaPg({ connectionString: options.url, max: options.poolSize ?? 10 });
    const prisma = new PrismaClient({ adapter: adapterFactory });
    return { kind: 'postgres', prisma, adapterFactory, close: () => prisma.$disconnect() };
  }
  const [{ PrismaPGlite }, { createPglite }] = await Promise.all([import('pglite-prisma-adapter'), import('./pglite.ts')]);
  const dataDir = options.url.replace(/^pglite:(\/\/)?/, '') || '.data/pglite';
  const pglite = await createPglite(dataDir);
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: 'pglite',
    prisma,
    adapterFactory,
    inMemory: dataDir.startsWith('memory://'),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
