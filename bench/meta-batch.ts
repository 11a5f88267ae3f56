/**
 * One Meta webhook delivery of many comment changes (Page `feed`, signed with X-Hub-Signature-256)
 * through POST /webhooks/meta over real HTTP, against the real app from startTestDesk.
 *
 * Baseline: the same number of comments POSTed to /webhooks/comments one after another
 * (concurrency 1): what a batch costs when every comment pays its own round trip and statement.
 * Rounds alternate (ABBA) after a discarded warm-up round of each; times are medians over rounds.
 * Also counted: how many insert statements (BatchQueue batches) a Meta batch took.
 *
 *   npx tsx bench/meta-batch.ts [--db=pglite|postgres|all] [--changes=300] [--rounds=4]
 *   BENCH_QUICK=1 for a short run.
 */
import type { Desk } from '../src/app.ts';
import type { BatchQueue } from '../src/store/batch-queue.ts';
import { signHmacBody } from '../src/sources/verify-hmac-signature.ts';
import { INGEST_SECRET, META_APP_SECRET, genericComment, startTestDesk } from '../test/support/desk-harness.ts';
import { startSlackStandIn } from '../test/support/slack-stand-in.ts';
import { type Backend, createTestDatabase } from '../test/support/test-database.ts';
import { QUICK, alternately, fmt, isMain, median, numberArg, post, selectedBackends, table, verdict } from './lib.ts';

/** The batch must cost at most this share of the same comments sent one by one. */
export const META_BATCH_TARGET = 0.5;

export interface MetaBatchOptions {
  changes: number;
  rounds: number;
}

export interface MetaBatchResult {
  backend: Backend;
  options: MetaBatchOptions;
  /** Median ms for one POST /webhooks/meta carrying `changes` comment changes. */
  batchMs: number;
  /** Median ms for `changes` single POST /webhooks/comments, one at a time. */
  baselineMs: number;
  ratio: number;
  /** Median insert statements (BatchQueue batches) one Meta batch used. */
  insertStatements: number;
  baselineStatements: number;
  stored: number;
}

export function defaultMetaBatchOptions(argv: readonly string[] = process.argv.slice(2)): MetaBatchOptions {
  return { changes: numberArg(argv, 'changes', 300), rounds: numberArg(argv, 'rounds', QUICK ? 2 : 4) };
}

let sequence = 0;
const uniqueId = (prefix: string) => `${prefix}_${process.pid}${Date.now().toString(36)}${++sequence}`;

/** A Page feed delivery of `count` new comments, as Meta batches them: one entry, many changes. */
function metaBatch(count: number): string {
  const changes = Array.from({ length: count }, (_, i) => ({
    field: 'feed',
    value: {
      from: { id: `70123456789${i}`, name: 'Erika Mustermann' },
      item: 'comment',
      comment_id: uniqueId('822334455667788'),
      post_id: '104512345678901_822334455667788',
      parent_id: '104512345678901_822334455667788',
      verb: 'add',
      created_time: 1764147600 + i,
      message: `Bench comment ${i}: wann kommt die neue Staffel?`,
      post: { permalink_url: 'https://www.facebook.com/104512345678901/posts/pfbid02AbCdEf' },
    },
  }));
  return JSON.stringify({ object: 'page', entry: [{ id: '104512345678901', time: 1764147700, changes }] });
}

function insertQueue(desk: Desk): BatchQueue<unknown, unknown> {
  return (desk.store as unknown as { inserts: BatchQueue<unknown, unknown> }).inserts;
}

async function batchRound(desk: Desk, count: number): Promise<{ ms: number; statements: number }> {
  const url = new URL(`${desk.url}/webhooks/meta`);
  const body = metaBatch(count);
  const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signHmacBody(body, META_APP_SECRET) };
  const before = insertQueue(desk).batches;
  const result = await post(url, headers, body);
  if (result.status !== 200) throw new Error(`POST /webhooks/meta answered ${result.status}: ${result.text.slice(0, 200)}`);
  const outcomes = (JSON.parse(result.text) as { outcomes: string[] }).outcomes;
  const created = outcomes.filter((o) => o === 'created').length;
  if (created !== count) throw new Error(`expected ${count} created, got ${created}: ${result.text.slice(0, 200)}`);
  return { ms: result.ms, statements: insertQueue(desk).batches - before };
}

async function baselineRound(desk: Desk, count: number): Promise<{ ms: number; statements: number }> {
  const url = new URL(`${desk.url}/webhooks/comments`);
  const requests = Array.from({ length: count }, (_, i) => {
    const body = JSON.stringify(genericComment({ externalId: uniqueId('yt'), text: `Bench comment ${i}: wann kommt die neue Staffel?` }));
    return { body, headers: { 'content-type': 'application/json', 'x-signature-256': signHmacBody(body, INGEST_SECRET) } };
  });
  const before = insertQueue(desk).batches;
  const start = performance.now();
  for (const r of requests) {
    const result = await post(url, r.headers, r.body);
    if (result.status !== 201) throw new Error(`POST /webhooks/comments answered ${result.status}: ${result.text.slice(0, 200)}`);
  }
  return { ms: performance.now() - start, statements: insertQueue(desk).batches - before };
}

export async function runMetaBatch(backend: Backend, options: MetaBatchOptions = defaultMetaBatchOptions()): Promise<MetaBatchResult> {
  const { changes, rounds } = options;
  const standIn = await startSlackStandIn();
  const database = await createTestDatabase(backend);
  let desk: Desk | undefined;
  try {
    // Cards trickle out at the product's pace, as in production; ingest does not wait for them.
    desk = await startTestDesk({ standIn, db: database.db, env: { SLACK_CHANNEL_POST_INTERVAL_MS: '1000' } });
    const batches: { ms: number; statements: number }[] = [];
    const baselines: { ms: number; statements: number }[] = [];
    for (let r = 0; r <= rounds; r++) {
      const runBatch = async () => {
        const result = await batchRound(desk!, changes);
        if (r > 0) batches.push(result);
      };
      const runBaseline = async () => {
        const result = await baselineRound(desk!, changes);
        if (r > 0) baselines.push(result);
      };
      await alternately(r, runBatch, runBaseline);
    }
    const stored = await desk.db.prisma.comment.count();
    const expected = changes * 2 * (rounds + 1);
    if (stored !== expected) throw new Error(`expected ${expected} stored comments, found ${stored}`);
    const batchMs = median(batches.map((b) => b.ms));
    const baselineMs = median(baselines.map((b) => b.ms));
    return {
      backend,
      options,
      batchMs,
      baselineMs,
      ratio: batchMs / baselineMs,
      insertStatements: median(batches.map((b) => b.statements)),
      baselineStatements: median(baselines.map((b) => b.statements)),
      stored,
    };
  } finally {
    await desk?.stop().catch(() => {});
    await database.drop().catch(() => {});
    await standIn.close().catch(() => {});
  }
}

export function formatMetaBatch(r: MetaBatchResult): string {
  const rows = [
    ['', 'ms', 'insert statements'],
    [`${r.options.changes} × POST /webhooks/comments, one at a time (baseline)`, fmt(r.baselineMs, 0), fmt(r.baselineStatements, 0)],
    [`1 × POST /webhooks/meta with ${r.options.changes} changes`, fmt(r.batchMs, 0), fmt(r.insertStatements, 0)],
    ['ratio batch/baseline', fmt(r.ratio, 3), ''],
  ];
  return [
    `meta batch on ${r.backend}: ${r.options.changes} comment changes per batch, ${r.options.rounds} rounds (+ warm-up, discarded); ${r.stored} comments stored`,
    table(rows),
    `target ratio ≤ ${META_BATCH_TARGET}: ${verdict(r.ratio <= META_BATCH_TARGET)}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const options = defaultMetaBatchOptions();
  for (const backend of selectedBackends()) {
    console.log(formatMetaBatch(await runMetaBatch(backend, options)));
    console.log();
  }
  process.exit(0);
}
