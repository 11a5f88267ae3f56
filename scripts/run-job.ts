// npm run job -- <name>   runs one of the desk's named jobs now (e.g. sla-sweep), once, through the same
//                         lease as the scheduled runs: if another instance is running it, says so and exits 75.
// npm run job -- --list   lists the jobs, their schedules and how their last run went.
// Messages the job queues are sent by the running desk's outbox (this command only writes them).
import { buildDirectory } from '../src/desk-config/build-directory.ts';
import { loadDeskConfig } from '../src/desk-config/load-desk-config.ts';
import { ConfigError, parseEnv } from '../src/config.ts';
import { systemClock } from '../src/domain/ports.ts';
import { textsFor } from '../src/domain/i18n.ts';
import { deskJobs } from '../src/jobs/desk-jobs.ts';
import { JobScheduler } from '../src/jobs/scheduler.ts';
import { createLogger } from '../src/logger.ts';
import { migrate } from '../src/store/migrate.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { PrismaDeskStore } from '../src/store/prisma-desk-store.ts';
import { PrismaCrisisStore } from '../src/store/prisma-crisis-store.ts';
import { compileRouting } from '../src/domain/routing.ts';
import { PrismaKpiStore } from '../src/store/prisma-kpi-store.ts';
import { createNarrativeWriter } from '../src/narrative/openai-narrative.ts';
import { PrismaJobLeaseStore } from '../src/store/prisma-job-lease-store.ts';
import { syncDirectory } from '../src/store/sync-directory.ts';
import { PrismaMemberStore } from '../src/store/prisma-member-store.ts';
import { PrismaDraftStore } from '../src/store/prisma-draft-store.ts';
import { buildAiDeps } from '../src/ai/ai-deps.ts';
import { learnRecordedMembers } from '../src/use-cases/learn-recorded-members.ts';

let env;
try {
  env = parseEnv(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(78);
}
const name = process.argv[2];
const log = createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL);
const config = await loadDeskConfig(env.DESK_CONFIG);
const directory = buildDirectory(config);
const db = await openDatabase({ url: env.DATABASE_URL });
let code = 0;
try {
  await migrate(db);
  await syncDirectory(db.prisma, directory);
  const leases = new PrismaJobLeaseStore(db.prisma);
  // Members recorded on first use (people who clicked in a team's channel), as the running desk knows them.
  const memberStore = new PrismaMemberStore(db.prisma);
  await learnRecordedMembers('all', { directory, memberStore });
  const store = new PrismaDeskStore(db.prisma);
  const route = compileRouting(config.routing, directory.defaults);
  // AI triage as the running desk does it (same key, model, prices, budget and policy); off without OPENAI_API_KEY.
  const { triage } = buildAiDeps({ env, config, directory, store, drafts: new PrismaDraftStore(db.prisma), memberStore, clock: systemClock, route, log });
  const deps = {
    store,
    crises: new PrismaCrisisStore(db.prisma),
    directory,
    route,
    clock: systemClock,
    memberStore,
    kpi: new PrismaKpiStore(db.prisma),
    writeNarrative: createNarrativeWriter({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, timeoutMs: env.OPENAI_TIMEOUT_MS }, log),
    triage,
  };
  const jobs = new JobScheduler(deskJobs(deps), config.jobs, leases, log, {
    instanceId: `cli-${process.pid}`,
  });
  if (!name || name === '--list' || name === 'help' || name === '--help') {
    const last = new Map((await leases.list()).map((l) => [l.name, l]));
    for (const job of jobs.describe()) {
      const l = last.get(job.name);
      const lastRun = l?.lastFinishedAt ? `last run ${l.lastFinishedAt.toISOString()}${l.lastError ? ` FAILED: ${l.lastError}` : ''}` : 'not run yet';
      const idle = job.idle ? `  ${textsFor('en').deskJobIdle[job.idle]}` : '';
      console.log(`${job.name}  "${job.schedule}" (${job.timeZone})  ${lastRun}${idle}\n    ${job.description}`);
    }
    if (!name) console.log('\nUsage: npm run job -- <name>');
  } else {
    const outcome = await jobs.runNow(name);
    console.log(JSON.stringify(outcome, null, 2));
    if (!outcome.ran) code = outcome.reason === 'busy' ? 75 : 64;
  }
} catch (error) {
  console.error((error as Error).message);
  code = 1;
} finally {
  await db.close();
}
process.exit(code);
