/** A job's lease row, as `npm run job -- --list` and /readyz show it. */
export interface JobLeaseRecord {
  name: string;
  holder: string | null;
  leaseUntil: Date | null;
  lastKey: string | null;
  lastSlot: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastResult: unknown;
  lastError: string | null;
}

/**
 * Leases on named jobs in the shared database, so that with several instances each run happens on
 * one of them. Times are the database's own clock, so instances with drifting clocks agree.
 * Implemented in src/store/prisma-job-lease-store.ts.
 */
export interface JobLeaseStore {
  /**
   * Takes the lease of `name` for the run `key` (a schedule slot, or a fresh key for an on-demand run)
   * when nobody holds it (or the holder's lease ran out), `key` is not the run it was last taken for,
   * and — for a scheduled run — `slot` is later than the latest slot already run.
   * `reclaimOwn`: the caller runs nothing of this job right now, so a lease `holder` itself still holds
   * is stale (its give-back, or the answer to its taking, was lost while the database was away) and
   * counts as free; otherwise the job would stall until that lease ran out.
   */
  acquire(name: string, key: string, holder: string, ttlMs: number, slot?: Date, reclaimOwn?: boolean): Promise<boolean>;
  /** Gives the lease back and records how the run went. */
  release(name: string, holder: string, outcome: { result?: unknown; error?: string }): Promise<void>;
  list(): Promise<JobLeaseRecord[]>;
}
