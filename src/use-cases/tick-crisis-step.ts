import { type CrisisDeps, type CrisisRefusal, crisisToWorkOn } from './crisis-deps.ts';
import { refreshItems } from './crisis-outbox.ts';

/**
 * A Done button on the board: ticks the checklist step once, with who and when, and refreshes the board
 * (and the statement, when the step is the approval). A second click is told who ticked it.
 */
export async function tickCrisisStep(
  input: { crisisId: string; stepId: string; platform: string; platformUserId: string },
  deps: CrisisDeps,
): Promise<{ ok: true; title: string } | CrisisRefusal> {
  const found = await crisisToWorkOn(input, deps);
  if (!found.ok) return found;
  const { member, crisis } = found;
  const step = crisis.scenario.checklist.find((s) => s.id === input.stepId);
  if (!step) return { ok: false, code: 'step_unknown' };
  const now = deps.clock.now();
  const cause = `step:${step.id}`;
  if (step.approvesStatement) {
    // Ticking the approval step approves the statement: one fact, shown in both places.
    const approval = await deps.crises.approveStatement(
      { crisisId: crisis.id, memberId: member.id, at: now, stepId: step.id },
      refreshItems(crisis, ['board', 'statement'], cause),
    );
    if (approval.outcome === 'not_active') return { ok: false, code: 'crisis_ended', crisis };
    if (approval.outcome === 'already') return { ok: false, code: 'step_already_done', byId: approval.byId, at: approval.at };
    return { ok: true, title: step.title[crisis.locale] };
  }
  const tick = await deps.crises.tickStep({ crisisId: crisis.id, stepId: step.id, memberId: member.id, at: now }, refreshItems(crisis, ['board'], cause));
  switch (tick.outcome) {
    case 'done':
      return { ok: true, title: step.title[crisis.locale] };
    case 'already':
      return { ok: false, code: 'step_already_done', byId: tick.doneById, at: tick.doneAt };
    case 'unknown_step':
      return { ok: false, code: 'step_unknown' };
    default:
      return { ok: false, code: 'crisis_ended', crisis };
  }
}
