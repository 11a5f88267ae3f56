import { describe, expect, it } from 'vitest';
import { type WeeklyHours, type WorkingCalendarSpec, WorkingCalendar } from '../../src/domain/working-calendar.ts';
import { OFFICE_WEEK } from '../support/calendars.ts';
import { mulberry32 } from '../support/seeded-random.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Instants are written with their local offset, e.g. '2026-03-02T09:00+01:00' (a Monday in Berlin). */
const at = (iso: string) => new Date(iso);
/** Compares as ISO strings so a failure shows both instants readably. */
function expectInstant(actual: Date | null | undefined, iso: string): void {
  expect(actual?.toISOString()).toBe(new Date(iso).toISOString());
}
function expectPeriod(period: { start: Date; end: Date } | null, start: string, end: string): void {
  expect(period).not.toBeNull();
  expectInstant(period!.start, start);
  expectInstant(period!.end, end);
}

const OFFICE: WeeklyHours = { ...OFFICE_WEEK, sat: [['10:00', '14:00']] };
const EVERY_DAY = (periods: [string, string][]): WeeklyHours =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, periods]));
const NIGHT_SHIFT = EVERY_DAY([['00:00', '06:00'], ['22:00', '24:00']]);

describe('WorkingCalendar: Europe/Berlin office hours (Mon–Fri 08–18, Sat 10–14)', () => {
  // Week of Monday 2026-03-02 (CET, +01:00).
  const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE });

  it('adds within the same day', () => {
    expectInstant(cal.add(at('2026-03-02T09:00+01:00'), 2 * HOUR), '2026-03-02T11:00+01:00');
    expectInstant(cal.add(at('2026-03-02T09:17:42+01:00'), 30 * MINUTE), '2026-03-02T09:47:42+01:00');
  });

  it('carries the remainder over the evening into the next morning', () => {
    expectInstant(cal.add(at('2026-03-02T17:00+01:00'), 3 * HOUR), '2026-03-03T10:00+01:00');
  });

  it('goes from Friday evening to Saturday 10:00 plus the remainder', () => {
    expectInstant(cal.add(at('2026-03-06T17:00+01:00'), 2 * HOUR), '2026-03-07T11:00+01:00');
  });

  it('goes from Saturday afternoon to Monday 08:00', () => {
    expectInstant(cal.add(at('2026-03-07T15:00+01:00'), 30 * MINUTE), '2026-03-09T08:30+01:00');
    expectInstant(cal.add(at('2026-03-07T13:00+01:00'), 2 * HOUR), '2026-03-09T09:00+01:00');
  });

  it('starts counting at the next period start when a comment arrives outside hours', () => {
    expectInstant(cal.add(at('2026-03-03T02:00+01:00'), 30 * MINUTE), '2026-03-03T08:30+01:00'); // night
    expectInstant(cal.add(at('2026-03-08T12:00+01:00'), 30 * MINUTE), '2026-03-09T08:30+01:00'); // Sunday
    expectInstant(cal.add(at('2026-03-02T18:00+01:00'), 30 * MINUTE), '2026-03-03T08:30+01:00'); // at closing time
  });

  it('returns the period end (not the next start) when the amount ends exactly there', () => {
    expectInstant(cal.add(at('2026-03-02T16:00+01:00'), 2 * HOUR), '2026-03-02T18:00+01:00');
    expectInstant(cal.add(at('2026-03-06T08:00+01:00'), 14 * HOUR), '2026-03-07T14:00+01:00');
  });

  it('adds several days at once', () => {
    // Mon 09:00 + 5 working days of 10 h = 46 h Mon–Fri + 4 h Sat → Monday 09:00 next week.
    expectInstant(cal.add(at('2026-03-02T09:00+01:00'), 54 * HOUR), '2026-03-09T09:00+01:00');
  });

  it('measures working time across a weekend, signed', () => {
    const friday = at('2026-03-06T16:00+01:00');
    const monday = at('2026-03-09T10:00+01:00');
    expect(cal.between(friday, monday)).toBe(8 * HOUR); // 2 h Fri + 4 h Sat + 2 h Mon
    expect(cal.between(monday, friday)).toBe(-8 * HOUR);
    expect(cal.between(friday, friday)).toBe(0);
    expect(Object.is(cal.between(at('2026-03-08T10:00+01:00'), at('2026-03-08T09:00+01:00')), 0)).toBe(true); // not -0
  });

  it('subtracts working time with a negative amount (latest instant)', () => {
    expectInstant(cal.add(at('2026-03-09T09:00+01:00'), -2 * HOUR), '2026-03-07T13:00+01:00');
    expectInstant(cal.add(at('2026-03-09T08:00+01:00'), -4 * HOUR), '2026-03-07T10:00+01:00');
    expectInstant(cal.add(at('2026-03-09T10:00+01:00'), -2 * HOUR), '2026-03-09T08:00+01:00');
    expectInstant(cal.add(at('2026-03-08T12:00+01:00'), -30 * MINUTE), '2026-03-07T13:30+01:00');
  });

  it('returns the same time value for a zero amount, even outside hours', () => {
    const sunday = at('2026-03-08T12:00+01:00');
    expect(cal.add(sunday, 0).getTime()).toBe(sunday.getTime());
  });

  it('answers isWorking, periodAt and nextPeriodStart', () => {
    expect(cal.isWorking(at('2026-03-02T08:00+01:00'))).toBe(true);
    expect(cal.isWorking(at('2026-03-02T17:59:59.999+01:00'))).toBe(true);
    expect(cal.isWorking(at('2026-03-02T18:00+01:00'))).toBe(false);
    expect(cal.isWorking(at('2026-03-08T12:00+01:00'))).toBe(false);
    expectPeriod(cal.periodAt(at('2026-03-07T12:00+01:00')), '2026-03-07T10:00+01:00', '2026-03-07T14:00+01:00');
    expect(cal.periodAt(at('2026-03-07T14:00+01:00'))).toBeNull();
    expectInstant(cal.nextPeriodStart(at('2026-03-07T15:00+01:00')), '2026-03-09T08:00+01:00');
    expectInstant(cal.nextPeriodStart(at('2026-03-09T08:00+01:00')), '2026-03-09T08:00+01:00'); // at a start: that start
    expectInstant(cal.nextPeriodStart(at('2026-03-09T08:00:00.001+01:00')), '2026-03-10T08:00+01:00'); // inside: the next one
  });

  it('uses summer time (+02:00) in July', () => {
    expectInstant(cal.add(at('2026-07-06T17:30+02:00'), HOUR), '2026-07-07T08:30+02:00');
    expect(cal.isWorking(at('2026-07-06T06:30Z'))).toBe(true); // 08:30 CEST
  });
});

describe('WorkingCalendar: holidays', () => {
  const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE, holidays: ['2026-05-01', '12-25', '12-26'] });

  it('skips a single dated holiday (Friday 2026-05-01)', () => {
    expectInstant(cal.add(at('2026-04-30T17:30+02:00'), HOUR), '2026-05-02T10:30+02:00');
    expect(cal.isWorking(at('2026-05-01T12:00+02:00'))).toBe(false);
    expect(cal.isWorking(at('2027-04-30T12:00+02:00'))).toBe(true); // Friday 2027-04-30 is a normal day
    expect(cal.between(at('2026-04-30T00:00+02:00'), at('2026-05-03T00:00+02:00'))).toBe(14 * HOUR);
  });

  it('skips Christmas on Friday and Saturday in 2026', () => {
    expectInstant(cal.add(at('2026-12-24T17:00+01:00'), 2 * HOUR), '2026-12-28T09:00+01:00');
    expect(cal.between(at('2026-12-24T00:00+01:00'), at('2026-12-29T00:00+01:00'))).toBe(20 * HOUR);
    expectInstant(cal.nextPeriodStart(at('2026-12-24T18:00+01:00')), '2026-12-28T08:00+01:00');
  });

  it('repeats MM-DD holidays every year', () => {
    expect(cal.isWorking(at('2027-12-25T11:00+01:00'))).toBe(false); // a Saturday
    expect(cal.isWorking(at('2028-12-25T11:00+01:00'))).toBe(false); // a Monday
    expect(cal.isWorking(at('2028-12-27T11:00+01:00'))).toBe(true);
  });

  it('keeps the part of a night shift before midnight on the eve, drops the holiday itself', () => {
    const night = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: NIGHT_SHIFT, holidays: ['12-25'] });
    expectPeriod(night.periodAt(at('2026-12-24T23:00+01:00')), '2026-12-24T22:00+01:00', '2026-12-25T00:00+01:00');
    expect(night.isWorking(at('2026-12-25T03:00+01:00'))).toBe(false);
    expect(night.isWorking(at('2026-12-25T23:00+01:00'))).toBe(false);
    expectInstant(night.nextPeriodStart(at('2026-12-25T00:00+01:00')), '2026-12-26T00:00+01:00');
    expect(night.between(at('2026-12-24T12:00+01:00'), at('2026-12-26T12:00+01:00'))).toBe(8 * HOUR);
  });

  it('throws instead of searching forever when there is no working time', () => {
    const allHolidays: string[] = [];
    for (let d = Date.UTC(2000, 0, 1); d < Date.UTC(2001, 0, 1); d += DAY) allHolidays.push(new Date(d).toISOString().slice(5, 10));
    const never = new WorkingCalendar({ timeZone: 'UTC', weekly: OFFICE, holidays: allHolidays });
    expect(() => never.add(at('2026-01-05T09:00Z'), HOUR)).toThrow(/no working time within ~3 years/);
    expect(() => never.add(at('2026-01-05T09:00Z'), -HOUR)).toThrow(/no working time within ~3 years/);
    expect(() => never.nextPeriodStart(at('2026-01-05T09:00Z'))).toThrow(/~3 years/);
    expect(never.between(at('2026-01-01T00:00Z'), at('2027-01-01T00:00Z'))).toBe(0);
  });
});

describe('WorkingCalendar: daylight saving time', () => {
  describe('Europe/Berlin (2026-03-29 spring forward 02:00→03:00, 2026-10-25 fall back 03:00→02:00)', () => {
    it('a 24/7 calendar has 23 h on the spring day and 25 h on the autumn day', () => {
      const cal = WorkingCalendar.alwaysOpen('Europe/Berlin');
      expect(cal.between(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(23 * HOUR);
      expect(cal.between(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(25 * HOUR);
      expectInstant(cal.add(at('2026-03-28T12:00+01:00'), 24 * HOUR), '2026-03-29T13:00+02:00');
      expect(cal.isWorking(at('2026-03-29T01:30Z'))).toBe(true);
    });

    it('periods "00:00"-"24:00" follow the local day length', () => {
      const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: { sun: [['00:00', '24:00']] } });
      expectPeriod(cal.periodAt(at('2026-03-29T12:00+02:00')), '2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00');
      expectPeriod(cal.periodAt(at('2026-10-25T12:00+01:00')), '2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00');
      expect(cal.between(at('2026-03-28T00:00+01:00'), at('2026-03-31T00:00+02:00'))).toBe(23 * HOUR);
      expect(cal.between(at('2026-10-24T00:00+02:00'), at('2026-10-27T00:00+01:00'))).toBe(25 * HOUR);
      // Adding a full wall-clock day's worth lands at the end of that local Sunday.
      expectInstant(cal.add(at('2026-03-28T12:00+01:00'), 23 * HOUR), '2026-03-30T00:00+02:00');
    });

    it('a night shift "22:00"-"06:00" has 7 h in the spring night and 9 h in the autumn night', () => {
      const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: NIGHT_SHIFT });
      expectPeriod(cal.periodAt(at('2026-03-29T03:30+02:00')), '2026-03-28T22:00+01:00', '2026-03-29T06:00+02:00');
      expectPeriod(cal.periodAt(at('2026-10-25T02:30+01:00')), '2026-10-24T22:00+02:00', '2026-10-25T06:00+01:00');
      expect(cal.between(at('2026-03-28T12:00+01:00'), at('2026-03-29T12:00+02:00'))).toBe(7 * HOUR);
      expect(cal.between(at('2026-10-24T12:00+02:00'), at('2026-10-25T12:00+01:00'))).toBe(9 * HOUR);
      expectInstant(cal.add(at('2026-03-28T22:00+01:00'), 5 * HOUR), '2026-03-29T04:00+02:00');
      expectInstant(cal.add(at('2026-10-24T22:00+02:00'), 5 * HOUR), '2026-10-25T02:00+01:00');
    });

    it('a period "02:00"-"04:00" lasts 1 h in spring and 3 h in autumn', () => {
      const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: EVERY_DAY([['02:00', '04:00']]) });
      expectPeriod(cal.periodAt(at('2026-03-29T03:30+02:00')), '2026-03-29T03:00+02:00', '2026-03-29T04:00+02:00');
      expectPeriod(cal.periodAt(at('2026-10-25T02:30+01:00')), '2026-10-25T02:00+02:00', '2026-10-25T04:00+01:00');
      expect(cal.between(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(HOUR);
      expect(cal.between(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(3 * HOUR);
      expectInstant(cal.add(at('2026-03-28T03:30+01:00'), HOUR), '2026-03-29T03:30+02:00');
    });

    it('maps a non-existent start forward by the gap and a repeated one to the earlier instant', () => {
      const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: { sun: [['02:30', '05:00']] } });
      expectPeriod(cal.periodAt(at('2026-03-29T04:00+02:00')), '2026-03-29T01:30Z', '2026-03-29T05:00+02:00');
      expectPeriod(cal.periodAt(at('2026-10-25T04:00+01:00')), '2026-10-25T02:30+02:00', '2026-10-25T05:00+01:00');
    });

    it('a period entirely inside the spring gap is empty', () => {
      const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: { sun: [['02:15', '02:45']] } });
      expect(cal.between(at('2026-03-29T00:00+01:00'), at('2026-03-30T00:00+02:00'))).toBe(0);
      expectInstant(cal.nextPeriodStart(at('2026-03-28T12:00+01:00')), '2026-04-05T02:15+02:00');
      expect(cal.between(at('2026-10-25T00:00+02:00'), at('2026-10-26T00:00+01:00'))).toBe(30 * MINUTE);
    });

    it('office hours before and after the change are unaffected', () => {
      const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE });
      expectInstant(cal.add(at('2026-03-27T17:00+01:00'), 3 * HOUR), '2026-03-28T12:00+01:00');
      expectInstant(cal.add(at('2026-03-28T13:00+01:00'), 2 * HOUR), '2026-03-30T09:00+02:00');
      expect(cal.between(at('2026-10-23T17:00+02:00'), at('2026-10-26T09:00+01:00'))).toBe(6 * HOUR);
    });
  });

  describe('UTC', () => {
    it('has no DST and plain 24 h days', () => {
      const cal = new WorkingCalendar({ timeZone: 'UTC', weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']] } });
      expectInstant(cal.add(at('2026-03-30T16:00Z'), 2 * HOUR), '2026-03-31T10:00Z');
      expectInstant(cal.add(at('2026-03-31T16:00Z'), 2 * HOUR), '2026-04-06T10:00Z');
      expect(cal.between(at('2026-03-29T00:00Z'), at('2026-03-30T00:00Z'))).toBe(0);
      expect(WorkingCalendar.alwaysOpen().timeZone).toBe('UTC');
      expect(WorkingCalendar.alwaysOpen().between(at('2026-10-25T00:00Z'), at('2026-10-26T00:00Z'))).toBe(DAY);
    });
  });

  describe('America/New_York (2026-03-08 spring forward, 2026-11-01 fall back)', () => {
    const office = new WorkingCalendar({ timeZone: 'America/New_York', weekly: { mon: [['09:00', '17:00']], fri: [['09:00', '17:00']] } });

    it('office hours move with the local clock', () => {
      expectInstant(office.add(at('2026-03-06T16:00-05:00'), 2 * HOUR), '2026-03-09T10:00-04:00');
      expectInstant(office.add(at('2026-10-30T16:00-04:00'), 2 * HOUR), '2026-11-02T10:00-05:00');
    });

    it('local days have 23 h and 25 h', () => {
      const cal = new WorkingCalendar({ timeZone: 'America/New_York', weekly: EVERY_DAY([['00:00', '24:00']]) });
      expectPeriod(cal.periodAt(at('2026-03-08T12:00-04:00')), '2026-01-01T00:00-05:00', '2027-01-01T00:00-05:00');
      const spring = new WorkingCalendar({ timeZone: 'America/New_York', weekly: { sun: [['00:00', '24:00']] } });
      expect(spring.between(at('2026-03-07T00:00-05:00'), at('2026-03-10T00:00-04:00'))).toBe(23 * HOUR);
      expect(spring.between(at('2026-10-31T00:00-04:00'), at('2026-11-03T00:00-05:00'))).toBe(25 * HOUR);
    });

    it('a period "01:00"-"03:00" lasts 1 h in spring and 3 h in autumn', () => {
      const cal = new WorkingCalendar({ timeZone: 'America/New_York', weekly: { sun: [['01:00', '03:00']] } });
      expectPeriod(cal.periodAt(at('2026-03-08T01:30-05:00')), '2026-03-08T01:00-05:00', '2026-03-08T03:00-04:00');
      expect(cal.between(at('2026-03-08T00:00-05:00'), at('2026-03-09T00:00-04:00'))).toBe(HOUR);
      expectPeriod(cal.periodAt(at('2026-11-01T01:30-05:00')), '2026-11-01T01:00-04:00', '2026-11-01T03:00-05:00');
      expect(cal.between(at('2026-11-01T00:00-04:00'), at('2026-11-02T00:00-05:00'))).toBe(3 * HOUR);
    });
  });

  it('Asia/Kolkata uses its half-hour offset', () => {
    const cal = new WorkingCalendar({ timeZone: 'Asia/Kolkata', weekly: OFFICE });
    expectInstant(cal.add(at('2026-03-06T17:30+05:30'), HOUR), '2026-03-07T10:30+05:30');
    expect(cal.isWorking(at('2026-03-02T02:30Z'))).toBe(true); // 08:00 IST
  });
});

describe('WorkingCalendar: merged periods', () => {
  it('merges overlapping and touching periods on one day and across midnight', () => {
    const cal = new WorkingCalendar({
      timeZone: 'Europe/Berlin',
      weekly: { mon: [['12:00', '14:00'], ['08:00', '12:00'], ['13:00', '15:00'], ['22:00', '24:00']], tue: [['00:00', '06:00']] },
    });
    expectPeriod(cal.periodAt(at('2026-03-02T13:30+01:00')), '2026-03-02T08:00+01:00', '2026-03-02T15:00+01:00');
    expectPeriod(cal.periodAt(at('2026-03-03T01:00+01:00')), '2026-03-02T22:00+01:00', '2026-03-03T06:00+01:00');
    expectInstant(cal.nextPeriodStart(at('2026-03-02T23:00+01:00')), '2026-03-09T08:00+01:00');
    expectInstant(cal.nextPeriodStart(at('2026-03-02T15:00+01:00')), '2026-03-02T22:00+01:00');
    expectInstant(cal.add(at('2026-03-02T23:00+01:00'), HOUR), '2026-03-03T00:00+01:00'); // exact end of Monday's part
  });

  it('gives an around-the-clock calendar one period per local year', () => {
    const cal = WorkingCalendar.alwaysOpen('Europe/Berlin');
    expectPeriod(cal.periodAt(at('2026-06-15T12:00+02:00')), '2026-01-01T00:00+01:00', '2027-01-01T00:00+01:00');
    expectInstant(cal.nextPeriodStart(at('2026-06-15T12:00+02:00')), '2027-01-01T00:00+01:00');
  });
});

describe('WorkingCalendar: spec validation', () => {
  const make = (spec: Partial<WorkingCalendarSpec>) => () => new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE, ...spec });

  it('rejects weekly hours without any working time', () => {
    expect(make({ weekly: {} })).toThrow(/no working time/);
    expect(make({ weekly: { mon: [] } })).toThrow(/no working time/);
  });

  it('rejects a period that does not start before it ends', () => {
    expect(make({ weekly: { mon: [['18:00', '08:00']] } })).toThrow(/"18:00"-"08:00" on mon must start before it ends/);
    expect(make({ weekly: { mon: [['08:00', '08:00']] } })).toThrow(/must start before it ends/);
  });

  it('rejects malformed times', () => {
    expect(make({ weekly: { mon: [['08:00', '25:00']] } })).toThrow(/malformed time "25:00" on mon/);
    expect(make({ weekly: { mon: [['8:00', '12:00']] } })).toThrow(/malformed time "8:00"/);
    expect(make({ weekly: { mon: [['08:60', '12:00']] } })).toThrow(/malformed time/);
    expect(make({ weekly: { mon: [['24:01', '24:30']] } })).toThrow(/malformed time/);
    expect(make({ weekly: { mon: [['08:00']] as unknown as [string, string][] } })).toThrow(/must be \["HH:MM", "HH:MM"\]/);
  });

  it('rejects malformed holidays', () => {
    expect(make({ holidays: ['2026-13-01'] })).toThrow(/malformed holiday "2026-13-01"/);
    expect(make({ holidays: ['12/25'] })).toThrow(/malformed holiday "12\/25"/);
    expect(make({ holidays: ['02-30'] })).toThrow(/malformed holiday/);
    expect(make({ holidays: ['2026-02-29'] })).toThrow(/malformed holiday/);
    expect(make({ holidays: ['02-29', '2028-02-29'] })).not.toThrow();
  });

  it('rejects unknown weekdays and time zones', () => {
    expect(make({ weekly: { monday: [['08:00', '12:00']] } as WeeklyHours })).toThrow(/unknown weekday "monday"/);
    expect(make({ timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone "Mars\/Olympus"/);
  });

  it('rejects invalid dates and amounts', () => {
    const cal = new WorkingCalendar({ timeZone: 'UTC', weekly: OFFICE });
    expect(() => cal.add(new Date(Number.NaN), HOUR)).toThrow(/invalid Date/);
    expect(() => cal.add(at('2026-03-02T09:00Z'), Number.NaN)).toThrow(/cannot add NaN/);
  });
});

describe('WorkingCalendar.workingDayMs', () => {
  it('is the most common day length', () => {
    expect(new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE }).workingDayMs()).toBe(10 * HOUR);
    expect(new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: NIGHT_SHIFT }).workingDayMs()).toBe(8 * HOUR);
  });

  it('is 24 h for 24/7', () => {
    expect(WorkingCalendar.alwaysOpen('Europe/Berlin').workingDayMs()).toBe(DAY);
  });

  it('prefers the longest length on a tie and merges overlaps', () => {
    const cal = new WorkingCalendar({
      timeZone: 'UTC',
      weekly: { mon: [['08:00', '14:00']], tue: [['08:00', '12:00'], ['10:00', '16:00']], wed: [['09:00', '15:00'], ['15:00', '17:00']] },
    });
    expect(cal.workingDayMs()).toBe(8 * HOUR); // 6 h once, 8 h twice
    const tie = new WorkingCalendar({ timeZone: 'UTC', weekly: { mon: [['08:00', '14:00']], tue: [['08:00', '16:00']] } });
    expect(tie.workingDayMs()).toBe(8 * HOUR);
  });
});

// ---------------------------------------------------------------------------------------------
// Property-style tests over random calendars and instants around DST changes.

const SEED = 0x5eed_2026;


type Random = () => number;
const int = (rand: Random, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const ZONES = ['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata'] as const;
/** DST changes (and a New Year) that random instants cluster around. */
const ANCHORS = ['2026-03-29T01:00Z', '2026-10-25T01:00Z', '2026-03-08T07:00Z', '2026-11-01T06:00Z', '2026-12-31T23:00Z'].map(Date.parse);
const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function randomPeriod(rand: Random): [string, string] {
  switch (int(rand, 0, 5)) {
    case 0: return pick(rand, [['00:00', '24:00'], ['00:00', '06:00'], ['22:00', '24:00']] as [string, string][]);
    case 1: return pick(rand, [['01:00', '03:00'], ['02:00', '04:00'], ['02:15', '02:45'], ['02:30', '05:00'], ['01:30', '02:30']] as [string, string][]);
    default: {
      const start = int(rand, 0, 95) * 15;
      return [hhmm(start), hhmm(start + int(rand, 1, 96 - start / 15) * 15)];
    }
  }
}

function randomSpec(rand: Random): WorkingCalendarSpec {
  const timeZone = pick(rand, ZONES);
  const holidays: string[] = [];
  for (let n = int(rand, 0, 4); n > 0; n--) {
    const date = new Date(pick(rand, ANCHORS) + int(rand, -3, 3) * DAY).toISOString();
    holidays.push(rand() < 0.5 ? date.slice(0, 10) : date.slice(5, 10));
  }
  if (rand() < 0.1) return { timeZone, weekly: null, holidays };
  const weekly: WeeklyHours = {};
  const density = rand();
  for (const day of WEEKDAY_KEYS) {
    if (rand() > density) continue;
    weekly[day] = Array.from({ length: int(rand, 1, 3) }, () => randomPeriod(rand));
  }
  if (Object.keys(weekly).length === 0) weekly.wed = [randomPeriod(rand)];
  return { timeZone, weekly, holidays };
}

interface Case {
  cal: WorkingCalendar;
  t: Date;
  a: number;
  b: number;
  /** Seed, case number and inputs, for the failure message. */
  label: string;
}

/** Runs `check` on `count` random cases; a fresh random calendar every 8 cases. */
function forRandomCases(name: string, count: number, check: (c: Case) => void): void {
  const rand = mulberry32(SEED);
  let spec = randomSpec(rand);
  let cal = new WorkingCalendar(spec);
  for (let i = 0; i < count; i++) {
    if (i % 8 === 0) {
      spec = randomSpec(rand);
      cal = new WorkingCalendar(spec);
    }
    const unit = rand() < 0.5 ? MINUTE : 1000;
    const t = new Date(Math.floor((pick(rand, ANCHORS) + (rand() - 0.5) * 8 * DAY) / unit) * unit);
    // Up to 14 typical working days (two weeks for 24/7), so sparse calendars do not span decades.
    const maxUnits = Math.floor((14 * cal.workingDayMs()) / unit);
    const amount = () => (rand() < 0.2 ? int(rand, 0, 4) * 15 * MINUTE : int(rand, 0, maxUnits) * unit);
    const a = amount(), b = amount();
    const label = `${name}: seed ${SEED}, case ${i}, t=${t.toISOString()}, a=${a}, b=${b}, spec=${JSON.stringify(spec)}`;
    check({ cal, t, a, b, label });
  }
}

const CASES = 3_000;

describe('WorkingCalendar: properties (seeded random calendars around DST changes)', () => {
  it('add(t, a + b) === add(add(t, a), b)', () => {
    forRandomCases('associativity', CASES, ({ cal, t, a, b, label }) => {
      expect(cal.add(t, a + b).getTime(), label).toBe(cal.add(cal.add(t, a), b).getTime());
    });
  });

  it('between(t, add(t, a)) === a, and add returns the earliest such instant', () => {
    forRandomCases('inverse', CASES, ({ cal, t, a, label }) => {
      const x = cal.add(t, a);
      expect(cal.between(t, x), label).toBe(a);
      expect(x.getTime(), label).toBeGreaterThanOrEqual(t.getTime());
      if (a > 0) expect(cal.isWorking(new Date(x.getTime() - 1)), label).toBe(true);
    });
  });

  it('between is additive: between(a, c) === between(a, b) + between(b, c), and antisymmetric', () => {
    forRandomCases('additivity', CASES, ({ cal, t, a, b, label }) => {
      const p = t, q = new Date(t.getTime() + a - 7 * DAY), r = new Date(t.getTime() + b - 3 * DAY);
      expect(cal.between(p, r), label).toBe(cal.between(p, q) + cal.between(q, r));
      expect(cal.between(r, p), label).toBe(-cal.between(p, r) || 0);
    });
  });

  it('add is monotonic in the amount', () => {
    forRandomCases('monotonic', CASES, ({ cal, t, a, b, label }) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(cal.add(t, lo).getTime(), label).toBeLessThanOrEqual(cal.add(t, hi).getTime());
      expect(cal.add(t, -hi).getTime(), label).toBeLessThanOrEqual(cal.add(t, -lo).getTime());
    });
  });

  it('isWorking, periodAt and nextPeriodStart agree with between', () => {
    forRandomCases('periods', CASES, ({ cal, t, label }) => {
      const working = cal.isWorking(t);
      expect(cal.between(t, new Date(t.getTime() + 1)), label).toBe(working ? 1 : 0);
      const period = cal.periodAt(t);
      expect(period !== null, label).toBe(working);
      if (period) {
        const { start, end } = period;
        expect(start.getTime() <= t.getTime() && t.getTime() < end.getTime(), label).toBe(true);
        expect(cal.between(start, end), label).toBe(end.getTime() - start.getTime());
        // Maximal: the instant before is outside, or belongs to a period that ends exactly here (the New Year cut).
        expect(cal.periodAt(new Date(start.getTime() - 1))?.end.getTime() ?? start.getTime(), label).toBe(start.getTime());
        expect(cal.periodAt(end)?.start.getTime() ?? end.getTime(), label).toBe(end.getTime());
        expect(cal.nextPeriodStart(t).getTime(), label).toBeGreaterThanOrEqual(end.getTime());
      } else {
        const next = cal.nextPeriodStart(t);
        expect(cal.between(t, next), label).toBe(0);
        expect(cal.periodAt(next)?.start.getTime(), label).toBe(next.getTime());
      }
    });
  });

  it('add(add(t, a), -a) === t for working t; outside hours it returns the next period start', () => {
    forRandomCases('round trip', CASES, ({ cal, t, a, label }) => {
      if (a === 0) return;
      const back = cal.add(cal.add(t, a), -a);
      const expected = cal.isWorking(t) ? t : cal.nextPeriodStart(t);
      expect(back.getTime(), label).toBe(expected.getTime());
      const x = cal.add(t, -a);
      expect(cal.between(x, t), label).toBe(a);
    });
  });
});

describe('WorkingCalendar: speed (informational, no assertion on time)', () => {
  it('adds and measures thousands of due times', () => {
    const cal = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE, holidays: ['12-25', '12-26'] });
    const rand = mulberry32(SEED);
    const base = Date.parse('2026-03-20T00:00Z');
    const inputs = Array.from({ length: 20_000 }, () => [new Date(base + Math.floor(rand() * 21 * DAY)), int(rand, 1, 3 * 10 * 60) * MINUTE] as const);
    for (const [t, ms] of inputs) cal.between(t, cal.add(t, ms)); // warm-up
    const started = performance.now();
    let check = 0;
    for (const [t, ms] of inputs) check += cal.between(t, cal.add(t, ms)) - ms;
    const micros = ((performance.now() - started) * 1000) / (2 * inputs.length);
    console.log(`WorkingCalendar: ~${micros.toFixed(2)} µs per add()/between() call`);
    expect(check).toBe(0);
  });
});
