import { describe, expect, it } from 'vitest';
import type { KpiWeek } from '../../src/domain/kpi.ts';
import { datesOfWeek, parseIsoWeek, previousWeek, weekContaining } from '../../src/domain/kpi-week.ts';
import { at, expectInstant } from '../support/calendars.ts';

const HOUR = 3_600_000;

function hours(week: KpiWeek): number {
  return (week.end.getTime() - week.start.getTime()) / HOUR;
}

function expectWeek(week: KpiWeek | null, label: string, start: string, end: string, timeZone: string): void {
  expect(week).not.toBeNull();
  expect(week!.label).toBe(label);
  expect(week!.timeZone).toBe(timeZone);
  expectInstant(week!.start, start);
  expectInstant(week!.end, end);
}

describe('weekContaining: Monday 00:00 to Monday 00:00 in the zone', () => {
  // 2026-W47 runs from Monday 16 November to Monday 23 November 2026.
  it.each([
    ['Europe/Berlin', '2026-11-16T00:00+01:00', '2026-11-23T00:00+01:00'],
    ['America/New_York', '2026-11-16T00:00-05:00', '2026-11-23T00:00-05:00'],
    ['Asia/Tokyo', '2026-11-16T00:00+09:00', '2026-11-23T00:00+09:00'],
    ['Pacific/Auckland', '2026-11-16T00:00+13:00', '2026-11-23T00:00+13:00'],
    ['UTC', '2026-11-16T00:00Z', '2026-11-23T00:00Z'],
  ])('2026-W47 in %s', (timeZone, start, end) => {
    // Wednesday noon in the zone is inside the week whatever the zone.
    const wednesdayNoon = new Date(at(start).getTime() + (2 * 24 + 12) * HOUR);
    expectWeek(weekContaining(wednesdayNoon, timeZone), '2026-W47', start, end, timeZone);
    // The first and the last millisecond belong to it; the end belongs to the next week.
    expect(weekContaining(at(start), timeZone).label).toBe('2026-W47');
    expect(weekContaining(new Date(at(end).getTime() - 1), timeZone).label).toBe('2026-W47');
    expect(weekContaining(at(end), timeZone).label).toBe('2026-W48');
    expect(weekContaining(new Date(at(start).getTime() - 1), timeZone).label).toBe('2026-W46');
    expect(hours(weekContaining(wednesdayNoon, timeZone))).toBe(168);
  });

  it('puts the same instant into different weeks in different zones', () => {
    // Sunday 22 Nov 2026 23:30 UTC: Monday morning in Berlin, Tokyo and Auckland, still Sunday in New York.
    const t = at('2026-11-22T23:30Z');
    expect(weekContaining(t, 'UTC').label).toBe('2026-W47');
    expect(weekContaining(t, 'America/New_York').label).toBe('2026-W47');
    expect(weekContaining(t, 'Europe/Berlin').label).toBe('2026-W48');
    expect(weekContaining(t, 'Asia/Tokyo').label).toBe('2026-W48');
    expect(weekContaining(t, 'Pacific/Auckland').label).toBe('2026-W48');
  });

  it('makes the Berlin spring-forward week 167 h long (Sunday 2026-03-29)', () => {
    const week = weekContaining(at('2026-03-29T12:00+02:00'), 'Europe/Berlin');
    expectWeek(week, '2026-W13', '2026-03-23T00:00+01:00', '2026-03-30T00:00+02:00', 'Europe/Berlin');
    expect(hours(week)).toBe(167);
  });

  it('makes the Berlin fall-back week 169 h long (Sunday 2026-10-25)', () => {
    const week = weekContaining(at('2026-10-25T12:00+01:00'), 'Europe/Berlin');
    expectWeek(week, '2026-W43', '2026-10-19T00:00+02:00', '2026-10-26T00:00+01:00', 'Europe/Berlin');
    expect(hours(week)).toBe(169);
    // Both 02:30s of the repeated hour are in the week.
    expect(weekContaining(at('2026-10-25T02:30+02:00'), 'Europe/Berlin').label).toBe('2026-W43');
    expect(weekContaining(at('2026-10-25T02:30+01:00'), 'Europe/Berlin').label).toBe('2026-W43');
  });

  it('handles the New York DST weeks (2026-03-08 and 2026-11-01)', () => {
    const spring = weekContaining(at('2026-03-08T12:00-04:00'), 'America/New_York');
    expectWeek(spring, '2026-W10', '2026-03-02T00:00-05:00', '2026-03-09T00:00-04:00', 'America/New_York');
    expect(hours(spring)).toBe(167);
    const autumn = weekContaining(at('2026-11-01T12:00-05:00'), 'America/New_York');
    expectWeek(autumn, '2026-W44', '2026-10-26T00:00-04:00', '2026-11-02T00:00-05:00', 'America/New_York');
    expect(hours(autumn)).toBe(169);
  });

  it('handles the Auckland DST weeks (southern hemisphere: 2026-04-05 back, 2026-09-27 forward)', () => {
    const autumn = weekContaining(at('2026-04-01T12:00+13:00'), 'Pacific/Auckland');
    expectWeek(autumn, '2026-W14', '2026-03-30T00:00+13:00', '2026-04-06T00:00+12:00', 'Pacific/Auckland');
    expect(hours(autumn)).toBe(169);
    const spring = weekContaining(at('2026-09-23T12:00+12:00'), 'Pacific/Auckland');
    expectWeek(spring, '2026-W39', '2026-09-21T00:00+12:00', '2026-09-28T00:00+13:00', 'Pacific/Auckland');
    expect(hours(spring)).toBe(167);
  });

  it('keeps Tokyo and UTC weeks at 168 h all year', () => {
    for (const t of ['2026-03-29T12:00Z', '2026-10-25T12:00Z', '2026-07-01T00:00Z']) {
      expect(hours(weekContaining(at(t), 'Asia/Tokyo'))).toBe(168);
      expect(hours(weekContaining(at(t), 'UTC'))).toBe(168);
    }
  });

  it('uses the ISO year at year boundaries', () => {
    // 2027-01-01 is a Friday: its week's Thursday is 2026-12-31, so it is 2026-W53.
    expectWeek(weekContaining(at('2027-01-01T12:00+01:00'), 'Europe/Berlin'), '2026-W53', '2026-12-28T00:00+01:00', '2027-01-04T00:00+01:00', 'Europe/Berlin');
    // 2024-12-30 is a Monday whose Thursday is 2025-01-02: 2025-W01.
    expectWeek(weekContaining(at('2024-12-30T12:00Z'), 'UTC'), '2025-W01', '2024-12-30T00:00Z', '2025-01-06T00:00Z', 'UTC');
    expect(weekContaining(at('2024-12-29T23:59:59.999Z'), 'UTC').label).toBe('2024-W52');
    // 2021-01-03 (Sunday) still belongs to 2020-W53.
    expect(weekContaining(at('2021-01-03T12:00Z'), 'UTC').label).toBe('2020-W53');
    expect(weekContaining(at('2021-01-04T00:00Z'), 'UTC').label).toBe('2021-W01');
    // New Year's Eve in Auckland is already 2027 there while UTC is still in 2026.
    expect(weekContaining(at('2027-01-03T12:00Z'), 'Pacific/Auckland').label).toBe('2027-W01'); // Monday 4 Jan 01:00 NZDT
    expect(weekContaining(at('2027-01-03T12:00Z'), 'UTC').label).toBe('2026-W53');
  });

  it('pads single-digit weeks', () => {
    expect(weekContaining(at('2026-02-04T12:00Z'), 'UTC').label).toBe('2026-W06');
  });
});

describe('parseIsoWeek', () => {
  it('parses "2026-W47" into that week in the zone', () => {
    expectWeek(parseIsoWeek('2026-W47', 'Europe/Berlin'), '2026-W47', '2026-11-16T00:00+01:00', '2026-11-23T00:00+01:00', 'Europe/Berlin');
    expectWeek(parseIsoWeek('2026-W47', 'Asia/Tokyo'), '2026-W47', '2026-11-16T00:00+09:00', '2026-11-23T00:00+09:00', 'Asia/Tokyo');
    expectWeek(parseIsoWeek('2026-W47', 'Pacific/Auckland'), '2026-W47', '2026-11-16T00:00+13:00', '2026-11-23T00:00+13:00', 'Pacific/Auckland');
    expectWeek(parseIsoWeek('2026-W47', 'America/New_York'), '2026-W47', '2026-11-16T00:00-05:00', '2026-11-23T00:00-05:00', 'America/New_York');
    expectWeek(parseIsoWeek('2026-W47', 'UTC'), '2026-W47', '2026-11-16T00:00Z', '2026-11-23T00:00Z', 'UTC');
  });

  it.each([
    ['2026-W47', '2026-W47'],
    ['2026w47', '2026-W47'],
    ['2026W47', '2026-W47'],
    ['2026-w47', '2026-W47'],
    ['2026W5', '2026-W05'],
    ['2026-W05', '2026-W05'],
    [' 2026-W47 ', '2026-W47'],
    ['2026-W01', '2026-W01'],
    ['2026-W53', '2026-W53'],
    ['2020-W53', '2020-W53'],
  ])('accepts %j as %s', (text, label) => {
    expect(parseIsoWeek(text, 'UTC')?.label).toBe(label);
  });

  it.each(['2026-W00', '2026-W54', '2026-W99', 'W47', '47', '', '2026', '2026-47', '26-W47', '2026-W047', '2026-W4x', '2026--W47', 'x2026-W47'])(
    'rejects %j',
    (text) => {
      expect(parseIsoWeek(text, 'Europe/Berlin')).toBeNull();
    },
  );

  it('knows which years have a week 53', () => {
    expect(parseIsoWeek('2025-W53', 'UTC')).toBeNull(); // 2025 starts on a Wednesday: 52 weeks
    expect(parseIsoWeek('2027-W53', 'UTC')).toBeNull();
    expect(parseIsoWeek('2025-W52', 'UTC')?.label).toBe('2025-W52');
    expectWeek(parseIsoWeek('2026-W53', 'UTC'), '2026-W53', '2026-12-28T00:00Z', '2027-01-04T00:00Z', 'UTC');
    expectWeek(parseIsoWeek('2020-W53', 'UTC'), '2020-W53', '2020-12-28T00:00Z', '2021-01-04T00:00Z', 'UTC');
  });

  it('puts week 1 around January 4th, even when it starts in December', () => {
    expectWeek(parseIsoWeek('2025-W01', 'UTC'), '2025-W01', '2024-12-30T00:00Z', '2025-01-06T00:00Z', 'UTC');
    expectWeek(parseIsoWeek('2026-W01', 'Europe/Berlin'), '2026-W01', '2025-12-29T00:00+01:00', '2026-01-05T00:00+01:00', 'Europe/Berlin');
    expectWeek(parseIsoWeek('2027-W01', 'UTC'), '2027-W01', '2027-01-04T00:00Z', '2027-01-11T00:00Z', 'UTC');
  });

  it('gives the DST weeks their real length', () => {
    expect(hours(parseIsoWeek('2026-W13', 'Europe/Berlin')!)).toBe(167);
    expect(hours(parseIsoWeek('2026-W43', 'Europe/Berlin')!)).toBe(169);
    expect(hours(parseIsoWeek('2026-W13', 'UTC')!)).toBe(168);
  });

  it('round-trips with weekContaining', () => {
    for (const timeZone of ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland', 'UTC']) {
      for (const label of ['2025-W01', '2026-W01', '2026-W13', '2026-W43', '2026-W53', '2027-W01']) {
        const week = parseIsoWeek(label, timeZone)!;
        expect(weekContaining(week.start, timeZone)).toEqual(week);
        expect(weekContaining(new Date(week.end.getTime() - 1), timeZone)).toEqual(week);
      }
    }
  });
});

describe('previousWeek', () => {
  it('steps back one week in the same zone', () => {
    const week = parseIsoWeek('2026-W47', 'Asia/Tokyo')!;
    expectWeek(previousWeek(week), '2026-W46', '2026-11-09T00:00+09:00', '2026-11-16T00:00+09:00', 'Asia/Tokyo');
    expect(previousWeek(week).end).toEqual(week.start);
  });

  it('crosses year boundaries', () => {
    expect(previousWeek(parseIsoWeek('2027-W01', 'Europe/Berlin')!).label).toBe('2026-W53');
    expect(previousWeek(parseIsoWeek('2026-W01', 'Europe/Berlin')!).label).toBe('2025-W52');
    expect(previousWeek(parseIsoWeek('2025-W01', 'UTC')!).label).toBe('2024-W52');
    expectWeek(previousWeek(parseIsoWeek('2026-W01', 'Pacific/Auckland')!), '2025-W52', '2025-12-22T00:00+13:00', '2025-12-29T00:00+13:00', 'Pacific/Auckland');
  });

  it('crosses DST changes', () => {
    // 2026-W14 in Berlin starts in summer time; 2026-W13 holds the change.
    const week = previousWeek(parseIsoWeek('2026-W14', 'Europe/Berlin')!);
    expectWeek(week, '2026-W13', '2026-03-23T00:00+01:00', '2026-03-30T00:00+02:00', 'Europe/Berlin');
    const autumn = previousWeek(parseIsoWeek('2026-W44', 'Europe/Berlin')!);
    expectWeek(autumn, '2026-W43', '2026-10-19T00:00+02:00', '2026-10-26T00:00+01:00', 'Europe/Berlin');
  });

  it('chains without gaps over a whole year', () => {
    let week = parseIsoWeek('2027-W01', 'America/New_York')!;
    for (let i = 0; i < 53; i++) {
      const before = previousWeek(week);
      expect(before.end).toEqual(week.start);
      week = before;
    }
    expect(week.label).toBe('2026-W01');
  });
});

describe('datesOfWeek', () => {
  it('gives the seven local dates, Monday first', () => {
    expect(datesOfWeek(parseIsoWeek('2026-W47', 'Europe/Berlin')!)).toEqual([
      '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22',
    ]);
  });

  it('gives the local dates, not the UTC dates, in zones far from UTC', () => {
    // The week starts on 15 Nov in UTC terms for Auckland and Tokyo, and on 16 Nov 05:00Z for New York.
    for (const timeZone of ['Pacific/Auckland', 'Asia/Tokyo', 'America/New_York', 'UTC']) {
      const dates = datesOfWeek(parseIsoWeek('2026-W47', timeZone)!);
      expect(dates).toHaveLength(7);
      expect(dates[0]).toBe('2026-11-16');
      expect(dates[6]).toBe('2026-11-22');
    }
  });

  it('runs across month and year ends', () => {
    expect(datesOfWeek(parseIsoWeek('2026-W53', 'Pacific/Auckland')!)).toEqual([
      '2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03',
    ]);
    expect(datesOfWeek(parseIsoWeek('2025-W01', 'America/New_York')!)).toEqual([
      '2024-12-30', '2024-12-31', '2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05',
    ]);
  });

  it('has seven dates in the short and long DST weeks', () => {
    expect(datesOfWeek(parseIsoWeek('2026-W13', 'Europe/Berlin')!)).toEqual([
      '2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29',
    ]);
    expect(datesOfWeek(parseIsoWeek('2026-W43', 'Europe/Berlin')!)).toEqual([
      '2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25',
    ]);
  });
});
