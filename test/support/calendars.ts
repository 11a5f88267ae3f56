import { expect } from 'vitest';
import type { WeeklyHours } from '../../src/domain/working-calendar.ts';

/** Monday to Friday, 08:00–18:00: the office week most calendar tests use. */
export const OFFICE_WEEK: WeeklyHours = {
  mon: [['08:00', '18:00']],
  tue: [['08:00', '18:00']],
  wed: [['08:00', '18:00']],
  thu: [['08:00', '18:00']],
  fri: [['08:00', '18:00']],
};

/** An instant written with its offset, e.g. `at('2026-03-02T09:00+01:00')` (Berlin in March is CET). */
export const at = (iso: string) => new Date(iso);

/** The same instant, however it was written (compares ISO strings, so failures read well). */
export function expectInstant(actual: Date | null | undefined, iso: string): void {
  expect(actual?.toISOString()).toBe(new Date(iso).toISOString());
}
