import { describe, expect, it } from 'vitest';
import type { CommentRecord } from '../../src/domain/comment.ts';
import { Directory } from '../../src/domain/directory.ts';
import { type ReminderPlan, planReminder, reminderAudience } from '../../src/domain/escalation-ladder.ts';
import { DEFAULT_LADDER, type LadderStep, type ServiceLevel, defaultTargets } from '../../src/domain/service-level.ts';
import { type WeeklyHours, WorkingCalendar } from '../../src/domain/working-calendar.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { commentRecord as baseComment } from '../support/records.ts';
import { OFFICE_WEEK, at, expectInstant } from '../support/calendars.ts';

/** Instants carry their Berlin offset; March 2026 is CET (+01:00). Monday 2026-03-02 … Friday 2026-03-06, Monday 2026-03-09. */

const OFFICE: WeeklyHours = OFFICE_WEEK;
const calendar = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE });
/**
 * Berlin, Mon–Fri 08–18, normal priority: first response 4 h, resolution 2 days (20 h); ladder 75 % holder,
 * 100 % channel, 150 % lead.
 */
const level: ServiceLevel = { calendar, targets: defaultTargets(calendar.workingDayMs()), ladder: DEFAULT_LADDER, mention: 'here' };

/**
 * Arrives Monday 09:00. First-response steps: 75 % 12:00, 100 % 13:00, 150 % 15:00.
 * Resolution steps: 75 % (15 h) Tuesday 14:00, 100 % (20 h) Wednesday 09:00, 150 % (30 h) Thursday 09:00.
 */
function commentRecord(over: Partial<CommentRecord> = {}): CommentRecord {
  return baseComment({ teamId: 'community', priority: 'normal', receivedAt: at('2026-03-02T09:00+01:00'), ...over });
}

/** A comment claimed at Monday 12:30 (the first response); its first-response reminders got to `step`. */
function claimed(over: Partial<CommentRecord> = {}): CommentRecord {
  const claimedAt = at('2026-03-02T12:30+01:00');
  return commentRecord({ status: 'claimed', holderId: 'deniz', claimedAt, firstResponseAt: claimedAt, reminderPhase: 'firstResponse', reminderStep: 0, ...over });
}

function expectSend(plan: ReminderPlan, expected: { phase: string; step: number; dueSince: string; delivery: 'now' | 'summary' }): void {
  expect(plan.send).not.toBeNull();
  const { phase, step, dueSince, delivery, ladderStep } = plan.send!;
  expect({ phase, step, delivery }).toEqual({ phase: expected.phase, step: expected.step, delivery: expected.delivery });
  expect(ladderStep).toEqual(DEFAULT_LADDER[expected.step]);
  expectInstant(dueSince, expected.dueSince);
}

describe('planReminder', () => {
  describe('steps of the first-response target', () => {
    it('sends nothing before 75 % and looks again when the 75 % step comes due', () => {
      const plan = planReminder(level, commentRecord(), at('2026-03-02T11:59+01:00'));
      expect(plan.send).toBeNull();
      expectInstant(plan.next, '2026-03-02T12:00+01:00');
    });

    it('sends the 75 % step to the holder at the instant it comes due, then waits for 100 %', () => {
      const plan = planReminder(level, commentRecord(), at('2026-03-02T12:00+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 0, dueSince: '2026-03-02T12:00+01:00', delivery: 'now' });
      expect(plan.send!.ladderStep).toEqual({ at: 75, notify: 'holder' });
      expectInstant(plan.next, '2026-03-02T13:00+01:00');
    });

    it('does not repeat a step that was already sent', () => {
      const plan = planReminder(level, commentRecord({ reminderPhase: 'firstResponse', reminderStep: 0 }), at('2026-03-02T12:30+01:00'));
      expect(plan.send).toBeNull();
      expectInstant(plan.next, '2026-03-02T13:00+01:00');
    });

    it('sends the next step once it comes due', () => {
      const plan = planReminder(level, commentRecord({ reminderPhase: 'firstResponse', reminderStep: 0 }), at('2026-03-02T13:00+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 1, dueSince: '2026-03-02T13:00+01:00', delivery: 'now' });
      expectInstant(plan.next, '2026-03-02T15:00+01:00');
    });

    it('sends only the highest step when 100 % and 150 % both came due', () => {
      const plan = planReminder(level, commentRecord({ reminderPhase: 'firstResponse', reminderStep: 0 }), at('2026-03-02T15:10+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 2, dueSince: '2026-03-02T15:00+01:00', delivery: 'now' });
      expect(plan.send!.ladderStep.notify).toBe('lead');
    });

    it('skips every lower step when none was sent yet', () => {
      const plan = planReminder(level, commentRecord(), at('2026-03-02T16:00+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 2, dueSince: '2026-03-02T15:00+01:00', delivery: 'now' });
    });

    it('after the last first-response step, still wakes at the resolution steps (a claim does not re-plan)', () => {
      const plan = planReminder(level, commentRecord({ reminderPhase: 'firstResponse', reminderStep: 2 }), at('2026-03-03T17:00+01:00'));
      expect(plan.send).toBeNull();
      // Resolution 75 % was Tuesday 14:00; the next resolution step is 100 % on Wednesday 09:00.
      expectInstant(plan.next, '2026-03-04T09:00+01:00');
    });

    it('unclaimed past the whole resolution ladder: looks again every hour, for a late claim', () => {
      const plan = planReminder(level, commentRecord({ reminderPhase: 'firstResponse', reminderStep: 2 }), at('2026-03-06T10:00+01:00'));
      expect(plan.send).toBeNull();
      expectInstant(plan.next, '2026-03-06T11:00+01:00');
    });

    it('has nothing left to plan once the last resolution step was sent', () => {
      const plan = planReminder(level, claimed({ reminderPhase: 'resolution', reminderStep: 2 }), at('2026-03-06T10:00+01:00'));
      expect(plan).toEqual({ send: null, next: null });
    });

    it('a claim through the lean statement (claimedAt only) already counts: the resolution ladder runs', () => {
      const c = commentRecord({ status: 'claimed', holderId: 'deniz', claimedAt: at('2026-03-02T12:30+01:00'), reminderPhase: 'firstResponse', reminderStep: 0 });
      expectSend(planReminder(level, c, at('2026-03-03T14:00+01:00')), { phase: 'resolution', step: 0, dueSince: '2026-03-03T14:00+01:00', delivery: 'now' });
    });

    it('brings the steps forward by the working time spent with an earlier team', () => {
      // Routed here on Monday 10:00 after 2 h elsewhere: 75 % of 4 h is reached 1 h later.
      const routed = commentRecord({ slaStartedAt: at('2026-03-02T10:00+01:00'), slaSpentSeconds: 2 * 3600 });
      expectInstant(planReminder(level, routed, at('2026-03-02T10:30+01:00')).next, '2026-03-02T11:00+01:00');
      expectSend(planReminder(level, routed, at('2026-03-02T11:00+01:00')), {
        phase: 'firstResponse',
        step: 0,
        dueSince: '2026-03-02T11:00+01:00',
        delivery: 'now',
      });
    });
  });

  describe('after the first response', () => {
    it('restarts at step 0 of the resolution target, which counts from arrival', () => {
      const quiet = planReminder(level, claimed(), at('2026-03-02T13:30+01:00'));
      expect(quiet.send).toBeNull();
      expectInstant(quiet.next, '2026-03-03T14:00+01:00');

      const plan = planReminder(level, claimed(), at('2026-03-03T14:05+01:00'));
      expectSend(plan, { phase: 'resolution', step: 0, dueSince: '2026-03-03T14:00+01:00', delivery: 'now' });
      expectInstant(plan.next, '2026-03-04T09:00+01:00');
    });

    it('does not carry the first-response step count over, even when all its steps were sent', () => {
      const plan = planReminder(level, claimed({ reminderStep: 2 }), at('2026-03-03T14:05+01:00'));
      expect(plan.send?.phase).toBe('resolution');
      expect(plan.send?.step).toBe(0);
    });

    it('counts the resolution steps already sent', () => {
      const plan = planReminder(level, claimed({ reminderPhase: 'resolution', reminderStep: 0 }), at('2026-03-03T15:00+01:00'));
      expect(plan.send).toBeNull();
      expectInstant(plan.next, '2026-03-04T09:00+01:00');
    });
  });

  describe('snooze', () => {
    it('holds a due step until the snooze ends', () => {
      const snoozed = commentRecord({ snoozedUntil: at('2026-03-02T14:00+01:00') });
      const plan = planReminder(level, snoozed, at('2026-03-02T13:30+01:00'));
      expect(plan).toEqual({ send: null, next: at('2026-03-02T14:00+01:00') });
    });

    it('looks again when the snooze ends if it ends after the next step', () => {
      const plan = planReminder(level, commentRecord({ snoozedUntil: at('2026-03-02T12:30+01:00') }), at('2026-03-02T11:00+01:00'));
      expect(plan.send).toBeNull();
      expectInstant(plan.next, '2026-03-02T12:30+01:00');
    });

    it('looks again at the next step if the snooze ends before it', () => {
      const plan = planReminder(level, commentRecord({ snoozedUntil: at('2026-03-02T11:30+01:00') }), at('2026-03-02T11:00+01:00'));
      expectInstant(plan.next, '2026-03-02T12:00+01:00');
    });

    it('sends the highest step that came due once the snooze has ended, due since the snooze end', () => {
      const snoozed = commentRecord({ reminderPhase: 'firstResponse', reminderStep: 0, snoozedUntil: at('2026-03-02T14:00+01:00') });
      const plan = planReminder(level, snoozed, at('2026-03-02T14:00+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 1, dueSince: '2026-03-02T14:00+01:00', delivery: 'now' });
      expectInstant(plan.next, '2026-03-02T15:00+01:00');
    });

    it('keeps the step’s own due time when the snooze ended before it', () => {
      const plan = planReminder(level, commentRecord({ snoozedUntil: at('2026-03-02T11:00+01:00') }), at('2026-03-02T12:05+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 0, dueSince: '2026-03-02T12:00+01:00', delivery: 'now' });
    });
  });

  describe('outside working hours', () => {
    /** Arrives Friday 14:59: its 75 % step comes due Friday 17:59, 100 % Monday 08:59. */
    const fridayLate = () => commentRecord({ receivedAt: at('2026-03-06T14:59+01:00') });
    /** Arrives Friday 14:02: 75 % Friday 17:02, 100 % Monday 08:02, 150 % Monday 10:02. */
    const fridayEarly = (over: Partial<CommentRecord> = {}) => commentRecord({ receivedAt: at('2026-03-06T14:02+01:00'), ...over });

    it('sends nothing on the weekend and waits for Monday 08:00', () => {
      const plan = planReminder(level, fridayLate(), at('2026-03-07T10:00+01:00'));
      expect(plan.send).toBeNull();
      expectInstant(plan.next, '2026-03-09T08:00+01:00');
    });

    it('sends nothing in the evening either, and waits for the next morning', () => {
      const plan = planReminder(level, commentRecord({ receivedAt: at('2026-03-02T15:00+01:00') }), at('2026-03-02T19:00+01:00'));
      expect(plan.send).toBeNull();
      expectInstant(plan.next, '2026-03-03T08:00+01:00');
    });

    it('puts a step that came due before the working period started into the morning summary', () => {
      const plan = planReminder(level, fridayLate(), at('2026-03-09T08:05+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 0, dueSince: '2026-03-06T17:59+01:00', delivery: 'summary' });
      expectInstant(plan.next, '2026-03-09T08:59+01:00');
    });

    it('sends a step that came due within the current working period on its own', () => {
      const plan = planReminder(level, fridayEarly({ reminderPhase: 'firstResponse', reminderStep: 0 }), at('2026-03-09T08:05+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 1, dueSince: '2026-03-09T08:02+01:00', delivery: 'now' });
      expectInstant(plan.next, '2026-03-09T10:02+01:00');
    });

    it('judges by the highest due step: Friday’s 75 % is skipped for Monday 08:02’s 100 %, sent now', () => {
      const plan = planReminder(level, fridayEarly(), at('2026-03-09T08:05+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 1, dueSince: '2026-03-09T08:02+01:00', delivery: 'now' });
    });

    it('treats a snooze that ended within the working period as the due time (sent now)', () => {
      const snoozed = commentRecord({ receivedAt: at('2026-03-06T14:59+01:00'), snoozedUntil: at('2026-03-09T08:03+01:00') });
      const plan = planReminder(level, snoozed, at('2026-03-09T08:05+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 0, dueSince: '2026-03-09T08:03+01:00', delivery: 'now' });
    });

    it('treats a snooze that ended over the weekend like a step due then (summary)', () => {
      const snoozed = commentRecord({ receivedAt: at('2026-03-06T14:59+01:00'), snoozedUntil: at('2026-03-07T12:00+01:00') });
      const plan = planReminder(level, snoozed, at('2026-03-09T08:05+01:00'));
      expectSend(plan, { phase: 'firstResponse', step: 0, dueSince: '2026-03-07T12:00+01:00', delivery: 'summary' });
    });
  });

  describe('a day on the fake clock', () => {
    it('walks a comment through its first-response ladder, recording each step as the sweep would', () => {
      const clock = new FakeClock('2026-03-02T09:00+01:00');
      let comment = commentRecord();
      const sent: string[] = [];
      // The sweep looks at the comment whenever `next` says so.
      for (let round = 0; round < 10; round++) {
        const plan = planReminder(level, comment, clock.now());
        if (plan.send) {
          sent.push(`${plan.send.ladderStep.at} % ${plan.send.ladderStep.notify} at ${clock.now().toISOString()}`);
          comment = { ...comment, reminderPhase: plan.send.phase, reminderStep: plan.send.step };
        }
        if (!plan.next) break;
        clock.set(plan.next);
      }
      expect(sent).toEqual([
        '75 % holder at 2026-03-02T11:00:00.000Z',
        '100 % channel at 2026-03-02T12:00:00.000Z',
        '150 % lead at 2026-03-02T14:00:00.000Z',
      ]);
    });
  });

  describe('nothing to remind of', () => {
    it.each(['answered', 'dismissed', 'removed'] as const)('plans nothing for a %s comment, even with steps overdue', (status) => {
      const closed = commentRecord({ status, closedAt: at('2026-03-02T16:00+01:00') });
      expect(planReminder(level, closed, at('2026-03-03T10:00+01:00'))).toEqual({ send: null, next: null });
    });

    it('plans nothing when the team has no ladder', () => {
      expect(planReminder({ ...level, ladder: [] }, commentRecord(), at('2026-03-02T16:00+01:00'))).toEqual({ send: null, next: null });
    });
  });
});

describe('reminderAudience', () => {
  const directory = new Directory(
    [
      { id: 'community', name: 'Community', leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin' },
      { id: 'legal', name: 'Legal', locale: 'de', timeZone: 'Europe/Berlin' },
    ],
    [
      { id: 'anna', name: 'Anna Schmidt', roles: ['agent', 'lead'], teamIds: ['community'], timeZone: 'Europe/Berlin' },
      { id: 'deniz', name: 'Deniz Yilmaz', roles: ['agent'], teamIds: ['community', 'legal'], timeZone: 'Europe/Berlin' },
    ],
    { teamId: 'community', priority: 'normal' },
  );
  const holder: LadderStep = { at: 75, notify: 'holder' };
  const channel: LadderStep = { at: 100, notify: 'channel' };
  const lead: LadderStep = { at: 150, notify: 'lead' };
  const open = (teamId = 'community') => commentRecord({ teamId });
  const held = (teamId = 'community') => commentRecord({ teamId, status: 'claimed', holderId: 'deniz' });

  describe('holder step', () => {
    it('goes to the holder by direct message while someone holds the comment', () => {
      expect(reminderAudience(holder, held(), directory)).toEqual({ to: 'person', memberId: 'deniz', role: 'holder' });
    });

    it('goes to the team channel without a mention while nobody holds it', () => {
      expect(reminderAudience(holder, open(), directory)).toEqual({ to: 'channel', teamId: 'community', mention: null });
    });
  });

  describe('channel step', () => {
    it('posts in the team channel mentioning the holder', () => {
      expect(reminderAudience(channel, held(), directory)).toEqual({ to: 'channel', teamId: 'community', mention: 'holder' });
    });

    it('posts in the team channel mentioning the team while nobody holds it', () => {
      expect(reminderAudience(channel, open(), directory)).toEqual({ to: 'channel', teamId: 'community', mention: 'team' });
    });
  });

  describe('lead step', () => {
    it('goes to the team lead by direct message, claimed or not', () => {
      expect(reminderAudience(lead, open(), directory)).toEqual({ to: 'person', memberId: 'anna', role: 'lead' });
      expect(reminderAudience(lead, held(), directory)).toEqual({ to: 'person', memberId: 'anna', role: 'lead' });
    });

    it('goes to the team channel with a team mention when the team has no lead', () => {
      expect(reminderAudience(lead, held('legal'), directory)).toEqual({ to: 'channel', teamId: 'legal', mention: 'team' });
    });

    it('goes to the channel with a team mention for a team that is no longer configured', () => {
      expect(reminderAudience(lead, open('gone'), directory)).toEqual({ to: 'channel', teamId: 'gone', mention: 'team' });
    });
  });
});

describe('planReminder at the edges of working time', () => {
  // Arrives Monday 14:00: 75 % of 4 h at 17:00, 100 % exactly at 18:00 — the end of the day.
  const late = () => commentRecord({ receivedAt: at('2026-03-02T14:00+01:00'), reminderPhase: 'firstResponse', reminderStep: 0 });

  it('a step due as the day ends still goes out on its own within a few minutes', () => {
    expectSend(planReminder(level, late(), at('2026-03-02T18:02+01:00')), {
      phase: 'firstResponse',
      step: 1,
      dueSince: '2026-03-02T18:00+01:00',
      delivery: 'now',
    });
  });

  it('later that evening it waits for the morning, then joins the summary', () => {
    const evening = planReminder(level, late(), at('2026-03-02T18:06+01:00'));
    expect(evening.send).toBeNull();
    expectInstant(evening.next, '2026-03-03T08:00+01:00');
    expect(planReminder(level, late(), at('2026-03-03T08:00+01:00')).send?.delivery).toBe('summary');
  });

  it('around the clock, a step that came due before midnight on New Year’s Eve is sent on its own after it', () => {
    const always = WorkingCalendar.alwaysOpen('Europe/Berlin');
    const open: ServiceLevel = { calendar: always, targets: defaultTargets(always.workingDayMs()), ladder: DEFAULT_LADDER, mention: 'here' };
    // 4 h target from 20:50: 75 % falls at 23:50, the sweep runs a few minutes into the new year.
    const c = commentRecord({ receivedAt: at('2026-12-31T20:50+01:00') });
    expectSend(planReminder(open, c, at('2027-01-01T00:01+01:00')), {
      phase: 'firstResponse',
      step: 0,
      dueSince: '2026-12-31T23:50+01:00',
      delivery: 'now',
    });
  });
});
