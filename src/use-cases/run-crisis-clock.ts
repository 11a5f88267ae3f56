import { finishCrisis } from './end-crisis.ts';
import { type DrillBurstDeps, injectDrillBurst } from './inject-drill-burst.ts';

export interface CrisisClockResult {
  injected: number;
  ended: number;
  reported: number;
}

/**
 * The `crisis-clock` job (every few seconds): injects the active drill's comments that have come due,
 * ends a crisis whose time limit has passed (and reports it), and reports any crisis that ended without
 * a report (an instance stopped between the two).
 */
export async function runCrisisClock(deps: DrillBurstDeps): Promise<CrisisClockResult> {
  const result: CrisisClockResult = { injected: 0, ended: 0, reported: 0 };
  const active = await deps.crises.activeCrisis();
  if (active) {
    result.injected = await injectDrillBurst(active, deps);
    if (deps.clock.now() >= active.timeLimitAt) {
      const ended = await deps.crises.endCrisis({ crisisId: active.id, endedById: null, reason: 'time_limit', at: deps.clock.now() });
      if (ended) {
        result.ended = 1;
        await finishCrisis(ended, deps);
        result.reported += 1;
      }
    }
  }
  for (const crisis of await deps.crises.endedWithoutReport()) {
    await finishCrisis(crisis, deps);
    result.reported += 1;
  }
  return result;
}
