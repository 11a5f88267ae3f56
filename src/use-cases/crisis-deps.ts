import type { CrisisRecord, CrisisSettings } from '../domain/crisis.ts';
import type { CrisisStore } from '../domain/crisis-store.ts';
import { mayWorkOn } from '../domain/crisis-permissions.ts';
import type { Directory, MemberInfo } from '../domain/directory.ts';
import type { Clock } from '../domain/ports.ts';
import { type MemberDeps, resolveMember } from './resolve-member.ts';

/** What the crisis use cases need. `settings` is null when the desk configuration has no `crisis` section. */
export interface CrisisDeps extends MemberDeps {
  crises: CrisisStore;
  directory: Directory;
  settings: CrisisSettings | null;
  clock: Clock;
}

/** Why a crisis command or button was refused; `crisisRefusalText` turns it into a sentence. */
export type CrisisRefusal =
  | { ok: false; code: 'not_configured' | 'not_member' | 'no_active' | 'not_on_roster' | 'step_unknown' | 'update_text_missing' }
  | { ok: false; code: 'may_not_drill' | 'may_not_declare' | 'may_not_end'; allowed: string[] }
  | { ok: false; code: 'already_active' | 'crisis_ended'; crisis: CrisisRecord }
  | { ok: false; code: 'unknown_scenario'; scenarioId: string; known: string[] }
  | { ok: false; code: 'step_already_done' | 'statement_already_approved'; byId: string | null; at: Date | null };

/**
 * The person clicking a crisis button and the active crisis they may work on (Done, Approve), or why
 * not: not on the desk, no such crisis, not on its roster (nor its starter, nor an admin), ended.
 */
export async function crisisToWorkOn(
  input: { crisisId: string; platform: string; platformUserId: string },
  deps: CrisisDeps,
): Promise<{ ok: true; member: MemberInfo; crisis: CrisisRecord } | CrisisRefusal> {
  const member = await resolveMember(input, deps);
  if (!member) return { ok: false, code: 'not_member' };
  const crisis = await deps.crises.getCrisis(input.crisisId);
  if (!crisis) return { ok: false, code: 'no_active' };
  if (!mayWorkOn(member, crisis)) return { ok: false, code: 'not_on_roster' };
  if (crisis.status !== 'active') return { ok: false, code: 'crisis_ended', crisis };
  return { ok: true, member, crisis };
}

/** Names of the people allowed, for "ask …" refusals (desk admins are named as a group by the text). */
export function allowedNames(deps: Pick<CrisisDeps, 'directory'>, memberIds: string[]): string[] {
  return memberIds.map((id) => deps.directory.displayName(id));
}
