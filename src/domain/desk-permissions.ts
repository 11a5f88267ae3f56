import type { MemberInfo } from './directory.ts';

/** Desk admins may do everything a command offers. */
export function isDeskAdmin(member: MemberInfo): boolean {
  return member.roles.includes('admin');
}

/** Running a scheduled job by hand touches every team's work: desk admins only. */
export function mayRunJobs(member: MemberInfo): boolean {
  return isDeskAdmin(member);
}
