import type { SweepDeps } from '../use-cases/sweep-service-levels.ts';
import { sweepServiceLevels } from '../use-cases/sweep-service-levels.ts';
import type { DrillBurstDeps } from '../use-cases/inject-drill-burst.ts';
import { runCrisisClock } from '../use-cases/run-crisis-clock.ts';
import type { JobDefinition } from './scheduler.ts';
import type { DigestDeps } from '../use-cases/build-weekly-digest.ts';
import { postWeeklyDigests } from '../use-cases/post-weekly-digests.ts';
import { type TriageDeps, triageNewComments } from '../use-cases/triage-new-comments.ts';

/** The desk's named jobs. Their schedules can be set under `jobs:` in the desk configuration. */
export function deskJobs(deps: SweepDeps & DrillBurstDeps & DigestDeps & { triage?: TriageDeps }): JobDefinition[] {
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
    {
      name: 'kpi-digest',
      // Looks every 5 minutes; each team's digest goes out at its own weekday and time (digest:, default Monday 09:00 in its zone).
      defaultSchedule: '*/5 * * * *',
      description: "Posts last week's goals and figures to each team channel once its digest time (default Monday 09:00, team time zone) has come; once per team and week.",
      run: () => postWeeklyDigests(deps),
    },
    {
      name: 'ai-triage',
      // Every 10 seconds: new comments get their labels soon after they arrive (ingest never waits for them).
      defaultSchedule: '*/10 * * * * *',
      description: 'Labels new comments with AI triage (sentiment, intent, urgency, a suggested team), within the monthly AI budget. Does nothing without OPENAI_API_KEY or with AI_TRIAGE=false.',
      // Off (no key, or AI_TRIAGE=false): not scheduled, so it takes no lease every 10 seconds.
      ...(deps.triage?.classify ? {} : { idle: 'ai-off' as const }),
      run: () => (deps.triage ? triageNewComments(deps.triage) : Promise.resolve({ classified: 0, notClassified: 0, drafted: 0, budget: 'ok' as const, off: true })),
    },
  ];
}
