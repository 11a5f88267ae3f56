import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { PGLITE_SETTINGS, createPglite, pgliteTemplatePath, readPgliteTemplate, unpackTar } from '../../src/store/pglite.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-pglite-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** What identifies a PostgreSQL cluster's make-up, whoever created it. */
async function makeUp(pg: PGlite) {
  const control = await pg.query('SELECT catalog_version_no, pg_control_version FROM pg_control_system()');
  const databases = await pg.query('SELECT datname, encoding, datcollate FROM pg_database ORDER BY datname');
  const settings = await pg.query(`SELECT name, setting FROM pg_settings WHERE name IN ('shared_buffers', 'max_connections', 'server_encoding', 'lc_collate') ORDER BY name`);
  return { control: control.rows, databases: databases.rows, settings: settings.rows };
}

describe('createPglite', () => {
  it('has a template for the installed PGlite (npx tsx scripts/pglite-template.ts makes it)', () => {
    expect(existsSync(pgliteTemplatePath())).toBe(true);
  });

  it('makes a new folder from the template without a second PostgreSQL for initdb, the same as initdb makes', async () => {
    const dataDir = join(tempDir(), 'new');
    const original = PGlite.create.bind(PGlite);
    const calls: { initdb: boolean; hadDatabase: boolean }[] = [];
    const create = vi.spyOn(PGlite, 'create').mockImplementation(async (...args: Parameters<typeof PGlite.create>) => {
      const options = args[0] as { initDbStartParams?: string[] };
      calls.push({ initdb: !!options.initDbStartParams, hadDatabase: existsSync(join(dataDir, 'PG_VERSION')) });
      return original(...args);
    });
    const fromTemplate = await createPglite(dataDir);
    create.mockRestore();
    const settings = PGLITE_SETTINGS.flatMap((s) => ['-c', s]);
    const byInitdb = await PGlite.create({ dataDir: join(tempDir(), 'initdb'), initDbStartParams: settings, startParams: [...PGlite.defaultStartParams, ...settings] });
    try {
      expect(calls).toEqual([{ initdb: false, hadDatabase: true }]);
      expect(await makeUp(fromTemplate)).toEqual(await makeUp(byInitdb));
    } finally {
      await fromTemplate.close();
      await byInitdb.close();
    }
  });

  it('runs a folder PGlite made with its defaults with the desk settings (16 MB shared buffers)', async () => {
    const dataDir = join(tempDir(), 'old');
    const old = await PGlite.create({ dataDir });
    expect((await old.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]?.shared_buffers).toBe('128MB');
    await old.close();
    const pg = await createPglite(dataDir);
    try {
      expect((await pg.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]?.shared_buffers).toBe('16MB');
    } finally {
      await pg.close();
    }
  });

  it('gives an in-memory database the same settings', async () => {
    const pg = await createPglite('memory://');
    try {
      expect((await pg.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0]?.shared_buffers).toBe('16MB');
    } finally {
      await pg.close();
    }
  });
});

/** A one-entry ustar archive. */
function tarOf(name: string, content: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write('0000600\0', 100);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('0', 156);
  header.write('ustar\x0000', 257, 'latin1');
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body, Buffer.alloc(1024)]);
}

describe('unpackTar', () => {
  it('writes files, whatever the chunks the archive arrives in', async () => {
    const dir = tempDir();
    const tar = tarOf('/base/1/PG_VERSION', '18\n');
    const chunks = Array.from({ length: Math.ceil(tar.length / 100) }, (_, i) => tar.subarray(i * 100, (i + 1) * 100));
    await unpackTar(Readable.from(chunks), dir);
    expect(readFileSync(join(dir, 'base/1/PG_VERSION'), 'utf8')).toBe('18\n');
  });

  it('refuses a name that leaves the folder', async () => {
    const dir = tempDir();
    await expect(unpackTar(Readable.from([tarOf('../escape', 'x')]), join(dir, 'inner'))).rejects.toThrow(/unexpected name/);
    expect(existsSync(join(dir, 'escape'))).toBe(false);
  });

  it('unpacks the whole template', async () => {
    const tar = (await readPgliteTemplate())!;
    const dir = tempDir();
    await unpackTar(Readable.from([tar]), dir);
    expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
    expect(readFileSync(join(dir, 'postgresql.conf'), 'utf8')).toMatch(/^shared_buffers = 16MB/m);
  });
});
