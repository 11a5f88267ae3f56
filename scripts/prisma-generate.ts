// Runs `prisma generate` without the native schema-engine binary, which Prisma's CLI would try to
// download (unreachable here). Generation does not use that binary; the CLI only checks it exists.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const cli = resolve(import.meta.dirname, '../node_modules/prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: resolve(import.meta.dirname, '..'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(result.status ?? 1);
