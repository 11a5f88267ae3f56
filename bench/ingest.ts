/**
 * Comments per second through POST /webhooks/comments (signed; the real app from startTestDesk,
 * with the Slack stand-in running so the outbox posts the cards in the background, as in production).
 *
 * Baseline: plain single-row INSERTs through the same Prisma client and driver adapter into a
 * table created in the same database, with the same number in flight and the same N.
 * Rounds alternate (ABBA) after a discarded warm-up round of each; rates are medians over rounds.
 *
 * Card posting runs as in production: paced to one post per channel per `--post-interval-ms`
 * (SLACK_CHANNEL_POST_INTERVAL_MS, default 1000 as in the product), so it trickles in the background
 * and the run checks that every comment's card post is queued. With `--post-interval-ms=0` the outbox
 * posts flat out and competes with ingest for the CPU; each desk round then waits for the drain,
 * reported as "until cards posted".
 *
 *   npx tsx bench/ingest.ts [--db=pglite|postgres|all] [--n=2000] [--concurrency=16] [--rounds=4] [--post-interval-ms=1000]
 *   BENCH_QUICK=1 for a short run.
 */
import type { Desk } from '../src/app.ts';
import { signHmacBody } from '../src/sources/verify-hmac-signature.ts';
import { INGEST_SECRET, genericComment, startTestDesk } from '../test/support/desk-harness.ts';
import { startSlackStandIn } from '../test/support/slack-stand-in.ts';
import { type Backend, createTestDatabase } from '../test/support/test-database.ts';
import { waitForOutboxDrain } from './claim-ack.ts';
import { QUICK, alternately, numberArg, fmt, isMain, median, post, selectedBackends, table, verdict, withConcurrency } from './lib.ts';

export const INGEST_TARGET = 0.5;

export interface IngestOptions {
  /** Comments per side over all measured rounds. */
  n: number;
  concurrency: number;
  rounds: number;
  /** SLACK_CHANNEL_POST_INTERVAL_MS for the desk; 0 posts cards flat out. */
  postIntervalMs: number;
}

export interface IngestResult {
  backend: Backend;
  options: IngestOptions;
  /** Median over rounds, comments (rows) per second. */
  deskRate: number;
  /** Until the outbox had posted every card of the round (only with pacing off). */
  deskRateInclCards: number | null;
  baselineRate: number;
  ratio: number;
  /** Median HTTP latency per comment, and the same for one baseline INSERT. */
  deskLatencyMs: number;
  baselineLatencyMs: number;
  stored: number;
}

export function defaultIngestOptions(argv: readonly string[] = process.argv.slice(2)): IngestOptions {
  const num = (name: string, fallback: number) => numberArg(argv, name, fallback);
  return {
    n: num('n', QUICK ? 400 : 2000),
    concurrency: num('concurrency', 16),
    rounds: num('rounds', QUICK ? 2 : 4),
    postIntervalMs: num('post-interval-ms', 1000),
  };
}

let sequence = 0;
/** An external id no other run or round uses. */
export const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

export interface Round {
  rate: number;
  latencies: number[];
}

/** One round of signed webhook load (`count` comments, `concurrency` in flight); `drain` also waits until every card is posted. */
export async function deskRound(desk: Desk, count: number, concurrency: number, drain: boolean): Promise<Round & { rateInclCards: number | null }> {
  const url = new URL(`${desk.url}/webhooks/comments`);
  // Bodies and signatures are prepared before the clock starts, like the baseline's parameters.
  const requests = Array.from({ length: count }, (_, i) => {
    const body = JSON.stringify(genericComment({ externalId: uniqueId('bench'), text: `Bench comment ${i}: tolles Video, danke!` }));
    return { body, headers: { 'content-type': 'application/json', 'x-signature-256': signHmacBody(body, INGEST_SECRET) } };
  });
  const start = performance.now();
  const results = await withConcurrency(concurrency, count, (i) => post(url, requests[i]!.headers, requests[i]!.body));
  const elapsed = performance.now() - start;
  const bad = results.find((r) => r.status !== 201);
  if (bad) throw new Error(`POST /webhooks/comments answered ${bad.status}: ${bad.text.slice(0, 200)}`);
  if (!drain) return { rate: (count / elapsed) * 1000, rateInclCards: null, latencies: results.map((r) => r.ms) };
  await waitForOutboxDrain(desk);
  const drained = performance.now() - start;
  return { rate: (count / elapsed) * 1000, rateInclCards: (count / drained) * 1000, latencies: results.map((r) => r.ms) };
}

async function baselineRound(desk: Desk, count: number, concurrency: number): Promise<Round> {
  const prisma = desk.db.prisma;
  const createdAt = new Date('2026-11-26T09:00:00Z');
  const rows = Array.from({ length: count }, (_, i) => ({ externalId: uniqueId('plain'), text: `Bench comment ${i}: tolles Video, danke!` }));
  const start = performance.now();
  const latencies = await withConcurrency(concurrency, count, async (i) => {
    const row = rows[i]!;
    const t0 = performance.now();
    await prisma.$executeRaw`
      INSERT INTO bench_plain (source, external_id, text, author_name, created_at)
      VALUES ('youtube', ${row.externalId}, ${row.text}, 'Max Mustermann', ${createdAt})`;
    return performance.now() - t0;
  });
  const elapsed = performance.now() - start;
  return { rate: (count / elapsed) * 1000, latencies };
}

export async function runIngest(backend: Backend, options: IngestOptions = defaultIngestOptions()): Promise<IngestResult> {
  const { n, concurrency, rounds } = options;
  const perRound = Math.max(1, Math.round(n / rounds));
  const warmUp = Math.max(concurrency * 4, Math.round(perRound / 2));
  const standIn = await startSlackStandIn();
  const database = await createTestDatabase(backend);
  let desk: Desk | undefined;
  try {
    const flatOut = options.postIntervalMs === 0;
    desk = await startTestDesk({ standIn, db: database.db, env: { SLACK_CHANNEL_POST_INTERVAL_MS: String(options.postIntervalMs) } });
    // Same constraints a comment has on its identity: a key, and (source, external_id) unique.
    await desk.db.prisma.$executeRawUnsafe(`
      CREATE TABLE bench_plain (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        external_id text NOT NULL,
        text text NOT NULL,
        author_name text NOT NULL,
        created_at timestamptz(3) NOT NULL,
        UNIQUE (source, external_id)
      )`);

    const deskRounds: (Round & { rateInclCards: number | null })[] = [];
    const baseRounds: Round[] = [];
    for (let r = 0; r <= rounds; r++) {
      const count = r === 0 ? warmUp : perRound;
      const runDesk = async () => {
        const result = await deskRound(desk!, count, concurrency, flatOut);
        if (r > 0) deskRounds.push(result);
      };
      const runBaseline = async () => {
        const result = await baselineRound(desk!, count, concurrency);
        if (r > 0) baseRounds.push(result);
      };
      await alternately(r, runDesk, runBaseline);
    }

    const stored = await desk.db.prisma.comment.count();
    const expected = warmUp + perRound * rounds;
    if (stored !== expected) throw new Error(`expected ${expected} stored comments, found ${stored}`);
    const cardPosts = await desk.db.prisma.outbox.count({ where: { kind: 'card.post' } });
    if (cardPosts !== expected) throw new Error(`expected ${expected} queued card posts, found ${cardPosts}`);
    const cardsPosted = standIn.callsTo('chat.postMessage').length;
    if (flatOut && cardsPosted !== expected) throw new Error(`expected ${expected} cards posted, the stand-in saw ${cardsPosted}`);

    const deskRate = median(deskRounds.map((r) => r.rate));
    const baselineRate = median(baseRounds.map((r) => r.rate));
    return {
      backend,
      options: { ...options, n: perRound * rounds },
      deskRate,
      deskRateInclCards: flatOut ? median(deskRounds.map((r) => r.rateInclCards ?? 0)) : null,
      baselineRate,
      ratio: deskRate / baselineRate,
      deskLatencyMs: median(deskRounds.flatMap((r) => r.latencies)),
      baselineLatencyMs: median(baseRounds.flatMap((r) => r.latencies)),
      stored,
    };
  } finally {
    await desk?.stop().catch(() => {});
    await database.drop().catch(() => {});
    await standIn.close().catch(() => {});
  }
}

export function formatIngest(r: IngestResult): string {
  const rows = [
    ['', 'per s', 'p50 latency ms'],
    ['plain INSERT baseline', fmt(r.baselineRate, 0), fmt(r.baselineLatencyMs, 2)],
    ['POST /webhooks/comments', fmt(r.deskRate, 0), fmt(r.deskLatencyMs, 2)],
    ...(r.deskRateInclCards !== null ? [['  … until cards posted', fmt(r.deskRateInclCards, 0), '']] : []),
    ['ratio ingest/baseline', fmt(r.ratio, 2), ''],
  ];
  const cards = r.options.postIntervalMs === 0 ? 'cards posted flat out, all posted' : `cards paced at ${r.options.postIntervalMs} ms per channel, all queued`;
  return [
    `ingest on ${r.backend}: ${r.options.n} comments per side in ${r.options.rounds} rounds, ${r.options.concurrency} in flight (+ warm-up, discarded); ${r.stored} comments stored; ${cards}`,
    table(rows),
    `target ratio ≥ ${INGEST_TARGET}: ${verdict(r.ratio >= INGEST_TARGET)}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const options = defaultIngestOptions();
  for (const backend of selectedBackends()) {
    console.log(formatIngest(await runIngest(backend, options)));
    console.log();
  }
  process.exit(0);
}
