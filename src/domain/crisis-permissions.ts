import type { CrisisRecord, CrisisSettings } from './crisis.ts';
import { rosterMemberIds } from './crisis.ts';
import type { MemberInfo } from './directory.ts';
import { isDeskAdmin } from './desk-permissions.ts';

/** May start drills: named in `crisis.mayDrill`, or a desk admin. */
export function mayDrill(settings: CrisisSettings, member: MemberInfo): boolean {
  return isDeskAdmin(member) || settings.mayDrill.includes(member.id);
}

/** May declare a real crisis: named in `crisis.mayDeclare`, or a desk admin. */
export function mayDeclare(settings: CrisisSettings, member: MemberInfo): boolean {
  return isDeskAdmin(member) || settings.mayDeclare.includes(member.id);
}

/** May end it: whoever started it, and whoever may start one of its kind. */
export function mayEnd(settings: CrisisSettings, member: MemberInfo, crisis: CrisisRecord): boolean {
  return crisis.startedById === member.id || (crisis.kind === 'drill' ? mayDrill(settings, member) : mayDeclare(settings, member));
}

/** Who is named when someone may not end it: its starter and whoever may start one of its kind (admins are named as a group by the text). */
export function mayEndIds(settings: CrisisSettings, crisis: CrisisRecord): string[] {
  return [...new Set([crisis.startedById, ...(crisis.kind === 'drill' ? settings.mayDrill : settings.mayDeclare)])];
}

/** May tick steps, approve the statement and post updates: the roster, whoever started it, desk admins. */
export function mayWorkOn(member: MemberInfo, crisis: CrisisRecord): boolean {
  return isDeskAdmin(member) || crisis.startedById === member.id || rosterMemberIds(crisis.roster).includes(member.id);
}

/** May acknowledge a page: only the roster (a page goes to the roster alone). */
export function mayAcknowledge(member: MemberInfo, crisis: CrisisRecord): boolean {
  return rosterMemberIds(crisis.roster).includes(member.id);
}
