import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LADDER,
  type ServiceLevel,
  type SlaFields,
  defaultTargets,
  dueAt,
  fallbackServiceLevel,
  instantAtPercent,
  newCommentSla,
  rebaseSla,
  runningPhase,
  workingElapsedMs,
} from '../../src/domain/service-level.ts';
import { type WeeklyHours, WorkingCalendar } from '../../src/domain/working-calendar.ts';
import { OFFICE_WEEK, at, expectInstant } from '../support/calendars.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Instants carry their Berlin offset; March 2026 is CET (+01:00). Monday 2026-03-02 … Friday 2026-03-06. */

const OFFICE: WeeklyHours = OFFICE_WEEK;

/** A Berlin team working Mon–Fri 08–18 (a working day = 10 h) with the default targets. */
function berlinOffice(targets: Partial<ServiceLevel['targets']> = {}): ServiceLevel {
  const calendar = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE });
  return { calendar, targets: { ...defaultTargets(calendar.workingDayMs()), ...targets }, ladder: DEFAULT_LADDER, mention: 'here' };
}

/** A team working around the clock in UTC. */
function aroundTheClock(targets: Partial<ServiceLevel['targets']> = {}): ServiceLevel {
  const calendar = WorkingCalendar.alwaysOpen('UTC');
  return { calendar, targets: { ...defaultTargets(calendar.workingDayMs()), ...targets }, ladder: DEFAULT_LADDER, mention: 'here' };
}

function sla(over: Partial<SlaFields> = {}): SlaFields {
  return {
    status: 'open',
    priority: 'normal',
    receivedAt: at('2026-03-02T09:00+01:00'),
    slaStartedAt: null,
    slaSpentSeconds: 0,
    firstResponseAt: null,
    claimedAt: null,
    closedAt: null,
    ...over,
  };
}

describe('defaultTargets', () => {
  it('promises crisis 15 min / 2 h, high 30 min / 4 h, normal 4 h / 2 days, low 1 day / 5 days of working time', () => {
    expect(defaultTargets(10 * HOUR)).toEqual({
      crisis: { firstResponse: 15 * MINUTE, resolution: 2 * HOUR },
      high: { firstResponse: 30 * MINUTE, resolution: 4 * HOUR },
      normal: { firstResponse: 4 * HOUR, resolution: 20 * HOUR },
      low: { firstResponse: 10 * HOUR, resolution: 50 * HOUR },
    });
  });

  it('measures days in the team’s working-day length', () => {
    const short = defaultTargets(6 * HOUR);
    expect(short.normal.resolution).toBe(12 * HOUR);
    expect(short.low).toEqual({ firstResponse: 6 * HOUR, resolution: 30 * HOUR });
    // Hour-based targets do not depend on the day length.
    expect(short.high).toEqual(defaultTargets(10 * HOUR).high);
  });
});

describe('fallbackServiceLevel', () => {
  it('works around the clock in UTC with 24-hour days, the default ladder and an @here mention', () => {
    const level = fallbackServiceLevel();
    expect(level.calendar.timeZone).toBe('UTC');
    expect(level.calendar.isWorking(at('2026-03-08T03:00Z'))).toBe(true); // a Sunday night
    expect(level.targets.low).toEqual({ firstResponse: 24 * HOUR, resolution: 120 * HOUR });
    expect(level.ladder).toEqual([
      { at: 75, notify: 'holder' },
      { at: 100, notify: 'channel' },
      { at: 150, notify: 'lead' },
    ]);
    expect(level.mention).toBe('here');
  });
});

describe('runningPhase', () => {
  it('runs the first-response target until someone responds', () => {
    expect(runningPhase({ status: 'open', firstResponseAt: null, claimedAt: null })).toBe('firstResponse');
  });

  it('counts a claim still held as the first response (the lean claim stores only claimed_at)', () => {
    expect(runningPhase({ status: 'claimed', firstResponseAt: null, claimedAt: at('2026-03-02T10:00+01:00') })).toBe('resolution');
  });

  it('runs the resolution target once a first response happened, also after a release', () => {
    expect(runningPhase({ status: 'claimed', firstResponseAt: at('2026-03-02T10:00+01:00'), claimedAt: null })).toBe('resolution');
    expect(runningPhase({ status: 'open', firstResponseAt: at('2026-03-02T10:00+01:00'), claimedAt: null })).toBe('resolution');
  });

  it.each(['answered', 'dismissed', 'removed'] as const)('runs no target once the comment is %s', (status) => {
    expect(runningPhase({ status, firstResponseAt: null, claimedAt: null })).toBeNull();
    expect(runningPhase({ status, firstResponseAt: at('2026-03-02T10:00+01:00'), claimedAt: null })).toBeNull();
  });
});

describe('newCommentSla: a Berlin team working Mon–Fri 08–18', () => {
  const level = berlinOffice();

  it('carries a Friday 17:00 comment with a 4 h target over the weekend: due Monday 11:00', () => {
    const due = newCommentSla(level, 'normal', at('2026-03-06T17:00+01:00'));
    expectInstant(due.firstResponseDueAt, '2026-03-09T11:00+01:00');
    // 2 working days = 20 h: Fri 1 h + Mon 10 h + Tue 9 h.
    expectInstant(due.resolutionDueAt, '2026-03-10T17:00+01:00');
    // The first ladder step (75 % of 4 h = 3 h): Fri 1 h + Mon 2 h.
    expectInstant(due.nextReminderAt, '2026-03-09T10:00+01:00');
  });

  it('starts counting a comment that arrives on Saturday night at Monday 08:00', () => {
    const due = newCommentSla(level, 'normal', at('2026-03-07T23:30+01:00'));
    expectInstant(due.firstResponseDueAt, '2026-03-09T12:00+01:00');
    expectInstant(due.resolutionDueAt, '2026-03-10T18:00+01:00');
    expectInstant(due.nextReminderAt, '2026-03-09T11:00+01:00');
  });

  it('gives each priority its own targets', () => {
    const monday9 = at('2026-03-02T09:00+01:00');
    const high = newCommentSla(level, 'high', monday9);
    expectInstant(high.firstResponseDueAt, '2026-03-02T09:30+01:00');
    expectInstant(high.resolutionDueAt, '2026-03-02T13:00+01:00');
    const normal = newCommentSla(level, 'normal', monday9);
    expectInstant(normal.firstResponseDueAt, '2026-03-02T13:00+01:00');
    // 2 working days = 20 h: Mon 9 h + Tue 10 h + Wed 1 h.
    expectInstant(normal.resolutionDueAt, '2026-03-04T09:00+01:00');
    const low = newCommentSla(level, 'low', monday9);
    // 1 working day = 10 h: Mon 9 h + Tue 1 h.
    expectInstant(low.firstResponseDueAt, '2026-03-03T09:00+01:00');
    // 5 working days = 50 h: Mon 9 h + Tue–Fri 40 h + next Mon 1 h.
    expectInstant(low.resolutionDueAt, '2026-03-09T09:00+01:00');
  });

  it('plans the first reminder at the first ladder step of the first-response target', () => {
    const halfway = { ...level, ladder: [{ at: 50, notify: 'channel' as const }] };
    expectInstant(newCommentSla(halfway, 'normal', at('2026-03-02T09:00+01:00')).nextReminderAt, '2026-03-02T11:00+01:00');
  });

  it('plans no reminder when the ladder is empty', () => {
    expect(newCommentSla({ ...level, ladder: [] }, 'normal', at('2026-03-02T09:00+01:00')).nextReminderAt).toBeNull();
  });
});

describe('instantAtPercent and dueAt', () => {
  const level = berlinOffice();

  it('finds a percentage of the target in working time from arrival', () => {
    const c = sla({ receivedAt: at('2026-03-02T16:00+01:00') });
    // 150 % of 4 h = 6 h: Mon 2 h + Tue 4 h.
    expectInstant(instantAtPercent(level, c, 'firstResponse', 150), '2026-03-03T12:00+01:00');
    expectInstant(instantAtPercent(level, c, 'firstResponse', 75), '2026-03-03T09:00+01:00');
    expectInstant(dueAt(level, c, 'firstResponse'), '2026-03-03T10:00+01:00');
  });

  it('counts from where the current team’s clock started, minus the time already spent', () => {
    const c = sla({ receivedAt: at('2026-03-02T08:00+01:00'), slaStartedAt: at('2026-03-02T14:00+01:00'), slaSpentSeconds: 3600 });
    expectInstant(dueAt(level, c, 'firstResponse'), '2026-03-02T17:00+01:00');
  });
});

describe('workingElapsedMs', () => {
  const level = berlinOffice();

  it('counts only working time since arrival', () => {
    const c = sla({ receivedAt: at('2026-03-06T17:00+01:00') });
    expect(workingElapsedMs(level, c, at('2026-03-09T09:30+01:00'))).toBe(2.5 * HOUR);
  });

  it('adds the time spent with earlier teams to the time since the clock restarted', () => {
    const c = sla({ receivedAt: at('2026-03-02T08:00+01:00'), slaStartedAt: at('2026-03-06T17:30+01:00'), slaSpentSeconds: 1800 });
    expect(workingElapsedMs(level, c, at('2026-03-09T09:00+01:00'))).toBe(30 * MINUTE + 30 * MINUTE + HOUR);
  });

  it('never counts backwards before the clock started', () => {
    const c = sla({ slaStartedAt: at('2026-03-02T12:00+01:00'), slaSpentSeconds: 600 });
    expect(workingElapsedMs(level, c, at('2026-03-02T10:00+01:00'))).toBe(10 * MINUTE);
  });

  it('includes the time with the earlier team after a route', () => {
    const teamA = aroundTheClock();
    const teamB = berlinOffice();
    // Arrives Saturday 10:00 UTC with a team that works weekends, moves after 2 h to the office team.
    const c = sla({ receivedAt: at('2026-03-07T10:00Z') });
    const routedAt = at('2026-03-07T12:00Z');
    const rebased = { ...c, ...rebaseSla(teamA, teamB, c, routedAt) };
    // The office team's weekend adds nothing; Monday 08:00–09:15 adds 1 h 15 min.
    expect(workingElapsedMs(teamB, rebased, at('2026-03-08T20:00+01:00'))).toBe(2 * HOUR);
    expect(workingElapsedMs(teamB, rebased, at('2026-03-09T09:15+01:00'))).toBe(3 * HOUR + 15 * MINUTE);
  });
});

describe('rebaseSla: routing to another team', () => {
  const teamA = aroundTheClock();
  const teamB = berlinOffice({ normal: { firstResponse: 2 * HOUR, resolution: 8 * HOUR } });

  it('keeps the hour spent with team A: due one hour of team B’s working time after the route', () => {
    const c = sla({ receivedAt: at('2026-03-02T09:00+01:00') });
    const now = at('2026-03-02T10:00+01:00');
    const changes = rebaseSla(teamA, teamB, c, now);
    expect(changes).toEqual({
      slaStartedAt: now,
      slaSpentSeconds: 3600,
      firstResponseDueAt: at('2026-03-02T11:00+01:00'),
      resolutionDueAt: at('2026-03-02T17:00+01:00'),
      nextReminderAt: now,
    });
  });

  it('runs the remaining time on team B’s calendar (a Friday-evening route is due Monday morning)', () => {
    // Team A (around the clock) spent Friday 16:30–17:30 on it.
    const c = sla({ receivedAt: at('2026-03-06T16:30+01:00') });
    const changes = rebaseSla(teamA, teamB, c, at('2026-03-06T17:30+01:00'));
    expect(changes.slaSpentSeconds).toBe(3600);
    // 1 h left: Friday 17:30–18:00, then Monday 08:00–08:30.
    expectInstant(changes.firstResponseDueAt, '2026-03-09T08:30+01:00');
  });

  it('adds to the time spent with teams before team A', () => {
    const c = sla({ receivedAt: at('2026-03-02T08:00+01:00'), slaStartedAt: at('2026-03-02T09:30+01:00'), slaSpentSeconds: 1800 });
    const changes = rebaseSla(teamA, teamB, c, at('2026-03-02T10:00+01:00'));
    expect(changes.slaSpentSeconds).toBe(3600);
    expectInstant(changes.firstResponseDueAt, '2026-03-02T11:00+01:00');
  });

  it('puts the due time in the past when the comment is already over team B’s target', () => {
    // 3 h with team A, team B promises 2 h: overdue by 1 h of B's working time at the route.
    const c = sla({ receivedAt: at('2026-03-02T11:00+01:00') });
    const changes = rebaseSla(teamA, teamB, c, at('2026-03-02T14:00+01:00'));
    expect(changes.slaSpentSeconds).toBe(3 * 3600);
    expectInstant(changes.firstResponseDueAt, '2026-03-02T13:00+01:00');
    // The resolution target (8 h) still has 5 h left: Monday 14:00–18:00 and Tuesday 08:00–09:00.
    expectInstant(changes.resolutionDueAt, '2026-03-03T09:00+01:00');
  });

  it('counts an overrun back on team B’s calendar, over its closed hours', () => {
    const c = sla({ receivedAt: at('2026-03-09T05:30+01:00') }); // 3 h with team A, routed Monday 08:30
    const changes = rebaseSla(teamA, teamB, c, at('2026-03-09T08:30+01:00'));
    // 1 h before 08:30 in B's working time: Monday 08:00–08:30 and Friday 17:30–18:00.
    expectInstant(changes.firstResponseDueAt, '2026-03-06T17:30+01:00');
  });

  it('leaves the first-response due time alone once a first response happened', () => {
    const c = sla({ status: 'claimed', firstResponseAt: at('2026-03-02T09:20+01:00') });
    const changes = rebaseSla(teamA, teamB, c, at('2026-03-02T10:00+01:00'));
    expect(changes).not.toHaveProperty('firstResponseDueAt');
    expectInstant(changes.resolutionDueAt, '2026-03-02T17:00+01:00');
  });

  it('asks the next sweep to re-plan the reminders right away', () => {
    const now = at('2026-03-02T10:00+01:00');
    expect(rebaseSla(teamA, teamB, sla(), now).nextReminderAt).toEqual(now);
  });

  it('does not change the comment it was given', () => {
    const c = sla();
    const copy = structuredClone(c);
    rebaseSla(teamA, teamB, c, at('2026-03-02T10:00+01:00'));
    expect(c).toEqual(copy);
  });
});
