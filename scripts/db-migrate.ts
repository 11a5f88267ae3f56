// npm run db:migrate — applies prisma/migrations to DATABASE_URL (PGlite folder by default).
import { parseEnv } from '../src/config.ts';
import { migrate } from '../src/store/migrate.ts';
import { openDatabase } from '../src/store/open-database.ts';

const env = parseEnv(process.env);
const db = await openDatabase({ url: env.DATABASE_URL });
try {
  const applied = await migrate(db);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.close();
}
// PGlite's worker keeps the event loop alive for a while after close; nothing is left to do.
process.exit(0);
