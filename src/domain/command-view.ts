import type { CrisisReport } from './crisis.ts';
import type { CrisisPeople, CrisisStatusView, ScenarioListView } from './crisis-view.ts';
import type { Locale } from './directory.ts';
import type { DigestView } from './kpi.ts';
import type { RichText } from './rich-text.ts';

/** One team's line in `/desk status`. */
export interface OpenWorkRow {
  teamName: string;
  open: number;
  claimed: number;
  overdue: number;
  oldestReceivedAt: Date | null;
}

/** Why a job is not scheduled on this desk (it would have nothing to do); it still runs on demand. */
export type JobIdleReason = 'ai-off';

/** One scheduled job in `/desk jobs`, with how its last run went. */
export interface JobLine {
  name: string;
  schedule: string;
  timeZone: string;
  /** Set when the job is not scheduled here. */
  idle?: JobIdleReason;
  lastFinishedAt: Date | null;
  lastError: string | null;
}

/**
 * What a command answers the person who typed it, only to them, platform-neutral: each door renders
 * it. Sentences come worded in the asker's language; lists and reports come as data with their
 * locale, for the platform's own layout.
 */
export type CommandAnswer =
  /** Help, refusals, confirmations. */
  | { kind: 'text'; text: RichText }
  | { kind: 'desk.status'; locale: Locale; rows: OpenWorkRow[] }
  | { kind: 'desk.jobs'; locale: Locale; jobs: JobLine[] }
  | { kind: 'crisis.status'; view: CrisisStatusView }
  | { kind: 'crisis.scenarios'; locale: Locale; view: ScenarioListView }
  | { kind: 'crisis.reports'; locale: Locale; reports: CrisisReport[]; people: CrisisPeople }
  | { kind: 'crisis.report'; locale: Locale; report: CrisisReport; people: CrisisPeople }
  /** A team's figures for a week; `post`: it can go to the team's channel, and this is what to ask for. */
  | { kind: 'kpi.digest'; digest: DigestView; post: { teamId: string; week: string } | null };

/**
 * A command's answer, now or — for work that may outlast a platform's reply window (running a job,
 * computing figures) — later: the door confirms receipt at once, then calls `answer` and delivers it.
 */
export type CommandView = CommandAnswer | { kind: 'later'; answer: () => Promise<CommandAnswer> };
