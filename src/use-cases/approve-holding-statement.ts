import { type CrisisDeps, type CrisisRefusal, deskMember, mayWorkOn } from './crisis-deps.ts';
import { refreshItems } from './crisis-outbox.ts';

/**
 * The Approve button under the holding statement draft: records who approved it and when (once), ticks
 * the checklist step that approving completes, and refreshes the statement and the board.
 */
export async function approveHoldingStatement(
  input: { crisisId: string; platform: string; platformUserId: string },
  deps: CrisisDeps,
): Promise<{ ok: true } | CrisisRefusal> {
  const member = deskMember(deps, input);
  if (!member) return { ok: false, code: 'not_member' };
  const crisis = await deps.crises.getCrisis(input.crisisId);
  if (!crisis) return { ok: false, code: 'no_active' };
  if (!mayWorkOn(member, crisis)) return { ok: false, code: 'not_on_roster' };
  if (crisis.status !== 'active') return { ok: false, code: 'crisis_ended', crisis };
  const step = crisis.scenario.checklist.find((s) => s.approvesStatement);
  const approval = await deps.crises.approveStatement(
    { crisisId: crisis.id, memberId: member.id, at: deps.clock.now(), stepId: step?.id ?? null },
    refreshItems(crisis.id, ['board', 'statement'], 'approve'),
  );
  if (approval.outcome === 'not_active') return { ok: false, code: 'crisis_ended', crisis };
  if (approval.outcome === 'already') return { ok: false, code: 'statement_already_approved', byId: approval.byId, at: approval.at };
  return { ok: true };
}
