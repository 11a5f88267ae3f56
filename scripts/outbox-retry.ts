// npm run outbox:retry — puts chat calls that failed for good (e.g. the bot was not in the channel)
// back in line, after the cause is fixed. Optional: a kind (card.post, card.update, person.notify, person.ephemeral).
import { parseEnv } from '../src/config.ts';
import { migrate } from '../src/store/migrate.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { retryFailedOutboxRows } from '../src/store/prisma-outbox-store.ts';

const env = parseEnv(process.env);
const kind = process.argv[2];
const db = await openDatabase({ url: env.DATABASE_URL });
await migrate(db);
const count = await retryFailedOutboxRows(db.prisma, { kind }, new Date());
console.log(count ? `re-queued ${count} failed chat call(s)${kind ? ` of kind ${kind}` : ''}` : 'no failed chat calls');
await db.close();
process.exit(0);
