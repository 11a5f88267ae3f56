import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real HTTP servers and databases; give them room on slow machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PGlite instances are memory-hungry; a few files in parallel is plenty.
    maxWorkers: 2,
  },
});
