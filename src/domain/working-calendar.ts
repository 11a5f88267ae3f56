/**
 * Working-time calendar ("domain clock") for one team: adds working time to an instant and measures
 * the working time between two instants. Pure: uses only the JS built-ins (Intl for time zones).
 *
 * Model. Every local date D owns the working intervals listed for its weekday, converted to instants
 * and clipped to the local day [D 00:00, D+1 00:00). Within a day the intervals are merged; across
 * midnight they touch, so `periodAt` merges them into one period. Days are computed lazily and cached.
 *
 * Daylight saving. A local wall time is converted to an instant like Temporal's "compatible" rule:
 *  - a wall time that does not exist (spring-forward gap, 02:30 on 2026-03-29 in Europe/Berlin) moves
 *    forward by the gap (→ 03:30 CEST = 01:30Z);
 *  - a wall time that occurs twice (autumn, 02:30 on 2026-10-25) maps to the earlier instant.
 * So a period "02:00"-"04:00" lasts 1 h on the spring day and 3 h on the autumn day, and a Berlin day
 * "00:00"-"24:00" lasts 23 h / 25 h. A period whose start and end both lie inside the gap is empty.
 *
 * Holidays. A holiday removes everything the weekly hours list for that local date, i.e. all working
 * time within the local day [00:00, 24:00). A night shift "22:00"-"24:00" on the eve keeps its part
 * before midnight; the "00:00"-"06:00" part on the holiday itself is dropped.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** Local wall-clock periods per weekday, "HH:MM" strings, end may be "24:00"; days left out are days off. */
export type WeeklyHours = Partial<Record<Weekday, [string, string][]>>;
export interface WorkingCalendarSpec {
  /** IANA zone, e.g. 'Europe/Berlin'. */
  timeZone: string;
  /** null = open around the clock (24/7). */
  weekly: WeeklyHours | null;
  /** 'YYYY-MM-DD' (one date) or 'MM-DD' (every year), local dates, whole day off. */
  holidays?: string[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Searching gives up after this many consecutive local days without working time (~3 years). */
const SEARCH_LIMIT_DAYS = 3 * 366;
/** Upper bound of computed local days kept per calendar (oldest entries are dropped first). */
const MAX_CACHED_DAYS = 4_000;
/** Index = JS `getUTCDay()` of a local date. */
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Day {
  /** Instants of this local date's 00:00 and of the next date's 00:00. */
  start: number;
  end: number;
  /** Working intervals as [s0, e0, s1, e1, …]: sorted, disjoint, not touching, inside [start, end). */
  pieces: number[];
  /** Sum of the pieces' lengths. */
  total: number;
  /** The local date is 1 January (see `joinsPrevious`). */
  newYear: boolean;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw new Error(`WorkingCalendar: unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/** Offset of local wall-clock time from UTC at instant t, in ms (CET: +3 600 000). */
function offsetAt(format: Intl.DateTimeFormat, t: number): number {
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  for (const { type, value } of format.formatToParts(t)) {
    if (type === 'year') year = Number(value);
    else if (type === 'month') month = Number(value);
    else if (type === 'day') day = Number(value);
    else if (type === 'hour') hour = Number(value);
    else if (type === 'minute') minute = Number(value);
    else if (type === 'second') second = Number(value);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(t / 1000) * 1000;
}

/**
 * Instant of a local wall time, `wall` being ms since 1970-01-01 00:00 local. Compares the offsets a
 * day before and after: if they differ, a transition is near and both candidates are checked. Two
 * valid candidates = repeated hour → the earlier one; none = gap → shifted forward by the gap.
 */
function wallToInstant(format: Intl.DateTimeFormat, wall: number): { t: number; inGap: boolean } {
  const before = offsetAt(format, wall - DAY);
  const after = offsetAt(format, wall + DAY);
  if (before === after) return { t: wall - before, inGap: false };
  const beforeValid = offsetAt(format, wall - before) === before;
  const afterValid = offsetAt(format, wall - after) === after;
  if (beforeValid && afterValid) return { t: Math.min(wall - before, wall - after), inGap: false };
  if (afterValid) return { t: wall - after, inGap: false };
  return { t: wall - before, inGap: !beforeValid };
}

function parseTime(text: unknown, where: string): number {
  const match = typeof text === 'string' ? /^(\d{2}):(\d{2})$/.exec(text) : null;
  if (match) {
    const hours = Number(match[1]), minutes = Number(match[2]);
    if ((hours < 24 && minutes < 60) || (hours === 24 && minutes === 0)) return hours * 60 + minutes;
  }
  throw new Error(`WorkingCalendar: malformed time ${JSON.stringify(text)} on ${where} (expected "HH:MM" from "00:00" to "24:00")`);
}

/** Parses 'YYYY-MM-DD' into `dated` (as YYYYMMDD) or 'MM-DD' into `yearly` (as MMDD). */
function parseHoliday(text: unknown, dated: Set<number>, yearly: Set<number>): void {
  const match = typeof text === 'string' ? /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(text) : null;
  if (match) {
    const year = match[1] ? Number(match[1]) : 2000; // a leap year, so '02-29' is accepted
    const month = Number(match[2]), day = Number(match[3]);
    const check = new Date(Date.UTC(year, month - 1, day));
    if (month >= 1 && month <= 12 && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      if (match[1]) dated.add(year * 10_000 + month * 100 + day);
      else yearly.add(month * 100 + day);
      return;
    }
  }
  throw new Error(`WorkingCalendar: malformed holiday ${JSON.stringify(text)} (expected "YYYY-MM-DD" or "MM-DD")`);
}

/** Sorts and merges overlapping or touching [start, end] pairs (numbers of any unit) in place. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function timeOf(date: Date): number {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new Error('WorkingCalendar: invalid Date');
  return t;
}

export class WorkingCalendar {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;
  /** Periods in minutes of the local day, per JS weekday index (0 = Sunday). */
  private readonly hours: [number, number][][] = [[], [], [], [], [], [], []];
  private readonly datedHolidays = new Set<number>();
  private readonly yearlyHolidays = new Set<number>();
  private readonly dayMs: number;
  private readonly days = new Map<number, Day>();
  /** Last seen UTC offset, only a guess to find an instant's local date in one step. */
  private offsetGuess = 0;

  constructor(spec: WorkingCalendarSpec) {
    this.timeZone = spec.timeZone;
    this.format = formatterFor(spec.timeZone);
    if (spec.weekly === null) {
      for (const day of this.hours) day.push([0, 24 * 60]);
    } else {
      for (const [key, periods] of Object.entries(spec.weekly ?? {})) {
        const index = WEEKDAYS.indexOf(key as Weekday);
        if (index < 0) throw new Error(`WorkingCalendar: unknown weekday "${key}" (expected one of ${WEEKDAYS.join(', ')})`);
        if (periods === undefined) continue;
        if (!Array.isArray(periods)) throw new Error(`WorkingCalendar: hours of ${key} must be a list of ["HH:MM", "HH:MM"] periods`);
        for (const period of periods as unknown[]) {
          if (!Array.isArray(period) || period.length !== 2) throw new Error(`WorkingCalendar: a period on ${key} must be ["HH:MM", "HH:MM"]`);
          const start = parseTime(period[0], key), end = parseTime(period[1], key);
          if (start >= end) {
            throw new Error(`WorkingCalendar: period "${period[0]}"-"${period[1]}" on ${key} must start before it ends ` +
              '(write a night shift as "22:00"-"24:00" and "00:00"-"06:00" on the next day)');
          }
          this.hours[index]!.push([start, end]);
        }
      }
      if (this.hours.every((day) => day.length === 0)) throw new Error('WorkingCalendar: the weekly hours contain no working time');
    }
    for (const holiday of spec.holidays ?? []) parseHoliday(holiday, this.datedHolidays, this.yearlyHolidays);
    this.dayMs = typicalDayMs(this.hours);
  }

  static alwaysOpen(timeZone = 'UTC'): WorkingCalendar {
    return new WorkingCalendar({ timeZone, weekly: null });
  }

  /** Signed. ms > 0: the EARLIEST x >= from with between(from, x) === ms. ms < 0: the LATEST x <= from with between(x, from) === -ms. 0: `from`'s time value. Fractional ms are rounded. */
  add(from: Date, ms: number): Date {
    if (!Number.isFinite(ms)) throw new Error(`WorkingCalendar: cannot add ${ms} ms`);
    const t = timeOf(from);
    let remaining = Math.abs(Math.round(ms));
    if (remaining === 0) return new Date(t);
    const forward = ms > 0;
    let d = this.locate(t);
    let idleDays = 0;
    for (let first = true; ; first = false, d += forward ? 1 : -1) {
      const day = this.day(d);
      if (day.total === 0 && ++idleDays > SEARCH_LIMIT_DAYS) {
        throw new Error(`WorkingCalendar: no working time within ~3 years ${forward ? 'after' : 'before'} ${new Date(t).toISOString()}`);
      }
      if (day.total > 0) idleDays = 0;
      if (!first && day.total < remaining) {
        remaining -= day.total; // step over a whole day
        continue;
      }
      const p = day.pieces;
      if (forward) {
        for (let i = 0; i < p.length; i += 2) {
          const start = first ? Math.max(p[i]!, t) : p[i]!;
          const available = p[i + 1]! - start;
          if (available <= 0) continue;
          if (remaining <= available) return new Date(start + remaining);
          remaining -= available;
        }
      } else {
        for (let i = p.length - 2; i >= 0; i -= 2) {
          const end = first ? Math.min(p[i + 1]!, t) : p[i + 1]!;
          const available = end - p[i]!;
          if (available <= 0) continue;
          if (remaining <= available) return new Date(end - remaining);
          remaining -= available;
        }
      }
    }
  }

  /** Working milliseconds in [a, b); negative (= -between(b, a)) when b < a. */
  between(a: Date, b: Date): number {
    const from = timeOf(a), to = timeOf(b);
    if (to < from) return 0 - this.between(b, a) || 0; // `|| 0` avoids -0
    const first = this.locate(from), last = this.locate(to);
    if (first === last) return overlap(this.day(first), from, to);
    let total = overlap(this.day(first), from, Infinity) + overlap(this.day(last), -Infinity, to);
    for (let d = first + 1; d < last; d++) total += this.day(d).total;
    return total;
  }

  /** True if t lies inside a working period [start, end). */
  isWorking(t: Date): boolean {
    const time = timeOf(t);
    return this.pieceAt(this.locate(time), time) >= 0;
  }

  /**
   * The working period containing t, or null. Touching intervals (across midnight) are merged. So that
   * around-the-clock calendars still have finite periods, merging stops at local midnight before
   * 1 January when the whole of 31 December is working: a 24/7 calendar has one period per local year.
   */
  periodAt(t: Date): { start: Date; end: Date } | null {
    const time = timeOf(t);
    const d = this.locate(time);
    const i = this.pieceAt(d, time);
    if (i < 0) return null;
    const pieces = this.day(d).pieces;
    let start = pieces[i]!, end = pieces[i + 1]!;
    for (let k = d; start === this.day(k).start && this.joinsPrevious(k); k--) {
      const previous = this.day(k - 1).pieces;
      start = previous[previous.length - 2]!;
    }
    for (let k = d; end === this.day(k).end && this.joinsPrevious(k + 1); k++) end = this.day(k + 1).pieces[1]!;
    return { start: new Date(start), end: new Date(end) };
  }

  /** The start of the first working period that starts at or after t (if t is inside a period: the NEXT period's start). */
  nextPeriodStart(t: Date): Date {
    const time = timeOf(t);
    let d = this.locate(time);
    for (let scanned = 0; scanned <= SEARCH_LIMIT_DAYS; scanned++, d++) {
      const p = this.day(d).pieces;
      for (let i = 0; i < p.length; i += 2) {
        if (p[i]! >= time && (i > 0 || !this.joinsPrevious(d))) return new Date(p[i]!);
      }
    }
    throw new Error(`WorkingCalendar: no working period starts within ~3 years after ${new Date(time).toISOString()}`);
  }

  /** A typical working day's length in ms: the most common length among weekdays with working time (ties: the longest); 24 h for 24/7. Wall-clock terms (DST ignored). */
  workingDayMs(): number {
    return this.dayMs;
  }

  /** The instant local midnight starts the local date `date` (YYYY-MM-DD) in this zone. */
  startOfDate(date: string): Date {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return new Date(this.day(Math.round(Date.UTC(y, m - 1, d) / DAY)).start);
  }

  /** The local date (YYYY-MM-DD) instant t falls on in this zone. */
  dateOf(t: Date): string {
    return new Date(this.locate(t.getTime()) * DAY).toISOString().slice(0, 10);
  }

  /** The working periods overlapping [a, b), clipped to it, merged across midnight; oldest first. */
  periodsBetween(a: Date, b: Date): { start: Date; end: Date }[] {
    const out: [number, number][] = [];
    const from = a.getTime(), to = b.getTime();
    if (!(from < to)) return [];
    for (let d = this.locate(from); ; d++) {
      const day = this.day(d);
      if (day.start >= to) break;
      for (let i = 0; i < day.pieces.length; i += 2) {
        const s = Math.max(day.pieces[i]!, from), e = Math.min(day.pieces[i + 1]!, to);
        if (s >= e) continue;
        const last = out[out.length - 1];
        if (last && last[1] === s) last[1] = e;
        else out.push([s, e]);
      }
    }
    return out.map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));
  }

  /** Index of the local date containing instant t (days since 1970-01-01 in local terms). */
  private locate(t: number): number {
    let d = Math.floor((t + this.offsetGuess) / DAY);
    for (;;) {
      const day = this.day(d);
      if (t < day.start) d--;
      else if (t >= day.end) d++;
      else {
        this.offsetGuess = d * DAY - day.start;
        return d;
      }
    }
  }

  /** Index into day d's pieces of the interval containing t, or -1. */
  private pieceAt(d: number, t: number): number {
    const p = this.day(d).pieces;
    for (let i = 0; i < p.length; i += 2) if (p[i]! <= t && t < p[i + 1]!) return i;
    return -1;
  }

  /** True if working time runs without a break from day d-1 into day d (minus the New Year cut, see `periodAt`). */
  private joinsPrevious(d: number): boolean {
    const day = this.day(d), previous = this.day(d - 1);
    const p = day.pieces, q = previous.pieces;
    if (p.length === 0 || q.length === 0 || p[0] !== day.start || q[q.length - 1] !== previous.end) return false;
    const wholePreviousDay = q.length === 2 && q[0] === previous.start;
    return !(day.newYear && wholePreviousDay);
  }

  private day(d: number): Day {
    let day = this.days.get(d);
    if (!day) {
      day = this.computeDay(d);
      if (this.days.size >= MAX_CACHED_DAYS) this.days.delete(this.days.keys().next().value!);
      this.days.set(d, day);
    }
    return day;
  }

  /**
   * Builds local date d. When the offset is the same a day before and two days after, no transition
   * touches this day and every wall time maps with that one offset (2 Intl calls per day); otherwise
   * each wall time goes through `wallToInstant`.
   */
  private computeDay(d: number): Day {
    const midnight = d * DAY; // local 00:00 as wall-clock ms
    const date = new Date(midnight);
    const offset = offsetAt(this.format, midnight - DAY);
    const steady = offset === offsetAt(this.format, midnight + 2 * DAY);
    const toInstant = (wall: number) => (steady ? { t: wall - offset, inGap: false } : wallToInstant(this.format, wall));
    const start = toInstant(midnight).t, end = toInstant(midnight + DAY).t;
    const month = date.getUTCMonth() + 1, dayOfMonth = date.getUTCDate();
    const holiday = this.yearlyHolidays.has(month * 100 + dayOfMonth) ||
      this.datedHolidays.has(date.getUTCFullYear() * 10_000 + month * 100 + dayOfMonth);
    const ranges: [number, number][] = [];
    for (const [from, to] of holiday ? [] : this.hours[date.getUTCDay()]!) {
      const s = toInstant(midnight + from * MINUTE), e = toInstant(midnight + to * MINUTE);
      if (s.inGap && e.inGap) continue; // the period lies entirely inside a spring-forward gap
      const clippedStart = Math.max(s.t, start), clippedEnd = Math.min(e.t, end);
      if (clippedStart < clippedEnd) ranges.push([clippedStart, clippedEnd]);
    }
    const pieces: number[] = [];
    let total = 0;
    for (const [s, e] of mergeRanges(ranges)) {
      pieces.push(s, e);
      total += e - s;
    }
    return { start, end, pieces, total, newYear: month === 1 && dayOfMonth === 1 };
  }
}

/** Working ms of one day inside [from, to). */
function overlap(day: Day, from: number, to: number): number {
  const p = day.pieces;
  let total = 0;
  for (let i = 0; i < p.length; i += 2) total += Math.max(0, Math.min(p[i + 1]!, to) - Math.max(p[i]!, from));
  return total;
}

function typicalDayMs(hours: [number, number][][]): number {
  const counts = new Map<number, number>();
  for (const periods of hours) {
    const minutes = mergeRanges(periods.map(([s, e]) => [s, e])).reduce((sum, [s, e]) => sum + e - s, 0);
    if (minutes > 0) counts.set(minutes, (counts.get(minutes) ?? 0) + 1);
  }
  let best = 0, bestCount = 0;
  for (const [minutes, count] of counts) {
    if (count > bestCount || (count === bestCount && minutes > best)) [best, bestCount] = [minutes, count];
  }
  return best * MINUTE;
}
