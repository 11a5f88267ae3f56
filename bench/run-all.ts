/**
 * `npm run bench`: claim-ack latency, the Teams claim invoke latency (bench/teams-claim.ts), ingest throughput and one 300-change Meta batch on PGlite, and on PostgreSQL when
 * DATABASE_URL points at a server (or `--db=postgres|all`); on PostgreSQL also the weekly KPI figures
 * with 1M comments and the sla-sweep run
 * time by open comments, and the database-outage fault run (bench/db-outage.ts); once, on the first backend, the
 * Teams burst (bench/teams-burst.ts: `--burst-count=500` comments into one Teams channel, ≥ count ÷ 2 seconds);
 * then, on PGlite, the web console (bench/console.ts: console claim vs Slack claim, live fan-out to open
 * pages, the inbox page with 300 open comments vs /readyz), and AI triage (bench/ai-triage.ts: ingest with
 * triage on vs off, triage catch-up, cost per 1,000 comments at the example price table); then a compact summary. BENCH_QUICK=1 for a short run.
 */
import { CLAIM_ACK_TARGET, type ClaimAckResult, defaultClaimAckOptions, formatClaimAck, runClaimAck } from './claim-ack.ts';
import { INGEST_TARGET, type IngestResult, defaultIngestOptions, formatIngest, runIngest } from './ingest.ts';
import { META_BATCH_TARGET, type MetaBatchResult, defaultMetaBatchOptions, formatMetaBatch, runMetaBatch } from './meta-batch.ts';
import { QUICK, fmt, numberArg, selectedBackends, table, verdict } from './lib.ts';
import {
  SLA_SWEEP_GROWTH_TARGET,
  SLA_SWEEP_TARGET_MS,
  SLA_SWEEP_TARGET_SIZE,
  type SlaSweepResult,
  defaultSlaSweepOptions,
  formatSlaSweep,
  runSlaSweep,
  sizeLabel,
} from './sla-sweep.ts';
import { defaultMemoryOptions, formatMemory, memoryRows, runMemory } from './memory.ts';
import { KPI_FIGURES_TARGET_MS, type KpiFiguresResult, formatKpiFigures, runKpiFigures } from './kpi-figures.ts';
import { type DbOutageResult, defaultDbOutageOptions, formatDbOutage, runDbOutage } from './db-outage.ts';
import { TEAMS_CLAIM_TARGET, type TeamsClaimResult, defaultTeamsClaimOptions, formatTeamsClaim, runTeamsClaim } from './teams-claim.ts';
import { burstMet, formatTeamsBurst, runTeamsBurst } from './teams-burst.ts';
import { type ConsoleBenchResult, consoleBenchRows, defaultConsoleBenchOptions, formatConsoleBench, runConsoleBench } from './console.ts';
import { type AiTriageResult, aiTriageRows, defaultAiTriageOptions, formatAiTriage, runAiTriage } from './ai-triage.ts';

const backends = selectedBackends();
const claimOptions = defaultClaimAckOptions();
const ingestOptions = defaultIngestOptions();
const slaSweepOptions = defaultSlaSweepOptions();
const metaBatchOptions = defaultMetaBatchOptions();
const teamsClaimOptions = defaultTeamsClaimOptions();
const burstCount = numberArg(process.argv.slice(2), 'burst-count', QUICK ? 100 : 500);
console.log(`Community Desk benchmarks${QUICK ? ' (BENCH_QUICK)' : ''}: ${backends.join(', ')}; node ${process.version}\n`);

const claims: ClaimAckResult[] = [];
const teamsClaims: TeamsClaimResult[] = [];
const ingests: IngestResult[] = [];
const metaBatches: MetaBatchResult[] = [];
let slaSweep: SlaSweepResult | undefined;
let kpiFigures: KpiFiguresResult | undefined;
let dbOutage: DbOutageResult | undefined;
for (const backend of backends) {
  const claim = await runClaimAck(backend, claimOptions);
  claims.push(claim);
  console.log(formatClaimAck(claim), '\n');
  const teamsClaim = await runTeamsClaim(backend, teamsClaimOptions);
  teamsClaims.push(teamsClaim);
  console.log(formatTeamsClaim(teamsClaim), '\n');
  const ingest = await runIngest(backend, ingestOptions);
  ingests.push(ingest);
  console.log(formatIngest(ingest), '\n');
  // For comparison: the same with card posting unpaced, competing with ingest for the CPU.
  const flatOut = await runIngest(backend, { ...ingestOptions, postIntervalMs: 0 });
  ingests.push(flatOut);
  console.log(formatIngest(flatOut), '\n');
  const metaBatch = await runMetaBatch(backend, metaBatchOptions);
  metaBatches.push(metaBatch);
  console.log(formatMetaBatch(metaBatch), '\n');
  // The sweep's cost by history size is a PostgreSQL question (production); PGlite is not measured.
  if (backend === 'postgres') {
    slaSweep = await runSlaSweep(slaSweepOptions);
    console.log(formatSlaSweep(slaSweep), '\n');
    kpiFigures = await runKpiFigures({ comments: numberArg(process.argv.slice(2), 'comments', QUICK ? 100_000 : 1_000_000), rounds: QUICK ? 3 : 5 });
    console.log(formatKpiFigures(kpiFigures), '\n');
    // A database server to cut the connection to: PostgreSQL only (PGlite runs inside the process).
    dbOutage = await runDbOutage(defaultDbOutageOptions());
    console.log(formatDbOutage(dbOutage), '\n');
  }
}
// Paced by Teams' windows (about count ÷ 2 seconds), so once, on the first backend.
const teamsBurst = await runTeamsBurst(backends[0]!, { count: burstCount });
console.log(formatTeamsBurst(teamsBurst), '\n');
if (!backends.includes('postgres')) console.log('db-outage skipped: it needs PostgreSQL (set DATABASE_URL)\n');

// Each start is a process of its own, so the figures above do not inflate these.
const memory = await runMemory(backends, defaultMemoryOptions());
console.log(formatMemory(memory), '\n');

// The web console, on PGlite only (its figures are ratios against baselines on the same desk).
let consoleBench: ConsoleBenchResult | undefined;
if (backends.includes('pglite')) {
  consoleBench = await runConsoleBench('pglite', defaultConsoleBenchOptions());
  console.log(formatConsoleBench(consoleBench), '\n');
} else {
  console.log('console skipped: it runs on PGlite (--db=pglite or all)\n');
}

// AI triage (bench/ai-triage.ts): ingest with triage on vs off, catch-up, cost per 1,000 comments; on PGlite only.
let aiTriage: AiTriageResult | undefined;
if (backends.includes('pglite')) {
  aiTriage = await runAiTriage('pglite', defaultAiTriageOptions());
  console.log(formatAiTriage(aiTriage), '\n');
} else {
  console.log('ai-triage skipped: it runs on PGlite (--db=pglite or all)\n');
}

const rows: string[][] = [['benchmark', 'db', 'baseline', 'desk', 'ratio', 'target', 'result']];
for (const c of claims) {
  rows.push(['claim ack p50 (ms)', c.backend, fmt(c.baseline.p50, 1), fmt(c.desk.p50, 1), fmt(c.ratioP50, 2), `≤ ${CLAIM_ACK_TARGET}`, verdict(c.ratioP50 <= CLAIM_ACK_TARGET)]);
  rows.push(['claim ack p99 (ms)', c.backend, fmt(c.baseline.p99, 1), fmt(c.desk.p99, 1), fmt(c.ratioP99, 2), `≤ ${CLAIM_ACK_TARGET}`, verdict(c.ratioP99 <= CLAIM_ACK_TARGET)]);
  const s = c.contended;
  rows.push(['claim storm p50 (ms)', c.backend, fmt(s.baseline.p50, 1), fmt(s.desk.p50, 1), fmt(s.ratioP50, 2), `≤ ${CLAIM_ACK_TARGET}`, verdict(s.ratioP50 <= CLAIM_ACK_TARGET)]);
  rows.push(['claim storm p99 (ms)', c.backend, fmt(s.baseline.p99, 1), fmt(s.desk.p99, 1), fmt(s.ratioP99, 2), `≤ ${CLAIM_ACK_TARGET}`, verdict(s.ratioP99 <= CLAIM_ACK_TARGET)]);
}
for (const t of teamsClaims) {
  rows.push(['teams claim p99 (ms)', t.backend, fmt(t.baseline.p99, 1), fmt(t.desk.p99, 1), fmt(t.ratioP99, 2), `≤ ${TEAMS_CLAIM_TARGET}`, verdict(t.ratioP99 <= TEAMS_CLAIM_TARGET)]);
  const s = t.contended;
  rows.push(['teams claim storm p99 (ms)', t.backend, fmt(s.baseline.p99, 1), fmt(s.desk.p99, 1), fmt(s.ratioP99, 2), `≤ ${TEAMS_CLAIM_TARGET}`, verdict(s.ratioP99 <= TEAMS_CLAIM_TARGET)]);
}
{
  const b = teamsBurst;
  const [perSecond, perHalfMinute] = b.windows;
  rows.push([
    `teams burst ${b.options.count}: max/1 s, max/30 s, dup, missing`,
    b.backend,
    '–',
    `${perSecond?.maxSeen}, ${perHalfMinute?.maxSeen}, ${b.duplicates}, ${b.missing}`,
    '–',
    `≤ ${perSecond?.posts}, ≤ ${perHalfMinute?.posts}, 0, 0`,
    verdict(burstMet(b)),
  ]);
  // Baseline: the least time the windows allow from the first post to the last.
  rows.push([`teams burst ${b.options.count}: first to last post (s)`, b.backend, fmt(b.floorMs / 1000, 0), fmt(b.postingMs / 1000, 0), fmt(b.postingMs / b.floorMs, 2), '(info)', '–']);
}
for (const i of ingests) {
  // The unpaced run is for comparison: card posting flat out, which Slack's pace never allows.
  const unpaced = i.options.postIntervalMs === 0;
  rows.push([
    unpaced ? 'ingest, posting unpaced' : 'ingest (comments/s)',
    i.backend,
    fmt(i.baselineRate, 0),
    fmt(i.deskRate, 0),
    fmt(i.ratio, 2),
    unpaced ? '(info)' : `≥ ${INGEST_TARGET}`,
    unpaced ? '–' : verdict(i.ratio >= INGEST_TARGET),
  ]);
}
for (const m of metaBatches) {
  rows.push([
    `meta batch of ${m.options.changes} (ms)`,
    m.backend,
    fmt(m.baselineMs, 0),
    fmt(m.batchMs, 0),
    fmt(m.ratio, 2),
    `≤ ${META_BATCH_TARGET}`,
    verdict(m.ratio <= META_BATCH_TARGET),
  ]);
}
if (slaSweep) {
  for (const s of slaSweep.sizes) {
    const targeted = s.size === SLA_SWEEP_TARGET_SIZE;
    rows.push([
      `sla sweep ${sizeLabel(s.size)} open (ms)`,
      slaSweep.backend,
      fmt(s.baselineMs, 1),
      fmt(s.sweepMs, 1),
      fmt(s.ratio, 1),
      targeted ? `≤ ${SLA_SWEEP_TARGET_MS} ms` : '(info)',
      targeted ? verdict(s.sweepMs <= SLA_SWEEP_TARGET_MS) : '–',
    ]);
  }
  if (slaSweep.growth !== null) {
    const first = slaSweep.sizes[0]!, last = slaSweep.sizes[slaSweep.sizes.length - 1]!;
    rows.push([
      `sla sweep ${sizeLabel(last.size)} ÷ ${sizeLabel(first.size)}`,
      slaSweep.backend,
      fmt(first.sweepMs, 1),
      fmt(last.sweepMs, 1),
      fmt(slaSweep.growth, 2),
      `≤ ${SLA_SWEEP_GROWTH_TARGET}`,
      verdict(slaSweep.growth <= SLA_SWEEP_GROWTH_TARGET),
    ]);
  }
}
if (kpiFigures) {
  rows.push([
    `kpi figures, ${sizeLabel(kpiFigures.comments)} comments (ms)`,
    'postgres',
    fmt(kpiFigures.baselineMs, 1),
    fmt(kpiFigures.figuresMs, 1),
    fmt(kpiFigures.ratio, 1),
    `≤ ${KPI_FIGURES_TARGET_MS} ms`,
    verdict(kpiFigures.figuresMs <= KPI_FIGURES_TARGET_MS),
  ]);
}
if (dbOutage) {
  const d = dbOutage;
  const exact = d.processAlive && d.acknowledgedLost === 0 && d.duplicateComments === 0 && d.duplicateCards === 0 && d.clicksAcknowledgedLost === 0 && d.unanswered === 0;
  rows.push([`db outage ${fmt(d.cutMs / 1000, 0)} s: lost, duplicates, alive`, 'postgres', '–', `${d.acknowledgedLost}, ${d.duplicateComments + d.duplicateCards}, ${d.processAlive ? 'yes' : 'no'}`, '–', '0, 0, yes', verdict(exact)]);
  rows.push(['db outage: ingest p50 after ÷ before (ms)', 'postgres', fmt(d.p50BeforeMs, 1), fmt(d.p50AfterMs, 1), fmt(d.ratio, 2), '(info)', '–']);
}
rows.push(...memoryRows(memory));
if (consoleBench) rows.push(...consoleBenchRows(consoleBench));
if (aiTriage) rows.push(...aiTriageRows(aiTriage));
console.log('Summary');
console.log(table(rows));
process.exit(0);
