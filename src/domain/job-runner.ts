import type { JobIdleReason } from './command-view.ts';
import type { JobLeaseRecord } from './job-lease-store.ts';

/** How an on-demand run went: done (with the job's result), or not started and why. */
export type JobRunOutcome =
  | { ran: true; name: string; result: unknown; ms: number }
  | { ran: false; name: string; reason: 'busy' | 'unknown_job'; message: string };

/** The named jobs as commands see them: what is scheduled, how the last runs went, and running one now. */
export interface JobRunner {
  /** `idle`: not scheduled on this desk, and why (it still runs on demand). */
  describe(): { name: string; schedule: string; timeZone: string; description: string; idle?: JobIdleReason }[];
  lastRuns(): Promise<JobLeaseRecord[]>;
  runNow(name: string): Promise<JobRunOutcome>;
}
