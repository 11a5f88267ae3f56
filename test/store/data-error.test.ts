import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataErrorOf } from '../../src/store/data-error.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/** The error `run` rejects with (the test fails if it resolves). */
async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe.each(backends())('dataErrorOf with the errors Prisma raises on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await database.db.prisma.$executeRawUnsafe('CREATE TABLE data_error_probe (key text PRIMARY KEY)');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('finds 22021 (a NUL in text) from a raw query', async () => {
    const error = await errorOf(() => database.db.prisma.$queryRaw`SELECT * FROM unnest(${['a\u0000b']}::text[])`);
    expect(dataErrorOf(error)).toEqual({ sqlState: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' });
  });

  it('finds 22021 from a model query too', async () => {
    const error = await errorOf(() =>
      database.db.prisma.comment.findUnique({ where: { source_externalId: { source: 'facebook', externalId: 'a\u0000' } } }),
    );
    expect(dataErrorOf(error)?.sqlState).toBe('22021');
  });

  it('finds 54000 (an index row too large: a ~5,300-character id that does not compress)', async () => {
    const key = randomBytes(4000).toString('base64').slice(0, 5300);
    const error = await errorOf(() => database.db.prisma.$executeRaw`INSERT INTO data_error_probe VALUES (${key})`);
    expect(dataErrorOf(error)?.sqlState).toBe('54000');
  });

  it('finds 23505 (a unique violation the statement does not handle)', async () => {
    await database.db.prisma.$executeRaw`INSERT INTO data_error_probe VALUES ('twice')`;
    const error = await errorOf(() => database.db.prisma.$executeRaw`INSERT INTO data_error_probe VALUES ('twice')`);
    expect(dataErrorOf(error)?.sqlState).toBe('23505');
  });

  it('finds 22P02 (bad input syntax) and 22003 (out of range)', async () => {
    const syntax = await errorOf(() => database.db.prisma.$queryRaw`SELECT ${'not-a-uuid'}::uuid`);
    expect(dataErrorOf(syntax)?.sqlState).toBe('22P02');
    const range = await errorOf(() => database.db.prisma.$queryRaw`SELECT ${'99999999999'}::int4`);
    expect(dataErrorOf(range)?.sqlState).toBe('22003');
  });

  it('does not take other database errors for data errors (a missing table)', async () => {
    const error = await errorOf(() => database.db.prisma.$queryRawUnsafe('SELECT * FROM no_such_table'));
    expect(dataErrorOf(error)).toBeUndefined();
  });
});

describe('dataErrorOf with errors that may pass on a retry', () => {
  it('is undefined for an unreachable server', async () => {
    const db = await openDatabase({ url: 'postgresql://desk:desk@127.0.0.1:1/none', poolSize: 1 });
    try {
      const error = await errorOf(() => db.prisma.$queryRaw`SELECT ${'a\u0000'}::text`);
      expect(dataErrorOf(error)).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it('is undefined for anything that is not a database error', () => {
    expect(dataErrorOf(new Error('boom'))).toBeUndefined();
    expect(dataErrorOf(undefined)).toBeUndefined();
    expect(dataErrorOf({ code: '22021' })).toBeUndefined();
  });

  it('finds a driver adapter error that arrives unwrapped, or as the cause of a wrapper', () => {
    const adapterError = { name: 'DriverAdapterError', cause: { kind: 'postgres', originalCode: '22001', originalMessage: 'value too long' } };
    expect(dataErrorOf(adapterError)).toEqual({ sqlState: '22001', message: 'value too long' });
    expect(dataErrorOf(new Error('wrapped', { cause: adapterError }))?.sqlState).toBe('22001');
  });
});
