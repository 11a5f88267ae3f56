import type { Locale } from './directory.ts';

/** The words for hours, minutes and seconds. */
export interface DurationUnits {
  h: string;
  min: string;
  s: string;
}

export const DURATION_UNITS: Record<Locale, DurationUnits> = {
  en: { h: 'h', min: 'min', s: 's' },
  de: { h: 'Std.', min: 'Min.', s: 'Sek.' },
};

/**
 * How a span is rounded, which says what it means to the reader:
 * - `up`: time left or over a target ("25 min left"): minutes rounded up, so "0 min" never shows.
 * - `down`: a stopwatch ("+4 min" after the start): whole units passed, seconds under a minute.
 * - `nearest`: figures (medians, targets): the nearest minute, seconds under a minute.
 */
export type DurationRounding = 'up' | 'down' | 'nearest';

export interface DurationOptions {
  round: DurationRounding;
  /** Under a minute: "45 s" (`seconds`) or "< 1 min" (`lessThanMinute`); `up` never goes under a minute. */
  underMinute?: 'seconds' | 'lessThanMinute';
  /** Writes the hours (thousands separators in figures); plain digits by default. */
  number?: (n: number) => string;
}

const MINUTE = 60_000;

/** "45 s", "4 min", "1 h", "1 h 5 min" (German "1 Std. 5 Min."); the sign is ignored, non-finite values are "—". */
export function formatDuration(ms: number, units: DurationUnits, options: DurationOptions): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  const under = options.underMinute ?? 'seconds';
  let minutes: number;
  if (options.round === 'up') {
    minutes = Math.max(1, Math.ceil(abs / MINUTE));
  } else {
    const seconds = options.round === 'down' ? Math.floor(abs / 1000) : Math.round(abs / 1000);
    // Nearest: 59.5 s and more is "1 min", not "60 s"; "< 1 min" holds until the full minute.
    const belowMinute = options.round === 'down' ? seconds < 60 : abs < (under === 'seconds' ? 59_500 : MINUTE);
    if (belowMinute) return under === 'seconds' ? `${seconds} ${units.s}` : `< 1 ${units.min}`;
    minutes = options.round === 'down' ? Math.floor(abs / MINUTE) : Math.round(abs / MINUTE);
  }
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const n = options.number ?? String;
  return h && m ? `${n(h)} ${units.h} ${m} ${units.min}` : h ? `${n(h)} ${units.h}` : `${m} ${units.min}`;
}
