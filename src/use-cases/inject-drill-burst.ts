import type { CrisisRecord } from '../domain/crisis.ts';
import { burstComments, burstDueCount } from '../domain/crisis-burst.ts';
import type { CrisisStore } from '../domain/crisis-store.ts';
import type { Directory } from '../domain/directory.ts';
import type { Clock, DeskStore } from '../domain/ports.ts';
import type { RoutingDecision, RoutingInput } from '../domain/routing.ts';
import { newCommentSla } from '../domain/service-level.ts';
import { cardTargetsOf } from './card-outbox.ts';
import { refreshItems } from './crisis-outbox.ts';

export interface DrillBurstDeps {
  store: DeskStore;
  crises: CrisisStore;
  directory: Directory;
  route: (input: RoutingInput) => RoutingDecision;
  clock: Clock;
}

/** At most this many comments per run; the next run takes the rest. */
export const MAX_BURST_PER_RUN = 1000;

/**
 * Injects a drill's synthetic comments that have come due: each goes through routing to its team, gets
 * a card and the crisis priority's targets like a real comment, marked as a drill comment of this crisis.
 * Idempotent: a comment's id is fixed by the crisis and its index, so a repeated run stores nothing twice.
 */
export async function injectDrillBurst(crisis: CrisisRecord, deps: DrillBurstDeps): Promise<number> {
  const spec = crisis.scenario.burst;
  if (!spec || crisis.kind !== 'drill' || crisis.status !== 'active') return 0;
  const now = deps.clock.now();
  const from = crisis.burstInjected;
  const to = Math.min(burstDueCount(spec, crisis.startedAt, now), from + MAX_BURST_PER_RUN);
  if (to <= from) return 0;
  const comments = burstComments(spec, crisis, from, to);
  // Inserted together: the store's batch queue makes them a few statements.
  await Promise.all(
    comments.map((comment) => {
      const decision = deps.route({ source: comment.source, text: comment.text, language: comment.language });
      const team = deps.directory.team(decision.teamId);
      return deps.store.insertComment(
        comment,
        {
          teamId: decision.teamId,
          priority: 'crisis',
          isDrill: true,
          crisisId: crisis.id,
          matchedRules: decision.matchedRules,
          cards: team ? cardTargetsOf(team) : [],
          sla: newCommentSla(deps.directory.serviceLevel(decision.teamId), 'crisis', now),
        },
        now,
      );
    }),
  );
  await deps.crises.advanceBurst(crisis.id, from, to, now, refreshItems(crisis, ['board'], `burst:${to}`));
  return to - from;
}
