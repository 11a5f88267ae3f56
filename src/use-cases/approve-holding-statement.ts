import { type CrisisDeps, type CrisisRefusal, crisisToWorkOn } from './crisis-deps.ts';
import { refreshItems } from './crisis-outbox.ts';

/**
 * The Approve button under the holding statement draft: records who approved it and when (once), ticks
 * the checklist step that approving completes, and refreshes the statement and the board.
 */
export async function approveHoldingStatement(
  input: { crisisId: string; platform: string; platformUserId: string },
  deps: CrisisDeps,
): Promise<{ ok: true } | CrisisRefusal> {
  const found = await crisisToWorkOn(input, deps);
  if (!found.ok) return found;
  const { member, crisis } = found;
  const step = crisis.scenario.checklist.find((s) => s.approvesStatement);
  const approval = await deps.crises.approveStatement(
    { crisisId: crisis.id, memberId: member.id, at: deps.clock.now(), stepId: step?.id ?? null },
    refreshItems(crisis, ['board', 'statement'], 'approve'),
  );
  if (approval.outcome === 'not_active') return { ok: false, code: 'crisis_ended', crisis };
  if (approval.outcome === 'already') return { ok: false, code: 'statement_already_approved', byId: approval.byId, at: approval.at };
  return { ok: true };
}
