/**
 * The `sla-sweep` job's run time with 1,000 comments due among N open comments (PostgreSQL only).
 *
 * Target (issue): ≤ 100 ms at N = 100k, and the 1M figure within 2× of the 10k figure — the cost
 * follows the due work, not the history.
 *
 * Setup: a throw-away database on the server named by DATABASE_URL (as createTestDatabase does),
 * seeded with SQL (INSERT … SELECT … FROM generate_series) and grown 10k → 100k → 1M by adding rows.
 * All comments are open (a third claimed, in their resolution phase) in team `community` (24/7) and
 * each has an active, posted Slack card, as ingest leaves them. All but DUE of them have their next
 * reminder in the future; the DUE ones arrived ~3 h ago at normal priority, so the 75 % step of the
 * 4 h first-response target is due: each sweep writes DUE reminder steps (comment, event, reminder
 * message and card update in the outbox).
 *
 * Per size: warm-up rounds (discarded), then `rounds` measured ones. Before each round (untimed) the
 * due comments are put back (next_reminder_at in the past, no step sent), the previous round's outbox
 * and event rows deleted and the touched tables vacuumed and analyzed; then the baseline and the sweep are timed once each.
 * Subject: one `sweepServiceLevels` call (job defaults, FakeClock at NOW) on PrismaDeskStore; it must
 * remind exactly DUE comments. Baseline: the bare indexed read of the same due rows (same columns
 * as the sweep reads, no cards) through the same Prisma client. Medians over the measured rounds.
 * A separate breakdown pass (the store wrapped in a timing proxy) shows where the sweep's time goes.
 *
 *   npx tsx bench/sla-sweep.ts [--sizes=10000,100000,1000000] [--rounds=5]
 *   BENCH_QUICK=1 for sizes 10k and 100k, 3 rounds.
 */
import pg from 'pg';
import { buildDirectory } from '../src/desk-config/build-directory.ts';
import type { DeskStore } from '../src/domain/ports.ts';
import { isPostgresUrl } from '../src/store/open-database.ts';
import { PrismaDeskStore } from '../src/store/prisma-desk-store.ts';
import { syncDirectory } from '../src/store/sync-directory.ts';
import { type SweepResult, sweepServiceLevels } from '../src/use-cases/sweep-service-levels.ts';
import { CHANNELS, testDeskConfig } from '../test/support/desk-harness.ts';
import { FakeClock } from '../test/support/fake-clock.ts';
import { createTestDatabase } from '../test/support/test-database.ts';
import { QUICK, fmt, isMain, median, numberArg, table, verdict } from './lib.ts';

/** Sweep median at 100k open comments, ms. */
export const SLA_SWEEP_TARGET_MS = 100;
/** The size the absolute target applies to. */
export const SLA_SWEEP_TARGET_SIZE = 100_000;
/** Sweep median at the largest size ÷ at the smallest (1M ÷ 10k). */
export const SLA_SWEEP_GROWTH_TARGET = 2;
/** Comments due in every round. */
export const DUE = 1_000;
/** Rounds per size run first and discarded (the first size gets more: the process is cold). */
const WARM_UP = 1;
const FIRST_WARM_UP = 3;
/** The sweep's fixed "now". */
export const NOW = new Date('2026-11-26T12:00:00Z');

const TEAM = 'community';
const DUE_SOURCE = 'bench-due';
const OPEN_SOURCE = 'bench-open';

export interface SlaSweepOptions {
  sizes: number[];
  rounds: number;
}

export interface SweepBreakdown {
  /** Medians over the breakdown rounds, ms. */
  total: number;
  /** store.dueForReminder. */
  read: number;
  /** From the first store.recordReminderSteps call to the last one answering (one statement per round of the sweep). */
  writes: number;
  writeStatements: number;
  /** store.rescheduleReminders and store.enqueue. */
  other: number;
  /** The rest: planning in JS (escalation ladder, outbox items, JSON) and the event loop. */
  planning: number;
}

export interface SlaSweepSize {
  size: number;
  /** Median sweep ms, and every measured round. */
  sweepMs: number;
  sweepRounds: number[];
  /** Median of the bare indexed read, ms. */
  baselineMs: number;
  ratio: number;
  breakdown: SweepBreakdown;
  /** Seeding (or growing) to this size, ms (information only). */
  seedMs: number;
}

export interface SlaSweepResult {
  backend: 'postgres';
  options: SlaSweepOptions;
  sizes: SlaSweepSize[];
  /** Sweep median at the largest size ÷ at the smallest; null with one size. */
  growth: number | null;
}

export function defaultSlaSweepOptions(argv: readonly string[] = process.argv.slice(2)): SlaSweepOptions {
  const sizesArg = argv.find((a) => a.startsWith('--sizes='))?.slice('--sizes='.length);
  const sizes = sizesArg ? sizesArg.split(',').map((s) => Number(s.trim())) : QUICK ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  for (const s of sizes) {
    if (!Number.isInteger(s) || s < DUE) throw new Error(`--sizes: ${s} is not a whole number ≥ ${DUE} (the due comments are part of the open ones)`);
  }
  return { sizes: [...sizes].sort((a, b) => a - b), rounds: numberArg(argv, 'rounds', QUICK ? 3 : 5) };
}

/** Why the benchmark cannot run here, or null. */
export function slaSweepUnavailable(): string | null {
  const url = process.env.DATABASE_URL;
  if (!url || !isPostgresUrl(url)) {
    return 'sla-sweep is PostgreSQL only: set DATABASE_URL to a server, e.g. DATABASE_URL=postgresql://desk:desk@127.0.0.1:5432/desk_test';
  }
  return null;
}

/**
 * Adds comments numbered [from, to) (with their cards). Numbers below DUE are the due ones; the
 * others wait for a later reminder: open ones arrived within the last 2 h 45 min (75 % step still
 * ahead), every third one is claimed and waits for its resolution step (75 % of 2 days).
 */
export async function seedComments(sql: pg.Client, from: number, to: number): Promise<void> {
  const now = NOW.toISOString();
  // Batches of 250k keep each statement's memory modest.
  for (let start = from; start < to; start += 250_000) {
    const end = Math.min(to, start + 250_000) - 1;
    await sql.query(
      `WITH g AS (
         SELECT i, i < $3 AS due,
                CASE WHEN i < $3 THEN $4::timestamptz - interval '3 hours 5 minutes' - (i % 900) * interval '1 second'
                     ELSE $4::timestamptz - (i % 9900) * interval '1 second' END AS received_at
         FROM generate_series($1::int, $2::int) AS i
       ), r AS (
         SELECT g.*, NOT due AND i % 3 = 0 AS claimed FROM g
       ), c AS (
         INSERT INTO comment (id, source, external_id, text, author_name, author_id, permalink, post_id, language,
                              created_at, received_at, team_id, priority, status, holder_id, claimed_at, is_drill, version,
                              first_response_at, first_response_due_at, resolution_due_at, next_reminder_at)
         SELECT gen_random_uuid(), CASE WHEN due THEN '${DUE_SOURCE}' ELSE '${OPEN_SOURCE}' END, 'c-' || i,
                'Bench comment ' || i || ': tolles Video, danke! Wann kommt der nächste Teil?', 'Max Mustermann', 'UCmax' || (i % 5000),
                'https://www.youtube.com/watch?v=abc&lc=' || i, 'abc', 'de',
                received_at - interval '2 seconds', received_at, '${TEAM}', 'normal', CASE WHEN claimed THEN 'claimed' ELSE 'open' END::"CommentStatus",
                CASE WHEN claimed THEN 'deniz' END, CASE WHEN claimed THEN received_at + interval '10 minutes' END, false, CASE WHEN claimed THEN 2 ELSE 1 END,
                CASE WHEN claimed THEN received_at + interval '10 minutes' END,
                received_at + interval '4 hours', received_at + interval '48 hours',
                received_at + CASE WHEN claimed THEN interval '36 hours' ELSE interval '3 hours' END
         FROM r
         RETURNING id, external_id, received_at
       )
       INSERT INTO chat_card (id, comment_id, platform, channel, team_id, message_id, active, posted_at, created_at)
       SELECT gen_random_uuid(), c.id, 'slack', '${CHANNELS.community}', '${TEAM}',
              '1764158400.' || lpad(substr(c.external_id, 3), 6, '0'), true, c.received_at + interval '1 second', c.received_at
       FROM c`,
      [start, end, DUE, now],
    );
  }
}

/** Puts the due comments back (75 % step due, nothing sent) and removes what the last sweep queued and logged. */
export async function resetDue(sql: pg.Client): Promise<void> {
  await sql.query(
    `UPDATE comment SET next_reminder_at = received_at + interval '3 hours', reminder_phase = NULL, reminder_step = NULL, reminded_at = NULL
     WHERE source = $1`,
    [DUE_SOURCE],
  );
  await sql.query('DELETE FROM outbox');
  await sql.query('DELETE FROM event');
  await sql.query('VACUUM (ANALYZE) comment, chat_card, outbox, event');
}

/** The sweep must have done the whole round's work: DUE steps, each with its reminder and card update queued. */
async function checkRound(sql: pg.Client, result: SweepResult, size: number): Promise<void> {
  if (result.reminded !== DUE || result.examined !== DUE || result.conflicts !== 0 || result.summarized !== 0) {
    throw new Error(`at ${size} open comments the sweep should remind exactly ${DUE} comments, it returned ${JSON.stringify(result)}`);
  }
  const { rows } = await sql.query<{ kind: string; n: string }>('SELECT kind, count(*) AS n FROM outbox GROUP BY kind ORDER BY kind');
  const counts = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  if (counts['sla.remind'] !== DUE || counts['card.update'] !== DUE || rows.length !== 2) {
    throw new Error(`at ${size} open comments expected ${DUE} sla.remind and ${DUE} card.update outbox rows, found ${JSON.stringify(counts)}`);
  }
  const due = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM comment WHERE source = $1 AND reminder_phase = 'firstResponse' AND reminder_step = 0 AND next_reminder_at > $2`,
    [DUE_SOURCE, NOW.toISOString()],
  );
  if (Number(due.rows[0]!.n) !== DUE) throw new Error(`at ${size} open comments only ${due.rows[0]!.n} of ${DUE} due comments got their step`);
}

/** The store with the time spent in each of its calls added up (for the breakdown pass). */
function timedStore(store: PrismaDeskStore) {
  const t = { read: 0, other: 0, firstWrite: 0, lastWrite: 0, writeStatements: 0 };
  const timed = async <T>(key: 'read' | 'other', p: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await p();
    } finally {
      t[key] += performance.now() - start;
    }
  };
  const wrapped: DeskStore = Object.assign(Object.create(store) as PrismaDeskStore, {
    dueForReminder: (now: Date, limit: number) => timed('read', () => store.dueForReminder(now, limit)),
    rescheduleReminders: (items: Parameters<DeskStore['rescheduleReminders']>[0]) => timed('other', () => store.rescheduleReminders(items)),
    enqueue: (items: Parameters<DeskStore['enqueue']>[0], now: Date) => timed('other', () => store.enqueue(items, now)),
    recordReminderSteps: async (steps: Parameters<DeskStore['recordReminderSteps']>[0], now: Date) => {
      if (!t.firstWrite) t.firstWrite = performance.now();
      const ok = await store.recordReminderSteps(steps, now);
      t.lastWrite = performance.now();
      t.writeStatements += 1;
      return ok;
    },
  });
  return { store: wrapped, times: t };
}

export async function runSlaSweep(options: SlaSweepOptions = defaultSlaSweepOptions()): Promise<SlaSweepResult> {
  const unavailable = slaSweepUnavailable();
  if (unavailable) throw new Error(unavailable);
  const database = await createTestDatabase('postgres');
  const sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  try {
    const prisma = database.db.prisma;
    const directory = buildDirectory(testDeskConfig());
    await syncDirectory(prisma, directory);
    const store = new PrismaDeskStore(prisma);
    const clock = new FakeClock(NOW);

    const results: SlaSweepSize[] = [];
    let seeded = 0;
    for (const size of options.sizes) {
      const seedStart = performance.now();
      await seedComments(sql, seeded, size);
      seeded = size;
      await sql.query('VACUUM (ANALYZE) comment, chat_card');
      const seedMs = performance.now() - seedStart;

      const sweepRounds: number[] = [];
      const baseRounds: number[] = [];
      const warmUp = results.length === 0 ? FIRST_WARM_UP : WARM_UP;
      for (let r = 0; r < warmUp + options.rounds; r++) {
        await resetDue(sql);
        const b0 = performance.now();
        const rows = await prisma.$queryRaw<{ id: string }[]>`
          SELECT c.id::text AS id, c.source, c.external_id, c.text, c.author_name, c.author_id, c.permalink,
            c.post_id, c.parent_id, c.language, c.created_at, c.received_at, c.edited_at, c.team_id, c.priority::text AS priority,
            c.status::text AS status, c.holder_id, c.claimed_at, c.routed_by_id, c.routed_at, c.routed_from, c.closed_by_id,
            c.closed_at, c.is_drill, c.version, c.first_response_at, c.first_response_due_at, c.resolution_due_at, c.sla_started_at,
            c.sla_spent_seconds, c.next_reminder_at, c.reminder_phase, c.reminder_step, c.reminded_at, c.snoozed_until
          FROM comment c
          WHERE c.next_reminder_at <= ${NOW.toISOString()}::timestamptz AND c.status IN ('open', 'claimed')
          ORDER BY c.next_reminder_at
          LIMIT ${DUE}`;
        const baseMs = performance.now() - b0;
        if (rows.length !== DUE) throw new Error(`at ${size} open comments the baseline read ${rows.length} due comments, expected ${DUE}`);

        const s0 = performance.now();
        const result = await sweepServiceLevels({ store, directory, clock });
        const sweepMs = performance.now() - s0;
        await checkRound(sql, result, size);
        if (r >= warmUp) {
          sweepRounds.push(sweepMs);
          baseRounds.push(baseMs);
        }
      }

      // Breakdown pass: the same rounds again with the store's calls timed.
      const parts: SweepBreakdown[] = [];
      for (let r = 0; r < Math.max(3, Math.min(options.rounds, 5)); r++) {
        await resetDue(sql);
        const { store: timed, times } = timedStore(store);
        const s0 = performance.now();
        const result = await sweepServiceLevels({ store: timed, directory, clock });
        const total = performance.now() - s0;
        await checkRound(sql, result, size);
        const writes = times.lastWrite - times.firstWrite;
        parts.push({ total, read: times.read, writes, writeStatements: times.writeStatements, other: times.other, planning: total - times.read - writes - times.other });
      }
      const mid = (f: (b: SweepBreakdown) => number) => median(parts.map(f));
      const breakdown: SweepBreakdown = {
        total: mid((b) => b.total),
        read: mid((b) => b.read),
        writes: mid((b) => b.writes),
        writeStatements: mid((b) => b.writeStatements),
        other: mid((b) => b.other),
        planning: mid((b) => b.planning),
      };

      const sweepMs = median(sweepRounds);
      const baselineMs = median(baseRounds);
      results.push({ size, sweepMs, sweepRounds, baselineMs, ratio: sweepMs / baselineMs, breakdown, seedMs });
    }
    const first = results[0]!;
    const last = results[results.length - 1]!;
    return { backend: 'postgres', options, sizes: results, growth: results.length > 1 ? last.sweepMs / first.sweepMs : null };
  } finally {
    await sql.end().catch(() => {});
    await database.drop().catch(() => {});
  }
}

export const sizeLabel = (n: number) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

/** The absolute target's verdict, when the run had that size. */
export function slaSweepTargetMet(r: SlaSweepResult): boolean | null {
  const at = r.sizes.find((s) => s.size === SLA_SWEEP_TARGET_SIZE);
  return at ? at.sweepMs <= SLA_SWEEP_TARGET_MS : null;
}

export function formatSlaSweep(r: SlaSweepResult): string {
  const rows = [
    ['open comments', 'sweep ms', 'baseline ms', 'sweep/base', 'rounds (ms)', 'seeded in'],
    ...r.sizes.map((s) => [
      sizeLabel(s.size),
      fmt(s.sweepMs, 1),
      fmt(s.baselineMs, 2),
      fmt(s.ratio, 1),
      s.sweepRounds.map((ms) => fmt(ms, 0)).join(' '),
      `${fmt(s.seedMs / 1000, 1)} s`,
    ]),
  ];
  const parts = [
    ['breakdown (ms)', 'total', 'read', 'writes', 'statements', 'other', 'planning (JS)'],
    ...r.sizes.map((s) => [
      sizeLabel(s.size),
      fmt(s.breakdown.total, 1),
      fmt(s.breakdown.read, 1),
      fmt(s.breakdown.writes, 1),
      fmt(s.breakdown.writeStatements, 0),
      fmt(s.breakdown.other, 1),
      fmt(s.breakdown.planning, 1),
    ]),
  ];
  const lines = [
    `sla-sweep on postgres: ${DUE} comments due among N open ones (all with a posted card); ${r.options.rounds} measured rounds per size (+${FIRST_WARM_UP} warm-up rounds for the first size, ${WARM_UP} for the others, discarded); baseline: the bare indexed read of the due rows`,
    table(rows),
    '',
    table(parts),
  ];
  const met = slaSweepTargetMet(r);
  const at = r.sizes.find((s) => s.size === SLA_SWEEP_TARGET_SIZE);
  lines.push('');
  lines.push(at ? `target ${sizeLabel(SLA_SWEEP_TARGET_SIZE)} ≤ ${SLA_SWEEP_TARGET_MS} ms: ${fmt(at.sweepMs, 1)} ms, ${verdict(!!met)}` : `target ${sizeLabel(SLA_SWEEP_TARGET_SIZE)} ≤ ${SLA_SWEEP_TARGET_MS} ms: not measured (size not in --sizes)`);
  if (r.growth !== null) {
    const first = r.sizes[0]!, last = r.sizes[r.sizes.length - 1]!;
    lines.push(`target ${sizeLabel(last.size)} ÷ ${sizeLabel(first.size)} ≤ ${SLA_SWEEP_GROWTH_TARGET}: ${fmt(r.growth, 2)}, ${verdict(r.growth <= SLA_SWEEP_GROWTH_TARGET)}`);
  }
  return lines.join('\n');
}

if (isMain(import.meta.url)) {
  const unavailable = slaSweepUnavailable();
  if (unavailable) {
    console.log(`skipped: ${unavailable}`);
    process.exit(0);
  }
  console.log(formatSlaSweep(await runSlaSweep(defaultSlaSweepOptions())));
  process.exit(0);
}
