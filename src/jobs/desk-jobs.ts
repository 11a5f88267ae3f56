import type { SweepDeps } from '../use-cases/sweep-service-levels.ts';
import { sweepServiceLevels } from '../use-cases/sweep-service-levels.ts';
import type { DrillBurstDeps } from '../use-cases/inject-drill-burst.ts';
import { runCrisisClock } from '../use-cases/run-crisis-clock.ts';
import type { JobDefinition } from './scheduler.ts';

/** The desk's named jobs. Their schedules can be set under `jobs:` in the desk configuration. */
export function deskJobs(deps: SweepDeps & DrillBurstDeps): JobDefinition[] {
  return [
    {
      name: 'sla-sweep',
      defaultSchedule: '* * * * *',
      description: 'Reminds and escalates comments that wait past their response-time targets (working hours only; morning summaries).',
      run: () => sweepServiceLevels(deps),
    },
    {
      name: 'crisis-clock',
      // Every 10 seconds: a drill's burst arrives in small waves, not once a minute.
      defaultSchedule: '*/10 * * * * *',
      description: "Injects a running drill's synthetic comments as they come due, ends a crisis at its time limit, and writes missing reports.",
      run: () => runCrisisClock(deps),
    },
  ];
}
