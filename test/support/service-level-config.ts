import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import { testDeskConfig } from './desk-harness.ts';

/**
 * Community works Mon–Fri 08:00–18:00 in Berlin and promises a first response within 1 h and a
 * resolution within 4 h (normal priority); support works around the clock in UTC (2 h / 8 h).
 * Ladder: 75 % holder (channel while unclaimed), 100 % channel with a mention, 150 % lead.
 */
export function serviceLevelConfig() {
  const base = testDeskConfig();
  return deskConfigSchema.parse({
    ...base,
    targets: { normal: { firstResponse: '2h', resolution: '8h' } },
    teams: base.teams.map((t) =>
      t.id === 'community'
        ? {
            ...t,
            workingHours: { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']], wed: [['08:00', '18:00']], thu: [['08:00', '18:00']], fri: [['08:00', '18:00']] },
            holidays: ['12-25'],
            targets: { normal: { firstResponse: '1h', resolution: '4h' } },
          }
        : t,
    ),
  });
}

/** Berlin wall time on Monday 2026-11-23 (CET, UTC+1), or another day of that week. */
export const berlin = (hhmm: string, day = 23) => new Date(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+01:00`);

