import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { parseIsoWeek } from '../../src/domain/kpi-week.ts';
import type { WeeklyFigures } from '../../src/domain/kpi.ts';
import { PrismaKpiStore } from '../../src/store/prisma-kpi-store.ts';
import { syncDirectory } from '../../src/store/sync-directory.ts';
import { computeWeeklyFigures } from '../../src/use-cases/compute-weekly-figures.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * A hand-worked week: team community in Europe/Berlin, working Monday–Friday 09:00–17:00. Week
 * 2026-W47 runs from Monday 16 Nov 00:00 (15 Nov 23:00Z) to Monday 23 Nov 00:00 (22 Nov 23:00Z).
 * Every expected number below is worked out in the comments.
 */
const MIN = 60_000;
/** A Berlin wall time in November (UTC+1). */
const berlin = (day: number, hhmm: string) => new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+01:00`);

const directory = buildDirectory(
  deskConfigSchema.parse({
    defaultTeam: 'community',
    teams: [
      {
        id: 'community',
        name: 'Community',
        slackChannel: 'C0COMMUNITY',
        timeZone: 'Europe/Berlin',
        workingHours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
      },
      { id: 'support', name: 'Support', slackChannel: 'C0SUPPORT01' },
      { id: 'legal', name: 'Legal', slackChannel: 'C0LEGAL0001' },
    ],
    members: [
      { id: 'anna', name: 'Anna', teams: ['community'] },
      { id: 'deniz', name: 'Deniz', teams: ['community'] },
      { id: 'clara', name: 'Clara', teams: ['legal'] },
    ],
  }),
);

describe.each(backends())('weekly figures from SQL on %s', (backend) => {
  let database: TestDatabase;
  let figures: WeeklyFigures;
  const ids: Record<string, string> = {};

  async function comment(name: string, c: {
    team?: string; source?: string; received: Date; status: 'open' | 'claimed' | 'answered' | 'dismissed' | 'removed';
    claimedAt?: Date; firstResponseAt?: Date; closedAt?: Date; due: Date; drill?: boolean; holder?: string; closedBy?: string;
  }) {
    const id = randomUUID();
    ids[name] = id;
    await database.db.prisma.comment.create({
      data: {
        id, source: c.source ?? 'facebook', externalId: `${name}-${id}`, text: name, authorName: 'A', createdAt: c.received, receivedAt: c.received,
        teamId: c.team ?? 'community', status: c.status, claimedAt: c.claimedAt ?? null, firstResponseAt: c.firstResponseAt ?? null,
        closedAt: c.closedAt ?? null, firstResponseDueAt: c.due, resolutionDueAt: new Date(c.due.getTime() + 600 * MIN), isDrill: c.drill ?? false,
        holderId: c.holder ?? null, closedById: c.closedBy ?? null,
      },
    });
  }

  async function event(commentName: string, type: string, actorId: string | null, at: Date, data: Record<string, unknown>) {
    await database.db.prisma.event.create({ data: { commentId: ids[commentName]!, type, actorId, at, data: data as never } });
  }

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await syncDirectory(database.db.prisma, directory);
    // c1 Mon 09:00, claimed 09:30 and answered 10:00 by deniz: 30 min working, 30 min clock, on time (due 10:00).
    await comment('c1', { received: berlin(16, '09:00'), status: 'answered', claimedAt: berlin(16, '09:30'), firstResponseAt: berlin(16, '09:30'), closedAt: berlin(16, '10:00'), due: berlin(16, '10:00'), closedBy: 'deniz' });
    // c2 Mon 16:30, claimed Tue 09:30 by anna: 30 + 30 = 60 min working, 17 h = 1020 min clock; late (due Tue 09:00); answered Tue 10:00.
    await comment('c2', { received: berlin(16, '16:30'), status: 'answered', claimedAt: berlin(17, '09:30'), firstResponseAt: berlin(17, '09:30'), closedAt: berlin(17, '10:00'), due: berlin(17, '09:00'), closedBy: 'anna' });
    // c3 Wed 10:00 (instagram), dismissed by anna at 12:00: 120 min both; late (due 11:00).
    await comment('c3', { source: 'instagram', received: berlin(18, '10:00'), status: 'dismissed', firstResponseAt: berlin(18, '12:00'), closedAt: berlin(18, '12:00'), due: berlin(18, '11:00'), closedBy: 'anna' });
    // c4 Sat 12:00 (youtube), claimed the next Monday 09:15 by deniz (a lean claim: claimed_at only): 15 min working,
    // 45 h 15 min = 2715 min clock; on time (due Mon 23 09:30); still claimed.
    await comment('c4', { source: 'youtube', received: berlin(21, '12:00'), status: 'claimed', claimedAt: berlin(23, '09:15'), due: berlin(23, '09:30'), holder: 'deniz' });
    // c5 Sun 23:30 (still this week), no response; due Mon 23 09:30, after the week: no verdict yet.
    await comment('c5', { received: berlin(22, '23:30'), status: 'open', due: berlin(23, '09:30') });
    // c6: a drill comment in the week: never counts.
    await comment('c6', { received: berlin(17, '11:00'), status: 'answered', claimedAt: berlin(17, '11:01'), closedAt: berlin(17, '11:02'), due: berlin(17, '11:30'), drill: true });
    // c7: last week (Sun 15 Nov 23:30), answered Tue 17 Nov 10:00 by anna: open at the week's start.
    await comment('c7', { received: berlin(15, '23:30'), status: 'answered', claimedAt: berlin(17, '09:50'), closedAt: berlin(17, '10:00'), due: berlin(16, '09:30'), closedBy: 'anna' });
    // c8: support's comment in the week: not community's.
    await comment('c8', { team: 'support', received: berlin(19, '10:00'), status: 'open', due: berlin(19, '11:00') });
    // c9: received 1 Nov, still open, due 2 Nov: open at start and end, and overdue at the end.
    await comment('c9', { received: new Date('2026-11-01T10:00:00Z'), status: 'open', due: new Date('2026-11-02T10:00:00Z') });
    // c10: arrived with community Thu 10:00, routed to legal 11:00, answered by clara 12:00: community routed one, legal closed it in 60 min.
    await comment('c10', { team: 'legal', received: berlin(19, '10:00'), status: 'answered', claimedAt: berlin(19, '11:30'), firstResponseAt: berlin(19, '11:30'), closedAt: berlin(19, '12:00'), due: berlin(19, '12:00'), closedBy: 'clara' });

    await event('c1', 'claimed', 'deniz', berlin(16, '09:30'), { teamId: 'community' });
    await event('c1', 'answered', 'deniz', berlin(16, '10:00'), { teamId: 'community' });
    await event('c2', 'claimed', 'anna', berlin(17, '09:30'), { teamId: 'community' });
    await event('c2', 'answered', 'anna', berlin(17, '10:00'), { teamId: 'community' });
    await event('c3', 'dismissed', 'anna', berlin(18, '12:00'), { teamId: 'community' });
    await event('c4', 'claimed', 'deniz', berlin(23, '09:15'), { teamId: 'community' });
    await event('c7', 'answered', 'anna', berlin(17, '10:00'), { teamId: 'community' });
    await event('c6', 'claimed', 'anna', berlin(17, '11:01'), { teamId: 'community' });
    await event('c6', 'answered', 'anna', berlin(17, '11:02'), { teamId: 'community' });
    await event('c10', 'routed_to_team', 'anna', berlin(19, '11:00'), { from: { teamId: 'community', status: 'open' }, teamId: 'legal' });
    await event('c10', 'answered', 'clara', berlin(19, '12:00'), { teamId: 'legal' });
    await event('c2', 'reminder', null, berlin(17, '08:50'), { notify: 'holder', teamId: 'community' });
    await event('c3', 'reminder', null, berlin(18, '10:45'), { notify: 'holder', teamId: 'community' });
    await event('c3', 'reminder', null, berlin(18, '11:00'), { notify: 'channel', teamId: 'community' });
    await event('c3', 'reminder', null, berlin(18, '11:30'), { notify: 'lead', teamId: 'community' });
    await event('c6', 'reminder', null, berlin(17, '11:00'), { notify: 'lead', teamId: 'community' });

    const week = parseIsoWeek('2026-W47', 'Europe/Berlin')!;
    const kpi = new PrismaKpiStore(database.db.prisma);
    figures = await computeWeeklyFigures('community', week, { kpi, directory, clock: new FakeClock('2026-11-30T09:00:00+01:00') });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('counts the week by the team zone\'s Monday to Monday, drills and other teams left out', () => {
    expect(figures.week).toMatchObject({ label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z') });
    // c1–c5 (c5 at Sunday 23:30 still counts; c7 is last week's; c6 a drill; c8 support's; c10 now legal's).
    expect(figures).toMatchObject({ received: 5, answered: 2, dismissed: 1, routed: 1 });
    // Answered ÷ (received − dismissed): 2 / 4.
    expect(figures.responseRate).toBe(0.5);
  });

  it('measures first responses in working and in clock time, median and 90th percentile', () => {
    // Working: [15, 30, 60, 120] min → median 45; p90 at rank 2.7 = 60 + 0.7 × 60 = 102.
    expect(figures.firstResponseMedianMs).toBeCloseTo(45 * MIN, 0);
    expect(figures.firstResponseP90Ms).toBeCloseTo(102 * MIN, 0);
    // Clock: [30, 120, 1020, 2715] min → median 570; p90 = 1020 + 0.7 × 1695 = 2206.5.
    expect(figures.firstResponseMedianClockMs).toBeCloseTo(570 * MIN, 0);
    expect(figures.firstResponseP90ClockMs).toBeCloseTo(2206.5 * MIN, 0);
    // On time: c1, c4; late: c2, c3; c5 has no verdict yet (due after the week).
    expect(figures.withinTargetShare).toBe(0.5);
  });

  it('takes the backlog at the week\'s start and end, and what was overdue at its end', () => {
    // Start: c7 (closed on Tuesday) and c9. End: c4 (claimed only on the next Monday), c5, c9. Overdue: c9.
    expect(figures).toMatchObject({ backlogStart: 2, backlogEnd: 3, overdueNow: 1 });
  });

  it('splits by day, source, person and department, and counts escalations', () => {
    expect(figures.byDay.map((d) => [d.date, d.received, d.medianFirstResponseMs === null ? null : Math.round(d.medianFirstResponseMs / MIN)])).toEqual([
      ['2026-11-16', 2, 45],
      ['2026-11-17', 0, null],
      ['2026-11-18', 1, 120],
      ['2026-11-19', 0, null],
      ['2026-11-20', 0, null],
      ['2026-11-21', 1, 15],
      ['2026-11-22', 1, null],
    ]);
    expect(figures.bySource.map((s) => [s.source, s.received, s.answered, s.medianFirstResponseMs === null ? null : Math.round(s.medianFirstResponseMs / MIN)])).toEqual([
      ['facebook', 3, 2, 45],
      ['instagram', 1, 0, 120],
      ['youtube', 1, 0, 15],
    ]);
    // anna: claimed c2, answered c2 and c7; first responses c2 (1020) and c3 (120) → median 570.
    // deniz: claimed and answered c1; first responses c1 (30) and c4 (2715, next Monday) → median 1372.5.
    expect(figures.byPerson.map((p) => [p.memberId, p.claimed, p.answered, p.medianResponseMs === null ? null : p.medianResponseMs / MIN])).toEqual([
      ['anna', 1, 2, 570],
      ['deniz', 1, 1, 1372.5],
    ]);
    expect(figures.byDepartment.map((d) => [d.teamId, d.routedIn, d.answered, d.medianCloseMs === null ? null : d.medianCloseMs / MIN])).toEqual([['legal', 1, 1, 60]]);
    expect(figures.escalations).toEqual({ reminders: 2, channel: 1, lead: 1 });
  });

  it('reads the same week in another zone with other boundaries', async () => {
    const kpi = new PrismaKpiStore(database.db.prisma);
    // In UTC the week starts an hour later: c7 (15 Nov 22:30Z) is still last week, c5 (22 Nov 22:30Z) still in.
    const utc = await computeWeeklyFigures('community', parseIsoWeek('2026-W47', 'UTC')!, { kpi, directory, clock: new FakeClock('2026-11-30T09:00:00Z') });
    expect(utc.week.start).toEqual(new Date('2026-11-16T00:00:00Z'));
    expect(utc.received).toBe(5);
    // In Asia/Tokyo (UTC+9) Monday starts at 15 Nov 15:00Z: c7 (22:30Z) falls into the week, c5 (22 Nov 22:30Z) into the next.
    const tokyo = await computeWeeklyFigures('community', parseIsoWeek('2026-W47', 'Asia/Tokyo')!, { kpi, directory, clock: new FakeClock('2026-11-30T09:00:00Z') });
    expect(tokyo.received).toBe(5);
    expect(tokyo.answered).toBe(3);
  });
});
