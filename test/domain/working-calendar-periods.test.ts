import { describe, expect, it } from 'vitest';
import { type WeeklyHours, WorkingCalendar } from '../../src/domain/working-calendar.ts';
import { OFFICE_WEEK, at, expectInstant } from '../support/calendars.ts';

const HOUR = 3_600_000;

type Period = { start: Date; end: Date };

/** Periods as "start/end" ISO pairs, so a failure shows every period. */
function iso(periods: Period[]): string[] {
  return periods.map((p) => `${p.start.toISOString()}/${p.end.toISOString()}`);
}
function expectPeriods(actual: Period[], expected: [string, string][]): void {
  expect(iso(actual)).toEqual(expected.map(([s, e]) => `${new Date(s).toISOString()}/${new Date(e).toISOString()}`));
}
const total = (periods: Period[]) => periods.reduce((sum, p) => sum + p.end.getTime() - p.start.getTime(), 0);

const EVERY_DAY = (periods: [string, string][]): WeeklyHours =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, periods]));
const NIGHT_SHIFT = EVERY_DAY([['00:00', '06:00'], ['22:00', '24:00']]);

describe('WorkingCalendar.periodsBetween', () => {
  const berlin = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE_WEEK });

  it('gives the five office days of a week (Berlin 2026-W47)', () => {
    const periods = berlin.periodsBetween(berlin.startOfDate('2026-11-16'), berlin.startOfDate('2026-11-23'));
    expectPeriods(periods, [
      ['2026-11-16T08:00+01:00', '2026-11-16T18:00+01:00'],
      ['2026-11-17T08:00+01:00', '2026-11-17T18:00+01:00'],
      ['2026-11-18T08:00+01:00', '2026-11-18T18:00+01:00'],
      ['2026-11-19T08:00+01:00', '2026-11-19T18:00+01:00'],
      ['2026-11-20T08:00+01:00', '2026-11-20T18:00+01:00'],
    ]);
  });

  it('clips the periods at both ends', () => {
    const periods = berlin.periodsBetween(at('2026-11-16T10:30+01:00'), at('2026-11-18T12:00+01:00'));
    expectPeriods(periods, [
      ['2026-11-16T10:30+01:00', '2026-11-16T18:00+01:00'],
      ['2026-11-17T08:00+01:00', '2026-11-17T18:00+01:00'],
      ['2026-11-18T08:00+01:00', '2026-11-18T12:00+01:00'],
    ]);
  });

  it('gives one clipped piece when both ends are inside one period', () => {
    expectPeriods(berlin.periodsBetween(at('2026-11-17T09:00+01:00'), at('2026-11-17T09:01+01:00')), [['2026-11-17T09:00+01:00', '2026-11-17T09:01+01:00']]);
  });

  it('starts and ends at whole periods when the bounds are outside working time', () => {
    // Saturday night to Tuesday 06:00: only Monday.
    expectPeriods(berlin.periodsBetween(at('2026-11-14T23:00+01:00'), at('2026-11-17T06:00+01:00')), [['2026-11-16T08:00+01:00', '2026-11-16T18:00+01:00']]);
  });

  it('leaves out periods that only touch the bounds', () => {
    // [Mon 18:00, Tue 08:00): the evening and the night, no working time.
    expect(berlin.periodsBetween(at('2026-11-16T18:00+01:00'), at('2026-11-17T08:00+01:00'))).toEqual([]);
  });

  it('is empty for an empty or reversed range', () => {
    expect(berlin.periodsBetween(at('2026-11-17T09:00+01:00'), at('2026-11-17T09:00+01:00'))).toEqual([]);
    expect(berlin.periodsBetween(at('2026-11-18T09:00+01:00'), at('2026-11-17T09:00+01:00'))).toEqual([]);
    expect(berlin.periodsBetween(at('2026-11-21T00:00+01:00'), at('2026-11-23T00:00+01:00'))).toEqual([]); // a weekend
  });

  it('follows DST: office hours stay 08:00–18:00 local across the change', () => {
    const periods = berlin.periodsBetween(berlin.startOfDate('2026-03-27'), berlin.startOfDate('2026-03-31'));
    expectPeriods(periods, [
      ['2026-03-27T08:00+01:00', '2026-03-27T18:00+01:00'],
      ['2026-03-30T08:00+02:00', '2026-03-30T18:00+02:00'],
    ]);
  });

  it('gives one merged period for a 24/7 calendar, across midnights, DST and New Year', () => {
    const always = WorkingCalendar.alwaysOpen('Europe/Berlin');
    expectPeriods(always.periodsBetween(at('2026-11-16T10:00+01:00'), at('2026-11-23T10:00+01:00')), [['2026-11-16T10:00+01:00', '2026-11-23T10:00+01:00']]);
    // The spring-forward week: one period of 167 h.
    const week = always.periodsBetween(always.startOfDate('2026-03-23'), always.startOfDate('2026-03-30'));
    expect(week).toHaveLength(1);
    expect(total(week)).toBe(167 * HOUR);
    // Across New Year (periodAt cuts a 24/7 calendar there; periodsBetween does not).
    expectPeriods(always.periodsBetween(at('2026-12-28T00:00+01:00'), at('2027-01-04T00:00+01:00')), [['2026-12-28T00:00+01:00', '2027-01-04T00:00+01:00']]);
    expectPeriods(WorkingCalendar.alwaysOpen('UTC').periodsBetween(at('2026-01-01T00:00Z'), at('2027-01-01T00:00Z')), [['2026-01-01T00:00Z', '2027-01-01T00:00Z']]);
  });

  it('leaves gaps for holidays (dated and yearly)', () => {
    const withHolidays = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE_WEEK, holidays: ['2026-11-18', '12-24', '12-25'] });
    expectPeriods(withHolidays.periodsBetween(withHolidays.startOfDate('2026-11-16'), withHolidays.startOfDate('2026-11-21')), [
      ['2026-11-16T08:00+01:00', '2026-11-16T18:00+01:00'],
      ['2026-11-17T08:00+01:00', '2026-11-17T18:00+01:00'],
      ['2026-11-19T08:00+01:00', '2026-11-19T18:00+01:00'],
      ['2026-11-20T08:00+01:00', '2026-11-20T18:00+01:00'],
    ]);
    expectPeriods(withHolidays.periodsBetween(withHolidays.startOfDate('2026-12-21'), withHolidays.startOfDate('2026-12-28')), [
      ['2026-12-21T08:00+01:00', '2026-12-21T18:00+01:00'],
      ['2026-12-22T08:00+01:00', '2026-12-22T18:00+01:00'],
      ['2026-12-23T08:00+01:00', '2026-12-23T18:00+01:00'],
    ]);
  });

  it('splits a 24/7 calendar at a holiday', () => {
    const cal = new WorkingCalendar({ timeZone: 'UTC', weekly: null, holidays: ['2026-11-18'] });
    expectPeriods(cal.periodsBetween(at('2026-11-16T00:00Z'), at('2026-11-21T00:00Z')), [
      ['2026-11-16T00:00Z', '2026-11-18T00:00Z'],
      ['2026-11-19T00:00Z', '2026-11-21T00:00Z'],
    ]);
  });

  it('merges a night shift across midnight', () => {
    const night = new WorkingCalendar({ timeZone: 'UTC', weekly: NIGHT_SHIFT });
    expectPeriods(night.periodsBetween(at('2026-11-16T00:00Z'), at('2026-11-19T00:00Z')), [
      ['2026-11-16T00:00Z', '2026-11-16T06:00Z'],
      ['2026-11-16T22:00Z', '2026-11-17T06:00Z'],
      ['2026-11-17T22:00Z', '2026-11-18T06:00Z'],
      ['2026-11-18T22:00Z', '2026-11-19T00:00Z'],
    ]);
    // Clipped inside the shifts.
    expectPeriods(night.periodsBetween(at('2026-11-16T23:00Z'), at('2026-11-17T01:00Z')), [['2026-11-16T23:00Z', '2026-11-17T01:00Z']]);
  });

  it('merges a night shift across the DST night (Berlin 2026-03-28/29: 22:00 CET to 06:00 CEST is 7 h)', () => {
    const night = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: NIGHT_SHIFT });
    const periods = night.periodsBetween(at('2026-03-28T12:00+01:00'), at('2026-03-29T12:00+02:00'));
    expectPeriods(periods, [['2026-03-28T22:00+01:00', '2026-03-29T06:00+02:00']]);
    expect(total(periods)).toBe(7 * HOUR);
    const autumn = night.periodsBetween(at('2026-10-24T12:00+02:00'), at('2026-10-25T12:00+01:00'));
    expectPeriods(autumn, [['2026-10-24T22:00+02:00', '2026-10-25T06:00+01:00']]);
    expect(total(autumn)).toBe(9 * HOUR);
  });

  it('keeps the eve of a holiday in a night shift and drops the holiday’s own hours', () => {
    const night = new WorkingCalendar({ timeZone: 'UTC', weekly: NIGHT_SHIFT, holidays: ['2026-11-17'] });
    expectPeriods(night.periodsBetween(at('2026-11-16T12:00Z'), at('2026-11-18T12:00Z')), [
      ['2026-11-16T22:00Z', '2026-11-17T00:00Z'],
      ['2026-11-18T00:00Z', '2026-11-18T06:00Z'],
    ]);
  });

  it('does not merge periods that only come close (a lunch break stays a gap)', () => {
    const split = new WorkingCalendar({ timeZone: 'Asia/Tokyo', weekly: { mon: [['09:00', '12:00'], ['13:00', '18:00']] } });
    expectPeriods(split.periodsBetween(split.startOfDate('2026-11-16'), split.startOfDate('2026-11-17')), [
      ['2026-11-16T09:00+09:00', '2026-11-16T12:00+09:00'],
      ['2026-11-16T13:00+09:00', '2026-11-16T18:00+09:00'],
    ]);
  });

  it('sums to between(a, b) for every kind of calendar', () => {
    const calendars = [
      berlin,
      WorkingCalendar.alwaysOpen('America/New_York'),
      new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: NIGHT_SHIFT, holidays: ['2026-03-29'] }),
      new WorkingCalendar({ timeZone: 'Pacific/Auckland', weekly: { ...OFFICE_WEEK, sat: [['10:00', '14:00']] }, holidays: ['12-25'] }),
    ];
    const ranges: [string, string][] = [
      ['2026-03-20T13:17Z', '2026-04-10T04:05Z'],
      ['2026-10-20T00:00Z', '2026-11-05T00:00Z'],
      ['2026-12-20T09:30Z', '2027-01-08T17:45Z'],
    ];
    for (const cal of calendars) {
      for (const [a, b] of ranges) {
        const periods = cal.periodsBetween(at(a), at(b));
        expect(total(periods)).toBe(cal.between(at(a), at(b)));
        // Oldest first, disjoint and not touching (touching ones are merged), inside [a, b).
        periods.forEach((p, i) => {
          expect(p.start.getTime()).toBeLessThan(p.end.getTime());
          expect(p.start.getTime()).toBeGreaterThanOrEqual(at(a).getTime());
          expect(p.end.getTime()).toBeLessThanOrEqual(at(b).getTime());
          if (i > 0) expect(p.start.getTime()).toBeGreaterThan(periods[i - 1]!.end.getTime());
        });
      }
    }
  });
});

describe('WorkingCalendar.startOfDate and dateOf', () => {
  it('gives local midnight in several zones', () => {
    expectInstant(WorkingCalendar.alwaysOpen('Europe/Berlin').startOfDate('2026-11-16'), '2026-11-16T00:00+01:00');
    expectInstant(WorkingCalendar.alwaysOpen('Asia/Tokyo').startOfDate('2026-11-16'), '2026-11-15T15:00Z');
    expectInstant(WorkingCalendar.alwaysOpen('Pacific/Auckland').startOfDate('2026-11-16'), '2026-11-15T11:00Z');
    expectInstant(WorkingCalendar.alwaysOpen('America/New_York').startOfDate('2026-11-16'), '2026-11-16T05:00Z');
    expectInstant(WorkingCalendar.alwaysOpen('UTC').startOfDate('2026-11-16'), '2026-11-16T00:00Z');
  });

  it('does not depend on the working hours', () => {
    expectInstant(new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE_WEEK }).startOfDate('2026-11-22'), '2026-11-22T00:00+01:00'); // a Sunday
    expectInstant(new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE_WEEK, holidays: ['2026-11-18'] }).startOfDate('2026-11-18'), '2026-11-18T00:00+01:00');
  });

  it('gives the local date of an instant', () => {
    const tokyo = WorkingCalendar.alwaysOpen('Asia/Tokyo');
    expect(tokyo.dateOf(at('2026-11-15T14:59:59.999Z'))).toBe('2026-11-15');
    expect(tokyo.dateOf(at('2026-11-15T15:00Z'))).toBe('2026-11-16');
    const ny = WorkingCalendar.alwaysOpen('America/New_York');
    expect(ny.dateOf(at('2026-11-16T04:59Z'))).toBe('2026-11-15');
    expect(ny.dateOf(at('2026-11-16T05:00Z'))).toBe('2026-11-16');
    expect(WorkingCalendar.alwaysOpen('Pacific/Auckland').dateOf(at('2026-12-31T11:00Z'))).toBe('2027-01-01');
  });

  it('handles the Berlin spring-forward day (23 h)', () => {
    const cal = WorkingCalendar.alwaysOpen('Europe/Berlin');
    expectInstant(cal.startOfDate('2026-03-29'), '2026-03-29T00:00+01:00');
    expectInstant(cal.startOfDate('2026-03-30'), '2026-03-30T00:00+02:00');
    expect(cal.startOfDate('2026-03-30').getTime() - cal.startOfDate('2026-03-29').getTime()).toBe(23 * HOUR);
    expect(cal.dateOf(at('2026-03-29T01:59:59.999+01:00'))).toBe('2026-03-29');
    expect(cal.dateOf(at('2026-03-29T03:00+02:00'))).toBe('2026-03-29');
    expect(cal.dateOf(at('2026-03-29T23:59:59.999+02:00'))).toBe('2026-03-29');
    expect(cal.dateOf(at('2026-03-30T00:00+02:00'))).toBe('2026-03-30');
  });

  it('handles the Berlin fall-back day (25 h), both 02:30s on the same date', () => {
    const cal = WorkingCalendar.alwaysOpen('Europe/Berlin');
    expectInstant(cal.startOfDate('2026-10-25'), '2026-10-25T00:00+02:00');
    expectInstant(cal.startOfDate('2026-10-26'), '2026-10-26T00:00+01:00');
    expect(cal.startOfDate('2026-10-26').getTime() - cal.startOfDate('2026-10-25').getTime()).toBe(25 * HOUR);
    expect(cal.dateOf(at('2026-10-25T02:30+02:00'))).toBe('2026-10-25');
    expect(cal.dateOf(at('2026-10-25T02:30+01:00'))).toBe('2026-10-25');
    expect(cal.dateOf(at('2026-10-24T23:59:59.999+02:00'))).toBe('2026-10-24');
    expect(cal.dateOf(at('2026-10-25T23:59:59.999+01:00'))).toBe('2026-10-25');
  });

  it('handles New York and Auckland DST days', () => {
    const ny = WorkingCalendar.alwaysOpen('America/New_York');
    expectInstant(ny.startOfDate('2026-03-08'), '2026-03-08T00:00-05:00');
    expectInstant(ny.startOfDate('2026-03-09'), '2026-03-09T00:00-04:00');
    expectInstant(ny.startOfDate('2026-11-02'), '2026-11-02T00:00-05:00');
    const auckland = WorkingCalendar.alwaysOpen('Pacific/Auckland');
    expectInstant(auckland.startOfDate('2026-04-05'), '2026-04-05T00:00+13:00');
    expectInstant(auckland.startOfDate('2026-04-06'), '2026-04-06T00:00+12:00');
    expect(auckland.startOfDate('2026-04-06').getTime() - auckland.startOfDate('2026-04-05').getTime()).toBe(25 * HOUR);
    expectInstant(auckland.startOfDate('2026-09-28'), '2026-09-28T00:00+13:00');
  });

  it('starts a day whose midnight is skipped at the end of the gap (America/Santiago 2026-09-06 begins at 01:00)', () => {
    const cal = WorkingCalendar.alwaysOpen('America/Santiago');
    expectInstant(cal.startOfDate('2026-09-06'), '2026-09-06T01:00-03:00');
    expect(cal.dateOf(at('2026-09-06T01:00-03:00'))).toBe('2026-09-06');
    expect(cal.dateOf(new Date(at('2026-09-06T01:00-03:00').getTime() - 1))).toBe('2026-09-05');
    // And on the day the clock goes back at midnight, 23:30 the second time is still the old date.
    expectInstant(cal.startOfDate('2026-04-05'), '2026-04-05T00:00-04:00');
    expect(cal.dateOf(at('2026-04-04T23:30-04:00'))).toBe('2026-04-04');
  });

  it('round-trips: dateOf(startOfDate(d)) is d, and the previous millisecond is the day before', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland', 'UTC'];
    const dates = ['2026-01-01', '2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-25', '2026-11-01', '2026-12-31'];
    for (const zone of zones) {
      const cal = WorkingCalendar.alwaysOpen(zone);
      for (const date of dates) {
        const start = cal.startOfDate(date);
        expect(cal.dateOf(start), `${zone} ${date}`).toBe(date);
        const before = cal.dateOf(new Date(start.getTime() - 1));
        expect(before < date, `${zone} ${date}: ${before}`).toBe(true);
      }
    }
  });
});
