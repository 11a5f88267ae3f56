import type { DigestView, KpiWeek, WeeklyFigures } from './kpi.ts';
import type { OutboxItem } from './outbox-intent.ts';

export interface WeeklyFiguresQuery {
  teamId: string;
  week: KpiWeek;
  /** The local dates of the week's days (for the daily series). */
  dates: string[];
  /** The team's working periods from the week's start on (working-time durations are measured against them). */
  workingPeriods: { start: Date; end: Date }[];
  /** Figures "now" (overdue, backlog end) are taken at min(now, week end). */
  now: Date;
}

/** Weekly figures from storage (src/store/prisma-kpi-store.ts): SQL aggregation, drills excluded. */
export interface KpiStore {
  weeklyFigures(query: WeeklyFiguresQuery): Promise<WeeklyFigures>;
  /** The digest posted for a team and ISO week, if any. */
  postedDigest(teamId: string, week: string): Promise<DigestView | null>;
  /** Records the digest of a team and week with its outbox row, once; false if it was already posted. */
  recordDigest(view: DigestView, outbox: OutboxItem[], at: Date): Promise<boolean>;
}
