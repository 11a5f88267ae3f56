/**
 * Weekly figures for one team with 1M comments in its history, 10k of them in the measured week
 * (PostgreSQL only). Target (issue 5): ≤ 1 s.
 *
 * Setup: a throw-away database on the server named by DATABASE_URL, seeded with SQL (generate_series):
 * team `community` (Europe/Berlin, Monday–Friday 08:00–18:00), one comment every 60.48 s going back
 * 1M comments (10k per week, ~100 weeks), with the events a real history has (a claim and an answer or a
 * dismissal per comment: 2M events), the last fortnight partly open or claimed, a few routed to legal, a
 * few drill comments. Subject: `computeWeeklyFigures` for the last complete week (all the figures
 * the digest shows). Baseline: the bare indexed read of the same week's rows (count and one median) through
 * the same Prisma client. Medians of the measured rounds after warm-up.
 *
 *   npx tsx bench/kpi-figures.ts [--comments=1000000] [--rounds=5]
 *   BENCH_QUICK=1 for 100k comments and 3 rounds.
 */
import pg from 'pg';
import { buildDirectory } from '../src/desk-config/build-directory.ts';
import { deskConfigSchema } from '../src/desk-config/desk-config-schema.ts';
import { previousWeek, weekContaining } from '../src/domain/kpi-week.ts';
import { isPostgresUrl } from '../src/store/open-database.ts';
import { PrismaKpiStore } from '../src/store/prisma-kpi-store.ts';
import { syncDirectory } from '../src/store/sync-directory.ts';
import { computeWeeklyFigures } from '../src/use-cases/compute-weekly-figures.ts';
import { FakeClock } from '../test/support/fake-clock.ts';
import { createTestDatabase } from '../test/support/test-database.ts';
import { QUICK, fmt, isMain, median, numberArg, table, verdict } from './lib.ts';

export const KPI_FIGURES_TARGET_MS = 1000;
const NOW = new Date('2026-11-26T12:00:00Z');
const STEP_S = 60.48; // 10,000 comments per week

export interface KpiFiguresResult {
  comments: number;
  inWeek: number;
  figuresMs: number;
  rounds: number[];
  baselineMs: number;
  ratio: number;
  seedMs: number;
}

const hours = [['08:00', '18:00']];
const directory = buildDirectory(
  deskConfigSchema.parse({
    defaultTeam: 'community',
    teams: [
      { id: 'community', name: 'Community', timeZone: 'Europe/Berlin', workingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours } },
      { id: 'legal', name: 'Legal' },
    ],
    members: ['anna', 'ben', 'deniz', 'clara', 'emil', 'fatma'].map((id) => ({ id, name: id, teams: ['community'] })),
  }),
);

async function seed(sql: pg.Client, comments: number): Promise<void> {
  const now = NOW.toISOString();
  await sql.query(`
    INSERT INTO comment (id, source, external_id, text, author_name, created_at, received_at, team_id, priority, status,
                         holder_id, claimed_at, closed_at, closed_by_id, first_response_at, first_response_due_at, resolution_due_at, is_drill, version)
    SELECT gen_random_uuid(), (ARRAY['facebook','instagram','youtube','x'])[1 + i % 4], 'k-' || i, 'bench', 'A',
           r, r, CASE WHEN i % 97 = 0 THEN 'legal' ELSE 'community' END, 'normal',
           (CASE WHEN r > $1::timestamptz - interval '14 days' AND i % 3 = 0 THEN 'open'
                 WHEN r > $1::timestamptz - interval '14 days' AND i % 3 = 1 THEN 'claimed'
                 WHEN i % 20 = 0 THEN 'dismissed' ELSE 'answered' END)::"CommentStatus",
           (ARRAY['anna','ben','deniz','clara','emil','fatma'])[1 + i % 6],
           CASE WHEN r > $1::timestamptz - interval '14 days' AND i % 3 = 0 THEN NULL ELSE r + (i % 180) * interval '1 minute' END,
           CASE WHEN r > $1::timestamptz - interval '14 days' AND i % 3 < 2 THEN NULL ELSE r + (30 + i % 300) * interval '1 minute' END,
           CASE WHEN r > $1::timestamptz - interval '14 days' AND i % 3 < 2 THEN NULL ELSE (ARRAY['anna','ben','deniz','clara','emil','fatma'])[1 + i % 6] END,
           NULL, r + interval '60 minutes', r + interval '8 hours', i % 501 = 0, 1
    FROM generate_series(0, $2 - 1) AS i, LATERAL (SELECT $1::timestamptz - (i * ${STEP_S}) * interval '1 second' AS r) t`,
    [now, comments],
  );
  await sql.query(`
    INSERT INTO event (comment_id, type, actor_id, data, at)
    SELECT id, 'claimed', holder_id, jsonb_build_object('teamId', team_id), claimed_at FROM comment WHERE claimed_at IS NOT NULL
    UNION ALL
    SELECT id, status::text, closed_by_id, jsonb_build_object('teamId', team_id), closed_at FROM comment WHERE closed_at IS NOT NULL
    UNION ALL
    SELECT id, 'routed_to_team', 'anna', jsonb_build_object('teamId', 'legal', 'from', jsonb_build_object('teamId', 'community')), received_at + interval '5 minutes'
    FROM comment WHERE team_id = 'legal'
    UNION ALL
    SELECT id, 'reminder', NULL, jsonb_build_object('teamId', team_id, 'notify', 'holder'), received_at + interval '45 minutes'
    FROM comment WHERE claimed_at > received_at + interval '45 minutes'`);
  await sql.query('VACUUM ANALYZE comment');
  await sql.query('VACUUM ANALYZE event');
}

export async function runKpiFigures(options: { comments: number; rounds: number }): Promise<KpiFiguresResult> {
  const database = await createTestDatabase('postgres');
  try {
    await syncDirectory(database.db.prisma, directory);
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const seedStart = performance.now();
    await seed(sql, options.comments);
    const seedMs = performance.now() - seedStart;
    await sql.end();

    const week = previousWeek(weekContaining(NOW, 'Europe/Berlin'));
    const deps = { kpi: new PrismaKpiStore(database.db.prisma), directory, clock: new FakeClock(NOW) };
    const baseline = () =>
      database.db.prisma.$queryRaw`
        SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM claimed_at - received_at)) AS median
        FROM comment WHERE team_id = 'community' AND received_at >= ${week.start} AND received_at < ${week.end}`;
    const time = async (f: () => Promise<unknown>) => {
      const start = performance.now();
      await f();
      return performance.now() - start;
    };
    let inWeek = 0;
    for (let i = 0; i < 2; i++) {
      inWeek = (await computeWeeklyFigures('community', week, deps)).received;
      await baseline();
    }
    const rounds: number[] = [];
    const baselines: number[] = [];
    for (let i = 0; i < options.rounds; i++) {
      baselines.push(await time(baseline));
      rounds.push(await time(() => computeWeeklyFigures('community', week, deps)));
    }
    const figuresMs = median(rounds);
    const baselineMs = median(baselines);
    return { comments: options.comments, inWeek, figuresMs, rounds, baselineMs, ratio: figuresMs / baselineMs, seedMs };
  } finally {
    await database.drop();
  }
}

export function formatKpiFigures(r: KpiFiguresResult): string {
  return [
    `kpi figures on postgres: ${r.comments.toLocaleString('en')} comments, ${r.inWeek.toLocaleString('en')} in the week; seeded in ${fmt(r.seedMs / 1000, 1)} s`,
    table([
      ['', 'median ms', 'rounds'],
      ['bare indexed read of the week', fmt(r.baselineMs, 1), ''],
      ['weekly figures (all of them)', fmt(r.figuresMs, 1), r.rounds.map((x) => fmt(x, 0)).join(' ')],
      ['ratio figures/read', fmt(r.ratio, 1), ''],
    ]),
    `target ≤ ${KPI_FIGURES_TARGET_MS} ms: ${fmt(r.figuresMs, 0)} ms, ${verdict(r.figuresMs <= KPI_FIGURES_TARGET_MS)}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url || !isPostgresUrl(url)) {
    console.log('kpi-figures is PostgreSQL only: set DATABASE_URL, e.g. DATABASE_URL=postgresql://desk:desk@127.0.0.1:5432/desk_test');
    process.exit(0);
  }
  const argv = process.argv.slice(2);
  const result = await runKpiFigures({ comments: numberArg(argv, 'comments', QUICK ? 100_000 : 1_000_000), rounds: numberArg(argv, 'rounds', QUICK ? 3 : 5) });
  console.log(formatKpiFigures(result));
}
