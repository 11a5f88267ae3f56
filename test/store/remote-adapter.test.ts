import { MessageChannel } from 'node:worker_threads';
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory, type SqlQuery, isDriverAdapterError } from '@prisma/driver-adapter-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type Channel, remoteAdapterFactory, serveAdapterFactory } from '../../src/store/remote-adapter.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const ports: MessageChannel[] = [];
function channels(): [Channel, Channel] {
  const pair = new MessageChannel();
  ports.push(pair);
  const of = (port: MessageChannel['port1']): Channel => ({ send: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) });
  return [of(pair.port1), of(pair.port2)];
}
afterEach(() => {
  for (const pair of ports.splice(0)) {
    pair.port1.close();
    pair.port2.close();
  }
});

const query = (sql: string, args: unknown[] = []): SqlQuery => ({ sql, args, argTypes: args.map(() => ({ scalarType: 'unknown', arity: 'scalar' as const })) });

describe('remote driver adapter over a message channel (the migration process and the desk)', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('runs queries, scripts and transactions on the real database', async () => {
    database = await createTestDatabase('pglite');
    const [deskSide, engineSide] = channels();
    const served = serveAdapterFactory(deskSide, database.db.adapterFactory);
    const remote = remoteAdapterFactory(engineSide, database.db.adapterFactory);
    const adapter = await remote.connect();
    expect(adapter.getConnectionInfo?.()).toEqual((await database.db.adapterFactory.connect()).getConnectionInfo?.());
    await adapter.executeScript('CREATE TABLE remote_probe (n int); INSERT INTO remote_probe VALUES (1), (2);');
    const tx = await adapter.startTransaction();
    expect(await tx.executeRaw(query('INSERT INTO remote_probe VALUES ($1)', [3]))).toBe(1);
    await tx.rollback();
    const rows = await adapter.queryRaw(query('SELECT n FROM remote_probe ORDER BY n'));
    expect(rows.columnNames).toEqual(['n']);
    expect(rows.rows).toEqual([[1], [2]]);
    expect(served.openAdapters()).toHaveLength(1);
    await adapter.dispose();
    expect(served.openAdapters()).toHaveLength(0);
  });

  it('hands a driver error over with its cause, so the engine reports it as in-process', async () => {
    const failing: SqlDriverAdapter = {
      provider: 'postgres',
      adapterName: 'failing',
      queryRaw: () => Promise.reject(new DriverAdapterError({ kind: 'TableDoesNotExist', table: 'nope', originalCode: '42P01', originalMessage: 'relation "nope" does not exist' })),
      executeRaw: () => Promise.reject(new Error('plain failure')),
      executeScript: async () => {},
      startTransaction: () => Promise.reject(new Error('no transactions')),
      dispose: async () => {},
    };
    const factory: SqlMigrationAwareDriverAdapterFactory = { provider: 'postgres', adapterName: 'failing', connect: async () => failing, connectToShadowDb: async () => failing };
    const [deskSide, engineSide] = channels();
    serveAdapterFactory(deskSide, factory);
    const adapter = await remoteAdapterFactory(engineSide, factory).connect();
    expect(adapter.getConnectionInfo).toBeUndefined();
    const error = await adapter.queryRaw(query('SELECT * FROM nope')).catch((e: unknown) => e);
    expect(isDriverAdapterError(error)).toBe(true);
    expect((error as DriverAdapterError).cause).toEqual({ kind: 'TableDoesNotExist', table: 'nope', originalCode: '42P01', originalMessage: 'relation "nope" does not exist' });
    await expect(adapter.executeRaw(query('SELECT 1'))).rejects.toThrow('plain failure');
  });
});
