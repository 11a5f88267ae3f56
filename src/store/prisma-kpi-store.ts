import type { CrisisReport } from '../domain/crisis.ts';
import { type DayFigures, type DepartmentFigures, type DigestView, type DrillHeadline, type KpiWeek, type PersonFigures, type SourceFigures, type WeeklyFigures, reviveDigest } from '../domain/kpi.ts';
import type { OutboxItem } from '../domain/outbox-intent.ts';
import { outboxRows } from './outbox-rows.ts';
import type { KpiStore, WeeklyFiguresQuery } from '../domain/kpi-store.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Weekly figures by SQL aggregation (no comment rows are loaded). The cohort is the team's comments
 * received in the week, drills excluded; working time is measured against the team's working periods,
 * passed in as a small table. Backlogs use the open-work and closed-at indexes, so their cost follows the
 * open and recently closed work, not the whole history.
 */
export class PrismaKpiStore implements KpiStore {
  constructor(
    private readonly prisma: PrismaClient,
    /** Called after a write that queued outbox rows (the delivery loop listens). */
    private readonly onOutboxRows: () => void = () => {},
  ) {}

  async postedDigest(teamId: string, week: string): Promise<DigestView | null> {
    const row = await this.prisma.kpiDigest.findUnique({ where: { teamId_week: { teamId, week } } });
    return row ? reviveDigest(row.figures) : null;
  }

  async recordDigest(view: DigestView, outbox: OutboxItem[], at: Date): Promise<boolean> {
    const recorded = await this.prisma.$transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO kpi_digest (team_id, week, posted_at, figures, narrative)
        VALUES (${view.teamId}, ${view.figures.week.label}, ${at}, ${JSON.stringify(view)}::jsonb, ${view.narrative.source})
        ON CONFLICT DO NOTHING`;
      if (!inserted) return false;
      await tx.outbox.createMany({ skipDuplicates: true, data: outboxRows(outbox, at) });
      return true;
    });
    if (recorded) this.onOutboxRows();
    return recorded;
  }

  async weeklyFigures(q: WeeklyFiguresQuery): Promise<WeeklyFigures> {
    const { teamId, week } = q;
    const ws = week.start.toISOString();
    const we = week.end.toISOString();
    // Backlog end, overdue: at the week's end, or now for the running week.
    const asOf = new Date(Math.min(q.now.getTime(), week.end.getTime())).toISOString();
    const starts = q.workingPeriods.map((p) => p.start.toISOString());
    const ends = q.workingPeriods.map((p) => p.end.toISOString());
    const cohort = Prisma.sql`
      wk AS (
        SELECT c.id, c.source, c.status, c.received_at, c.first_response_due_at,
               COALESCE(c.first_response_at, c.claimed_at) AS fr
        FROM comment c
        WHERE c.team_id = ${teamId} AND c.received_at >= ${ws}::timestamptz AND c.received_at < ${we}::timestamptz AND NOT c.is_drill
      ), periods AS (
        SELECT * FROM unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) AS p(s, e)
      ), timed AS (
        SELECT wk.id, wk.source, wk.received_at,
               (SELECT COALESCE(sum(extract(epoch FROM least(p.e, wk.fr) - greatest(p.s, wk.received_at))), 0)
                FROM periods p WHERE p.s < wk.fr AND p.e > wk.received_at) * 1000 AS work_ms,
               extract(epoch FROM wk.fr - wk.received_at) * 1000 AS clock_ms
        FROM wk WHERE wk.fr IS NOT NULL
      )`;

    const [totals, sources, days, people, departments, routed, escalations, backlog, drills] = await Promise.all([
      this.prisma.$queryRaw<Record<string, unknown>[]>`
        WITH ${cohort}
        SELECT (SELECT count(*) FROM wk) AS received,
               (SELECT count(*) FROM wk WHERE status = 'answered') AS answered,
               (SELECT count(*) FROM wk WHERE status = 'dismissed') AS dismissed,
               (SELECT count(*) FROM wk WHERE status = 'removed') AS removed,
               (SELECT count(*) FROM wk WHERE fr IS NOT NULL AND fr <= first_response_due_at) AS on_time,
               (SELECT count(*) FROM wk WHERE (fr IS NOT NULL AND fr > first_response_due_at)
                                           OR (fr IS NULL AND first_response_due_at < ${asOf}::timestamptz AND status IN ('open', 'claimed'))) AS late,
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY work_ms) FROM timed) AS median_work,
               (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY work_ms) FROM timed) AS p90_work,
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY clock_ms) FROM timed) AS median_clock,
               (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY clock_ms) FROM timed) AS p90_clock`,
      this.prisma.$queryRaw<Record<string, unknown>[]>`
        WITH ${cohort}
        SELECT wk.source, count(*) AS received, count(*) FILTER (WHERE wk.status = 'answered') AS answered,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.work_ms) AS median
        FROM wk LEFT JOIN timed t ON t.id = wk.id
        GROUP BY wk.source ORDER BY count(*) DESC, wk.source`,
      this.prisma.$queryRaw<Record<string, unknown>[]>`
        WITH ${cohort}
        SELECT to_char(wk.received_at AT TIME ZONE ${week.timeZone}, 'YYYY-MM-DD') AS date, count(*) AS received,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY t.work_ms) AS median
        FROM wk LEFT JOIN timed t ON t.id = wk.id
        GROUP BY 1 ORDER BY 1`,
      // Per person: claims and answers in the week (events carry the team afterwards), and the clock time
      // to the first responses they gave to this week's comments.
      this.prisma.$queryRaw<Record<string, unknown>[]>`
        WITH acts AS (
          SELECT e.actor_id, e.type FROM event e
          WHERE e.type IN ('claimed', 'answered') AND e.at >= ${ws}::timestamptz AND e.at < ${we}::timestamptz
            AND e.data->>'teamId' = ${teamId} AND e.actor_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM comment c WHERE c.id = e.comment_id AND c.is_drill)
        ), firsts AS (
          SELECT DISTINCT ON (e.comment_id) e.actor_id, extract(epoch FROM e.at - c.received_at) * 1000 AS ms
          FROM event e JOIN comment c ON c.id = e.comment_id
          WHERE c.team_id = ${teamId} AND c.received_at >= ${ws}::timestamptz AND c.received_at < ${we}::timestamptz AND NOT c.is_drill
            AND e.type IN ('claimed', 'answered', 'dismissed', 'routed_to_person', 'reassigned') AND e.actor_id IS NOT NULL
          ORDER BY e.comment_id, e.at, e.id
        ), counts AS (
          SELECT actor_id, count(*) FILTER (WHERE type = 'claimed') AS claimed, count(*) FILTER (WHERE type = 'answered') AS answered
          FROM acts GROUP BY actor_id
        ), medians AS (
          SELECT actor_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median FROM firsts GROUP BY actor_id
        )
        SELECT COALESCE(counts.actor_id, medians.actor_id) AS member_id, COALESCE(claimed, 0) AS claimed, COALESCE(answered, 0) AS answered, median
        FROM counts FULL JOIN medians ON medians.actor_id = counts.actor_id
        ORDER BY COALESCE(answered, 0) DESC, COALESCE(claimed, 0) DESC, 1`,
      // Where this team routed comments to in the week, and how those went.
      this.prisma.$queryRaw<Record<string, unknown>[]>`
        SELECT e.data->>'teamId' AS team_id, count(*) AS routed_in, count(*) FILTER (WHERE c.status = 'answered') AS answered,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - e.at) * 1000) FILTER (WHERE c.closed_at IS NOT NULL) AS median
        FROM event e JOIN comment c ON c.id = e.comment_id
        WHERE e.type = 'routed_to_team' AND e.at >= ${ws}::timestamptz AND e.at < ${we}::timestamptz
          AND e.data->'from'->>'teamId' = ${teamId} AND NOT c.is_drill
        GROUP BY 1 ORDER BY 2 DESC, 1`,
      this.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM event e JOIN comment c ON c.id = e.comment_id
        WHERE e.type = 'routed_to_team' AND e.at >= ${ws}::timestamptz AND e.at < ${we}::timestamptz
          AND e.data->'from'->>'teamId' = ${teamId} AND NOT c.is_drill`,
      this.prisma.$queryRaw<{ notify: string | null; n: bigint }[]>`
        SELECT e.data->>'notify' AS notify, count(*) AS n FROM event e JOIN comment c ON c.id = e.comment_id
        WHERE e.type = 'reminder' AND e.at >= ${ws}::timestamptz AND e.at < ${we}::timestamptz
          AND e.data->>'teamId' = ${teamId} AND NOT c.is_drill
        GROUP BY 1`,
      // Open at an instant = received before it and not closed before it: what is open now, plus what
      // closed since (both read through indexes: team + status, team + closed_at).
      this.prisma.$queryRaw<Record<string, unknown>[]>`
        WITH candidates AS (
          SELECT received_at, closed_at, COALESCE(first_response_at, claimed_at) AS fr, first_response_due_at, resolution_due_at
          FROM comment WHERE team_id = ${teamId} AND status IN ('open', 'claimed') AND NOT is_drill
          UNION ALL
          SELECT received_at, closed_at, COALESCE(first_response_at, claimed_at), first_response_due_at, resolution_due_at
          FROM comment WHERE team_id = ${teamId} AND closed_at >= ${ws}::timestamptz AND status NOT IN ('open', 'claimed') AND NOT is_drill
        )
        SELECT count(*) FILTER (WHERE received_at < ${ws}::timestamptz AND (closed_at IS NULL OR closed_at >= ${ws}::timestamptz)) AS backlog_start,
               count(*) FILTER (WHERE received_at < ${asOf}::timestamptz AND (closed_at IS NULL OR closed_at >= ${asOf}::timestamptz)) AS backlog_end,
               count(*) FILTER (WHERE received_at < ${asOf}::timestamptz AND (closed_at IS NULL OR closed_at >= ${asOf}::timestamptz)
                 AND CASE WHEN fr IS NULL OR fr >= ${asOf}::timestamptz THEN first_response_due_at ELSE resolution_due_at END < ${asOf}::timestamptz) AS overdue
        FROM candidates`,
      this.prisma.crisis.findMany({
        where: { kind: 'drill', startedAt: { gte: week.start, lt: week.end }, NOT: { report: { equals: Prisma.AnyNull } } },
        orderBy: { number: 'asc' },
        select: { report: true },
      }),
    ]);

    const t = totals[0]!;
    const received = num(t.received), answered = num(t.answered), dismissed = num(t.dismissed), removed = num(t.removed);
    const onTime = num(t.on_time), late = num(t.late);
    const counted = received - dismissed - removed;
    const escalation = (kind: string) => num(escalations.find((e) => e.notify === kind)?.n);
    const b = backlog[0]!;
    return {
      teamId,
      week,
      received,
      answered,
      dismissed,
      routed: num(routed[0]?.n),
      firstResponseMedianMs: numOrNull(t.median_work),
      firstResponseP90Ms: numOrNull(t.p90_work),
      firstResponseMedianClockMs: numOrNull(t.median_clock),
      firstResponseP90ClockMs: numOrNull(t.p90_clock),
      withinTargetShare: onTime + late > 0 ? onTime / (onTime + late) : null,
      responseRate: counted > 0 ? answered / counted : null,
      backlogStart: num(b.backlog_start),
      backlogEnd: num(b.backlog_end),
      overdueNow: num(b.overdue),
      escalations: { reminders: escalation('holder'), channel: escalation('channel'), lead: escalation('lead') },
      bySource: sources.map((s): SourceFigures => ({ source: String(s.source), received: num(s.received), answered: num(s.answered), medianFirstResponseMs: numOrNull(s.median) })),
      byPerson: people.map((p): PersonFigures => ({ memberId: String(p.member_id), claimed: num(p.claimed), answered: num(p.answered), medianResponseMs: numOrNull(p.median) })),
      byDepartment: departments.map((d): DepartmentFigures => ({ teamId: String(d.team_id), routedIn: num(d.routed_in), answered: num(d.answered), medianCloseMs: numOrNull(d.median) })),
      byDay: fillDays(week, q.dates, days),
      drills: drills.map((d) => drillHeadline(d.report as unknown as CrisisReport)),
    };
  }
}

/** Every day of the week, also the days nothing arrived. */
function fillDays(_week: KpiWeek, dates: string[], rows: Record<string, unknown>[]): DayFigures[] {
  const byDate = new Map(rows.map((r) => [String(r.date), r]));
  return dates.map((date) => {
    const r = byDate.get(date);
    return { date, received: num(r?.received), medianFirstResponseMs: numOrNull(r?.median) };
  });
}

function drillHeadline(r: CrisisReport): DrillHeadline {
  return {
    number: r.number,
    title: r.title,
    startedAt: r.startedAt,
    firstAckMs: r.firstAckMs,
    stepsOnTime: r.steps.filter((s) => s.onTime).length,
    steps: r.steps.length,
    commentsAnswered: r.comments.answered,
    commentsReceived: r.comments.received,
  };
}
