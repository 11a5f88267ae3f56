/**
 * Where the time goes (diagnostics for bench/claim-ack.ts and bench/ingest.ts; not part of npm run bench).
 *
 * 1. Statement counts and per-phase times for one claim / one ingest, run one at a time (the delivery
 *    loop stopped, so only the request's own work is counted), and the statements the outbox needs to
 *    deliver the resulting card post / card update.
 * 2. Concurrent rounds of variants, interleaved, to split the gap to the baseline:
 *    claim:  bolt baseline | desk with an in-memory store (no DB) | desk, delivery stopped | full desk
 *    ingest: plain INSERT | store.insertComment() directly | HTTP, delivery stopped | full desk
 *
 *   npx tsx bench/profile.ts [--db=pglite|postgres|all] [--rounds=6]
 */
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Desk } from '../src/app.ts';
import type { CommentRecord } from '../src/domain/comment.ts';
import type { DeskStore } from '../src/domain/ports.ts';
import { signHmacBody } from '../src/sources/verify-hmac-signature.ts';
import type { Database } from '../src/store/open-database.ts';
import { CHANNELS, INGEST_SECRET, SIGNING_SECRET, genericComment, startTestDesk } from '../test/support/desk-harness.ts';
import { blockActionsBody, makeBlockActionsPayload, signSlackRequest } from '../test/support/slack-signing.ts';
import { startSlackStandIn } from '../test/support/slack-stand-in.ts';
import { createTestDatabase } from '../test/support/test-database.ts';
import { benchDeskConfig, createCards, startBaselineBolt, waitForOutboxDrain } from './claim-ack.ts';
import { fmt, median, percentile, post, selectedBackends, sleep, table, withConcurrency } from './lib.ts';

const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.split('=')[1] ?? 6);
const CONCURRENCY = 50;
const INGEST_PER_ROUND = 400;
const INGEST_IN_FLIGHT = 16;

// ---------------------------------------------------------------------------------------------
// Statement counting (every statement the database executes, BEGIN/COMMIT included)
// ---------------------------------------------------------------------------------------------

const counter = { statements: 0, byText: new Map<string, number>(), recordText: false };
function countStatement(text: unknown) {
  const sql = String(typeof text === 'object' && text && 'text' in text ? (text as { text: string }).text : text);
  // The benchmark's own "is the outbox drained yet?" polling is not the app's work.
  if (sql.includes('_count$_all') && sql.includes('"outbox"')) return;
  counter.statements += 1;
  if (counter.recordText) {
    const key = sql.replace(/\s+/g, ' ').slice(0, 110);
    counter.byText.set(key, (counter.byText.get(key) ?? 0) + 1);
  }
}

let pgPatched = false;
function instrument(db: Database): void {
  if (db.kind === 'postgres') {
    if (pgPatched) return;
    pgPatched = true;
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      countStatement(args[0]);
      return original.apply(this, args);
    };
    return;
  }
  const pglite = (db.adapterFactory as unknown as { client: PGlite }).client;
  const query = pglite.query.bind(pglite);
  pglite.query = ((...args: Parameters<PGlite['query']>) => {
    countStatement(args[0]);
    return query(...args);
  }) as PGlite['query'];
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = ((callback: Parameters<PGlite['transaction']>[0]) =>
    transaction(async (tx) => {
      countStatement('BEGIN');
      const txQuery = tx.query.bind(tx);
      tx.query = ((...args: Parameters<typeof tx.query>) => {
        countStatement(args[0]);
        return txQuery(...args);
      }) as typeof tx.query;
      try {
        return await callback(tx);
      } finally {
        countStatement('COMMIT');
      }
    })) as PGlite['transaction'];
}

// ---------------------------------------------------------------------------------------------
// Phase timing: wrap the store object the Slack listener and the webhook share
// ---------------------------------------------------------------------------------------------

type StoreMethod = 'getComment' | 'cardsOf' | 'writeComment' | 'insertComment' | 'enqueue' | 'findCommentBySource';
const phaseTimes = new Map<StoreMethod, number[]>();
function timeStore(store: DeskStore): void {
  const s = store as unknown as Record<StoreMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['getComment', 'cardsOf', 'writeComment', 'insertComment', 'enqueue', 'findCommentBySource'] as const) {
    const original = s[name];
    s[name] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await original(...args);
      } finally {
        const list = phaseTimes.get(name) ?? [];
        list.push(performance.now() - t0);
        phaseTimes.set(name, list);
      }
    };
  }
}

/** Replaces the store with an in-memory one for the duration of `run` (claim path only). */
async function withFakeStore<T>(store: DeskStore, template: CommentRecord, run: () => Promise<T>): Promise<T> {
  const s = store as unknown as Record<string, unknown>;
  const saved = { getComment: s.getComment, cardsOf: s.cardsOf, writeComment: s.writeComment, enqueue: s.enqueue };
  s.getComment = async (id: string) => ({ ...template, id, status: 'open', holderId: null, version: 1 });
  s.cardsOf = async (commentId: string) => [{ id: '00000000-0000-4000-8000-000000000000', commentId, platform: 'slack', channel: CHANNELS.community, teamId: 'community', messageId: '1.0', active: true, postedAt: new Date(), createdAt: new Date() }];
  s.writeComment = async () => true;
  s.enqueue = async () => {};
  try {
    return await run();
  } finally {
    Object.assign(s, saved);
  }
}

let actionCounter = 0;
function claimRequest(commentId: string, userIndex: number) {
  actionCounter += 1;
  const payload = makeBlockActionsPayload({
    userId: `U0BENCH${String(userIndex).padStart(4, '0')}`,
    channelId: CHANNELS.community,
    messageTs: '1700000000.000100',
    actionId: 'desk.claim',
    blockId: `desk.card:${commentId}`,
    value: JSON.stringify({ c: commentId, v: 1 }),
  });
  for (const a of (payload as { actions: { action_ts: string }[] }).actions) a.action_ts = `${Math.floor(Date.now() / 1000)}.${String(actionCounter).padStart(6, '0')}`;
  const body = blockActionsBody(payload);
  return { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...signSlackRequest(body, SIGNING_SECRET) } };
}

async function fire(url: URL, requests: { body: string; headers: Record<string, string> }[]) {
  const results = await Promise.all(requests.map((r) => post(url, r.headers, r.body)));
  const bad = results.find((r) => r.status !== 200);
  if (bad) throw new Error(`${url.href} answered ${bad.status}: ${bad.text}`);
  return results.map((r) => r.ms);
}

const perOp = (statements: number, ops: number) => fmt(statements / ops, 1);

async function profileClaim(desk: Desk, db: Database, standIn: Awaited<ReturnType<typeof startSlackStandIn>>) {
  const deskUrl = new URL(`${desk.url}/slack/events`);
  const baseline = await startBaselineBolt(standIn);
  try {
    const sequentialN = 50;
    const cards = await createCards(desk, standIn, sequentialN + (ROUNDS + 1) * CONCURRENCY * 2);
    await waitForOutboxDrain(desk);
    let next = 0;
    const take = (n: number) => cards.slice(next, (next += n));

    // 1. One claim at a time, delivery stopped: statements and phases of the handler alone.
    await desk.delivery!.stop();
    phaseTimes.clear();
    counter.statements = 0;
    counter.byText.clear();
    counter.recordText = true;
    const seqLatency: number[] = [];
    for (const [i, card] of take(sequentialN).entries()) {
      const r = claimRequest(card.commentId, i);
      const [ms] = await fire(deskUrl, [r]);
      seqLatency.push(ms!);
    }
    const handlerStatements = counter.statements;
    const handlerTexts = [...counter.byText.entries()];
    counter.recordText = false;
    const phases = ['getComment', 'cardsOf', 'writeComment'] as const;
    const phaseMedians = phases.map((p) => median(phaseTimes.get(p) ?? []));
    // Delivery of the resulting card.update rows, alone.
    counter.statements = 0;
    const tDeliver = performance.now();
    desk.delivery!.start();
    await waitForOutboxDrain(desk);
    const deliverMs = performance.now() - tDeliver;
    const deliveryStatements = counter.statements;
    const seqBaseline: number[] = [];
    for (let i = 0; i < sequentialN; i++) seqBaseline.push((await fire(baseline.url, [claimRequest(crypto.randomUUID(), i)]))[0]!);

    console.log(`\n[claim, ${db.kind}] one click at a time (${sequentialN} clicks, delivery loop stopped):`);
    console.log(
      table([
        ['', 'median ms'],
        ['bolt baseline ack', fmt(median(seqBaseline), 2)],
        ['desk claim ack', fmt(median(seqLatency), 2)],
        ...phases.map((p, i) => [`  store.${p}`, fmt(phaseMedians[i]!, 2)]),
        ['  rest (HTTP, Bolt, zod, decide)', fmt(median(seqLatency) - phaseMedians.reduce((a, b) => a + b, 0), 2)],
      ]),
    );
    console.log(`statements per claim (handler): ${perOp(handlerStatements, sequentialN)}; per delivered card.update: ${perOp(deliveryStatements, sequentialN)} (${fmt(deliverMs / sequentialN, 2)} ms each)`);
    for (const [text, n] of handlerTexts) console.log(`  ${perOp(n, sequentialN)} × ${text}`);

    // 2. Variants, 50 concurrent, interleaved.
    const template = (await db.prisma.comment.findFirstOrThrow()) as CommentRecord;
    const variants: Record<string, number[][]> = { 'bolt baseline': [], 'desk, in-memory store': [], 'desk, delivery stopped': [], 'desk, full': [] };
    const stmtPerClaim: Record<string, number[]> = { 'desk, delivery stopped': [], 'desk, full': [] };
    for (let r = 0; r <= ROUNDS; r++) {
      const order = Object.keys(variants);
      if (r % 2 === 1) order.reverse();
      for (const name of order) {
        let latencies: number[];
        counter.statements = 0;
        if (name === 'bolt baseline') {
          latencies = await fire(baseline.url, Array.from({ length: CONCURRENCY }, (_, i) => claimRequest(crypto.randomUUID(), i)));
        } else if (name === 'desk, in-memory store') {
          latencies = await withFakeStore(desk.store, template, () => fire(deskUrl, Array.from({ length: CONCURRENCY }, (_, i) => claimRequest(crypto.randomUUID(), i))));
        } else if (name === 'desk, delivery stopped') {
          await desk.delivery!.stop();
          latencies = await fire(deskUrl, take(CONCURRENCY).map((c, i) => claimRequest(c.commentId, i)));
          stmtPerClaim[name]!.push(counter.statements / CONCURRENCY);
          desk.delivery!.start();
          await waitForOutboxDrain(desk);
        } else {
          latencies = await fire(deskUrl, take(CONCURRENCY).map((c, i) => claimRequest(c.commentId, i)));
          stmtPerClaim[name]!.push(counter.statements / CONCURRENCY);
          await waitForOutboxDrain(desk);
        }
        if (r > 0) variants[name]!.push(latencies);
      }
    }
    const base = median(variants['bolt baseline']!.map((l) => percentile(l, 50)));
    console.log(`\n[claim, ${db.kind}] ${CONCURRENCY} concurrent clicks, ${ROUNDS} interleaved rounds (medians of per-round values):`);
    console.log(
      table([
        ['variant', 'p50 ms', 'p99 ms', 'ratio p50', 'stmts/click*'],
        ...Object.entries(variants).map(([name, rounds]) => {
          const p50 = median(rounds.map((l) => percentile(l, 50)));
          const p99 = median(rounds.map((l) => percentile(l, 99)));
          return [name, fmt(p50, 1), fmt(p99, 1), fmt(p50 / base, 2), stmtPerClaim[name] ? fmt(median(stmtPerClaim[name]!), 1) : ''];
        }),
      ]),
    );
    console.log('  * statements executed during the round, divided by the clicks (includes the delivery loop when it runs)');
  } finally {
    await baseline.stop();
  }
}

async function profileIngest(desk: Desk, db: Database) {
  const url = new URL(`${desk.url}/webhooks/comments`);
  await db.prisma.$executeRawUnsafe(
    'CREATE TABLE IF NOT EXISTS bench_plain (id bigserial PRIMARY KEY, source text NOT NULL, external_id text NOT NULL, text text NOT NULL, author_name text NOT NULL, created_at timestamptz(3) NOT NULL, UNIQUE (source, external_id))',
  );
  let seq = 0;
  const body = () => {
    const raw = JSON.stringify(genericComment({ externalId: `prof-${process.pid}-${++seq}`, text: `Bench comment ${seq}: tolles Video, danke!` }));
    return { raw, headers: { 'content-type': 'application/json', 'x-signature-256': signHmacBody(raw, INGEST_SECRET) } };
  };

  // 1. One at a time, delivery stopped.
  const n = 50;
  await desk.delivery!.stop();
  phaseTimes.clear();
  counter.statements = 0;
  counter.byText.clear();
  counter.recordText = true;
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = body();
    const r = await post(url, b.headers, b.raw);
    if (r.status !== 201) throw new Error(`ingest answered ${r.status}`);
    lat.push(r.ms);
  }
  const ingestStatements = counter.statements;
  counter.recordText = false;
  const insertMs = median(phaseTimes.get('insertComment') ?? []);
  counter.statements = 0;
  counter.byText.clear();
  counter.recordText = true;
  const t0 = performance.now();
  desk.delivery!.start();
  await waitForOutboxDrain(desk);
  const postMs = (performance.now() - t0) / n;
  const deliveryStatements = counter.statements;
  const deliveryTexts = [...counter.byText.entries()];
  counter.recordText = false;
  const plainLat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await db.prisma.$executeRaw`INSERT INTO bench_plain (source, external_id, text, author_name, created_at) VALUES ('youtube', ${`p1-${process.pid}-${i}`}, 'x', 'Max', ${new Date()})`;
    plainLat.push(performance.now() - t);
  }
  console.log(`\n[ingest, ${db.kind}] one comment at a time (${n}, delivery loop stopped, then started):`);
  console.log(
    table([
      ['', 'median ms'],
      ['plain INSERT', fmt(median(plainLat), 2)],
      ['POST /webhooks/comments', fmt(median(lat), 2)],
      ['  store.insertComment (CTE)', fmt(insertMs, 2)],
      ['  rest (HTTP, HMAC, JSON, zod, routing)', fmt(median(lat) - insertMs, 2)],
      ['card post by the outbox, per card (serial)', fmt(postMs, 2)],
    ]),
  );
  console.log(`statements per comment: ingest ${perOp(ingestStatements, n)}, card delivery ${perOp(deliveryStatements, n)}`);
  for (const [text, k] of deliveryTexts) console.log(`  ${perOp(k, n)} × ${text}`);

  // 2. Variants at 16 in flight, interleaved.
  const store = desk.store;
  const variants: Record<string, number[]> = { 'plain INSERT': [], 'store.insertComment direct': [], 'HTTP, delivery stopped': [], 'HTTP, full (delivery running)': [] };
  const stmts: Record<string, number[]> = { 'plain INSERT': [], 'store.insertComment direct': [], 'HTTP, delivery stopped': [], 'HTTP, full (delivery running)': [] };
  for (let r = 0; r <= ROUNDS; r++) {
    const order = Object.keys(variants);
    if (r % 2 === 1) order.reverse();
    for (const name of order) {
      const count = INGEST_PER_ROUND;
      let elapsed: number;
      counter.statements = 0;
      if (name === 'plain INSERT') {
        const start = performance.now();
        await withConcurrency(INGEST_IN_FLIGHT, count, (i) => db.prisma.$executeRaw`INSERT INTO bench_plain (source, external_id, text, author_name, created_at) VALUES ('youtube', ${`p-${r}-${i}-${process.pid}`}, ${`Bench comment ${i}`}, 'Max Mustermann', ${new Date()})`);
        elapsed = performance.now() - start;
      } else if (name === 'store.insertComment direct') {
        const incoming = Array.from({ length: count }, (_, i) => ({ source: 'youtube', externalId: `direct-${r}-${i}-${process.pid}`, text: `Bench comment ${i}`, authorName: 'Max Mustermann', authorId: 'UCmax', permalink: 'https://www.youtube.com/watch?v=abc', postId: 'abc', createdAt: new Date() }));
        await desk.delivery!.stop();
        const start = performance.now();
        await withConcurrency(INGEST_IN_FLIGHT, count, (i) =>
          store.insertComment(incoming[i]! as Parameters<DeskStore['insertComment']>[0], { teamId: 'community', priority: 'normal', isDrill: false, matchedRules: [], card: { platform: 'slack', channel: CHANNELS.community } }, new Date()),
        );
        elapsed = performance.now() - start;
        desk.delivery!.start();
        await waitForOutboxDrain(desk);
      } else {
        const bodies = Array.from({ length: count }, body);
        const stopped = name === 'HTTP, delivery stopped';
        if (stopped) await desk.delivery!.stop();
        const start = performance.now();
        await withConcurrency(INGEST_IN_FLIGHT, count, (i) => post(url, bodies[i]!.headers, bodies[i]!.raw));
        elapsed = performance.now() - start;
        if (stopped) desk.delivery!.start();
        await waitForOutboxDrain(desk);
      }
      if (r > 0) {
        variants[name]!.push((count / elapsed) * 1000);
        stmts[name]!.push(counter.statements / count);
      }
    }
  }
  const base = median(variants['plain INSERT']!);
  console.log(`\n[ingest, ${db.kind}] ${INGEST_PER_ROUND} per round, ${INGEST_IN_FLIGHT} in flight, ${ROUNDS} interleaved rounds:`);
  console.log(
    table([
      ['variant', 'per s', 'ratio', 'stmts/comment*'],
      ...Object.entries(variants).map(([name, rates]) => [name, fmt(median(rates), 0), fmt(median(rates) / base, 2), fmt(median(stmts[name]!), 1)]),
    ]),
  );
  console.log('  * counted until the outbox was drained, so the card posting is included where delivery ran');
}

for (const backend of selectedBackends()) {
  const standIn = await startSlackStandIn();
  const database = await createTestDatabase(backend);
  instrument(database.db);
  const desk = await startTestDesk({ standIn, db: database.db, deskConfig: benchDeskConfig(CONCURRENCY) });
  timeStore(desk.store);
  try {
    await profileClaim(desk, database.db, standIn);
    await profileIngest(desk, database.db);
  } finally {
    await desk.stop();
    await database.drop();
    await standIn.close();
  }
  await sleep(100);
}
process.exit(0);
