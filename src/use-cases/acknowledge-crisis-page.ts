import { mayAcknowledge } from '../domain/crisis-permissions.ts';
import { type CrisisDeps, type CrisisRefusal } from './crisis-deps.ts';
import { resolveMember } from './resolve-member.ts';
import { pageKey, refreshItems } from './crisis-outbox.ts';

/**
 * The Acknowledge button of a page: records when this roster member acknowledged (once; a repeated
 * click changes nothing) and refreshes their page and the room's board.
 */
export async function acknowledgeCrisisPage(
  input: { crisisId: string; platform: string; platformUserId: string },
  deps: CrisisDeps,
): Promise<{ ok: true; already: boolean } | CrisisRefusal> {
  const member = await resolveMember({ platform: input.platform, platformUserId: input.platformUserId }, deps);
  if (!member) return { ok: false, code: 'not_member' };
  const crisis = await deps.crises.getCrisis(input.crisisId);
  if (!crisis) return { ok: false, code: 'no_active' };
  if (!mayAcknowledge(member, crisis)) return { ok: false, code: 'not_on_roster' };
  if (crisis.status !== 'active') return { ok: false, code: 'crisis_ended', crisis };
  const outcome = await deps.crises.recordAck(
    { crisisId: crisis.id, memberId: member.id, at: deps.clock.now() },
    refreshItems(crisis, ['board', pageKey(member.id)], `ack:${member.id}`),
  );
  if (outcome === 'not_active') return { ok: false, code: 'crisis_ended', crisis };
  return { ok: true, already: outcome === 'already' };
}
