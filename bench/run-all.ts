/**
 * `npm run bench`: claim-ack latency and ingest throughput on PGlite, and on PostgreSQL when
 * DATABASE_URL points at a server (or `--db=postgres|all`), then a compact summary.
 * BENCH_QUICK=1 for a short run.
 */
import { CLAIM_ACK_TARGET, type ClaimAckResult, defaultClaimAckOptions, formatClaimAck, runClaimAck } from './claim-ack.ts';
import { INGEST_TARGET, type IngestResult, defaultIngestOptions, formatIngest, runIngest } from './ingest.ts';
import { QUICK, fmt, selectedBackends, table, verdict } from './lib.ts';

const backends = selectedBackends();
const claimOptions = defaultClaimAckOptions();
const ingestOptions = defaultIngestOptions();
console.log(`Community Desk benchmarks${QUICK ? ' (BENCH_QUICK)' : ''}: ${backends.join(', ')}; node ${process.version}\n`);

const claims: ClaimAckResult[] = [];
const ingests: IngestResult[] = [];
for (const backend of backends) {
  const claim = await runClaimAck(backend, claimOptions);
  claims.push(claim);
  console.log(formatClaimAck(claim), '\n');
  const ingest = await runIngest(backend, ingestOptions);
  ingests.push(ingest);
  console.log(formatIngest(ingest), '\n');
  // For comparison: the same with card posting unpaced, competing with ingest for the CPU.
  const flatOut = await runIngest(backend, { ...ingestOptions, postIntervalMs: 0 });
  ingests.push(flatOut);
  console.log(formatIngest(flatOut), '\n');
}

const rows: string[][] = [['benchmark', 'db', 'baseline', 'desk', 'ratio', 'target', 'result']];
for (const c of claims) {
  rows.push(['claim ack p50 (ms)', c.backend, fmt(c.baseline.p50, 1), fmt(c.desk.p50, 1), fmt(c.ratioP50, 2), `≤ ${CLAIM_ACK_TARGET}`, verdict(c.ratioP50 <= CLAIM_ACK_TARGET)]);
  rows.push(['claim ack p99 (ms)', c.backend, fmt(c.baseline.p99, 1), fmt(c.desk.p99, 1), fmt(c.ratioP99, 2), `≤ ${CLAIM_ACK_TARGET}`, verdict(c.ratioP99 <= CLAIM_ACK_TARGET)]);
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
console.log('Summary');
console.log(table(rows));
process.exit(0);
