import type { PrismaClient } from '../generated/prisma/client.ts';
import type { JobLeaseRecord, JobLeaseStore } from '../domain/job-lease-store.ts';

export class PrismaJobLeaseStore implements JobLeaseStore {
  constructor(private readonly prisma: PrismaClient) {}

  async acquire(name: string, key: string, holder: string, ttlMs: number, slot?: Date, reclaimOwn = false): Promise<boolean> {
    // One statement: insert the lease, or take it over if it is free or ran out — never for the run it
    // was last taken for, nor for a schedule slot no later than one already run.
    const slotAt = slot?.toISOString() ?? null;
    const rows = await this.prisma.$queryRaw<{ name: string }[]>`
      INSERT INTO job_lease (name, holder, lease_until, last_key, last_slot, last_started_at)
      VALUES (${name}, ${holder}, clock_timestamp() + ${ttlMs} * interval '1 millisecond', ${key}, ${slotAt}::timestamptz, clock_timestamp())
      ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until,
        last_key = EXCLUDED.last_key, last_slot = COALESCE(EXCLUDED.last_slot, job_lease.last_slot),
        last_started_at = EXCLUDED.last_started_at
      WHERE (job_lease.lease_until IS NULL OR job_lease.lease_until < clock_timestamp() OR (${reclaimOwn}::boolean AND job_lease.holder = EXCLUDED.holder))
        AND job_lease.last_key IS DISTINCT FROM EXCLUDED.last_key
        AND (EXCLUDED.last_slot IS NULL OR job_lease.last_slot IS NULL OR EXCLUDED.last_slot > job_lease.last_slot)
      RETURNING name`;
    return rows.length === 1;
  }

  async release(name: string, holder: string, outcome: { result?: unknown; error?: string }): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE job_lease SET lease_until = NULL, last_finished_at = clock_timestamp(),
        last_result = ${JSON.stringify(outcome.result ?? null)}::jsonb, last_error = ${outcome.error ?? null}
      WHERE name = ${name} AND holder = ${holder}`;
  }

  async list(): Promise<JobLeaseRecord[]> {
    return this.prisma.jobLease.findMany({ orderBy: { name: 'asc' } });
  }
}
