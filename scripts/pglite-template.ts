// Writes src/store/pglite-template/<PGlite version>.tar.br: a new database made by PGlite's own
// initdb, from which the desk creates new PGlite folders without running initdb (see
// src/store/pglite.ts). Run after upgrading @electric-sql/pglite: npx tsx scripts/pglite-template.ts
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { PGLITE_TEMPLATE_DIR, initdbArchive, installedPgliteVersion, pgliteTemplatePath } from '../src/store/pglite.ts';

const tar = await initdbArchive();
const packed = brotliCompressSync(tar, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
});
mkdirSync(PGLITE_TEMPLATE_DIR, { recursive: true });
// Templates of other PGlite versions are of no use to this checkout.
for (const old of readdirSync(PGLITE_TEMPLATE_DIR)) rmSync(join(PGLITE_TEMPLATE_DIR, old));
writeFileSync(pgliteTemplatePath(), packed);
console.log(`wrote ${pgliteTemplatePath()} (PGlite ${installedPgliteVersion()}, ${(packed.length / 1e6).toFixed(2)} MB, ${(tar.length / 1e6).toFixed(1)} MB unpacked)`);
process.exit(0);
