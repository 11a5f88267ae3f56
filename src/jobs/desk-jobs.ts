import type { SweepDeps } from '../use-cases/sweep-service-levels.ts';
import { sweepServiceLevels } from '../use-cases/sweep-service-levels.ts';
import type { JobDefinition } from './scheduler.ts';

/** The desk's named jobs. Their schedules can be set under `jobs:` in the desk configuration. */
export function deskJobs(deps: SweepDeps): JobDefinition[] {
  return [
    {
      name: 'sla-sweep',
      defaultSchedule: '* * * * *',
      description: 'Reminds and escalates comments that wait past their response-time targets (working hours only; morning summaries).',
      run: () => sweepServiceLevels(deps),
    },
  ];
}
