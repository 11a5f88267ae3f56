import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's PostgreSQL settings. Its shared memory lives in the WebAssembly heap, which never
 * shrinks and is resident once touched: the default 128 MB of shared buffers alone made up a third
 * of an idle desk. 16 MB holds a desk's hot rows (open comments, outbox, leases); pages beyond it
 * are read back from the data folder through the operating system's file cache. PGlite runs one
 * backend, so a handful of connection slots is plenty (each sizes shared lock tables).
 * `initdb` gets the same values, so a new folder's postgresql.conf has them too.
 */
export const PGLITE_SETTINGS = ['shared_buffers=16MB', 'max_connections=5'] as const;

export const pgliteInitdbArgs = (): string[] => PGLITE_SETTINGS.flatMap((s) => ['-c', s]);
const pgliteStartParams = (): string[] => [...PGlite.defaultStartParams, ...pgliteInitdbArgs()];

/** New databases' template, one per PGlite version: made by scripts/pglite-template.ts. */
export const PGLITE_TEMPLATE_DIR = resolve(import.meta.dirname, 'pglite-template');

export function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export const pgliteTemplatePath = (version = installedPgliteVersion()) => join(PGLITE_TEMPLATE_DIR, `${version}.tar.br`);

/** The template's tar archive for the installed PGlite, or undefined when there is none. */
export async function readPgliteTemplate(): Promise<Buffer | undefined> {
  const path = pgliteTemplatePath();
  if (!existsSync(path)) return undefined;
  return promisify(brotliDecompress)(await readFile(path));
}

/**
 * Opens the PGlite database in `dataDir` (`memory://` for one in memory), creating it when the
 * folder is new.
 * PGlite creates a database by running `initdb` in a second, temporary PostgreSQL instance whose
 * 128 MB heap it also copies: about 600 MB at once, enough to get a 1 GiB container killed on its
 * first start. A new database is therefore unpacked from a template made by that same `initdb`
 * when one exists for the installed PGlite, and made by `initdb` only when none does.
 */
export async function createPglite(dataDir: string): Promise<PGlite> {
  const startParams = pgliteStartParams();
  if (dataDir.startsWith('memory://')) {
    const template = await readPgliteTemplate();
    if (template) {
      try {
        return await PGlite.create({ dataDir, startParams, loadDataDir: new Blob([template as Uint8Array<ArrayBuffer>]) });
      } catch {
        // made by initdb below
      }
    }
    return PGlite.create({ dataDir, startParams, initDbStartParams: pgliteInitdbArgs() });
  }
  mkdirSync(dataDir, { recursive: true });
  // Only an empty folder is filled from the template: anything else is either a database already
  // (PGlite resumes it) or something PGlite's own checks should judge. The archive is unpacked
  // straight into the folder as it is decompressed, so it never sits in memory whole.
  if (readdirSync(dataDir).length === 0 && existsSync(pgliteTemplatePath())) {
    try {
      await unpackTar(createReadStream(pgliteTemplatePath()).pipe(createBrotliDecompress()), dataDir);
      return await PGlite.create({ dataDir, startParams });
    } catch {
      // A template this PostgreSQL cannot start from (test/store/pglite.test.ts keeps that from
      // being shipped) is no reason not to start: the folder is emptied and made the usual way.
      for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    }
  }
  return PGlite.create({ dataDir, startParams, initDbStartParams: pgliteInitdbArgs() });
}

/**
 * Writes the files and folders of a ustar archive (what PGlite's dumpDataDir makes) into `dir`,
 * block by block as they arrive.
 */
export async function unpackTar(archive: AsyncIterable<Buffer>, dir: string): Promise<void> {
  const BLOCK = 512;
  let pending: Buffer = Buffer.alloc(0);
  let file: { fd: number; left: number } | undefined;
  let skip = 0;
  let ended = false;
  const octal = (field: Buffer) => parseInt(field.toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
  const text = (field: Buffer) => field.toString('utf8').replace(/\0.*$/s, '');
  try {
    for await (const chunk of archive) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length && !ended) {
        if (file) {
          const n = Math.min(file.left, pending.length);
          writeSync(file.fd, pending, 0, n);
          pending = pending.subarray(n);
          file.left -= n;
          if (file.left === 0) {
            closeSync(file.fd);
            file = undefined;
          }
        } else if (skip) {
          const n = Math.min(skip, pending.length);
          pending = pending.subarray(n);
          skip -= n;
        } else {
          if (pending.length < BLOCK) break;
          const header = pending.subarray(0, BLOCK);
          pending = pending.subarray(BLOCK);
          if (header.every((b) => b === 0)) {
            ended = true;
            break;
          }
          const prefix = text(header.subarray(345, 500));
          const name = normalize((prefix ? `${prefix}/` : '') + text(header.subarray(0, 100))).replace(/^\/+/, '');
          if (!name || name.split('/').includes('..')) throw new Error(`unexpected name in the database template: ${name}`);
          const path = join(dir, name);
          const mode = octal(header.subarray(100, 108)) & 0o777;
          const size = octal(header.subarray(124, 136));
          const type = String.fromCharCode(header[156]!);
          if (type === '5') {
            mkdirSync(path, { recursive: true, mode });
          } else if (type === '0' || type === '\0') {
            mkdirSync(dirname(path), { recursive: true });
            const fd = openSync(path, 'w', mode);
            if (size > 0) file = { fd, left: size };
            else closeSync(fd);
            skip = (BLOCK - (size % BLOCK)) % BLOCK;
          } else {
            throw new Error(`unexpected entry type ${JSON.stringify(type)} in the database template`);
          }
        }
      }
    }
  } finally {
    if (file) closeSync(file.fd);
  }
  if (!ended && (file || skip)) throw new Error('the database template archive ends early');
}

/** A new database made by PGlite's own `initdb`, as a tar archive: the template's content. */
export async function initdbArchive(): Promise<Buffer> {
  const pglite = await PGlite.create({ dataDir: 'memory://', startParams: pgliteStartParams(), initDbStartParams: pgliteInitdbArgs() });
  try {
    const tar = await pglite.dumpDataDir('none');
    return Buffer.from(await tar.arrayBuffer());
  } finally {
    await pglite.close();
  }
}
