import type { Directory, MemberInfo } from '../domain/directory.ts';
import type { MemberStore } from '../domain/member-store.ts';

/**
 * Brings members recorded on first use into this instance's directory: all of them at start, and later
 * the ones another instance recorded, when a card, reminder or page names an id this instance does not
 * know. Ids it knows cost nothing; unknown ones one read.
 */
export async function learnRecordedMembers(
  ids: Iterable<string | null | undefined> | 'all',
  deps: { directory: Directory; memberStore?: MemberStore },
): Promise<void> {
  const { directory, memberStore } = deps;
  if (!memberStore) return;
  if (ids === 'all') {
    for (const member of await memberStore.recordedMembers()) adoptRecordedMember(directory, member);
    return;
  }
  const unknown = [...new Set(ids)].filter((id): id is string => Boolean(id) && !directory.member(id!));
  if (!unknown.length) return;
  for (const member of await memberStore.recordedByIds(unknown)) adoptRecordedMember(directory, member);
}

/**
 * Adds a recorded member to the directory. The configuration wins: a configured member with the same id
 * stays, and an identity the configuration gives someone else is left off.
 */
export function adoptRecordedMember(directory: Directory, member: MemberInfo): MemberInfo | null {
  const existing = directory.member(member.id);
  if (existing && existing.origin !== 'channel') return null;
  const identities = (member.identities ?? []).filter((i) => {
    const owner = directory.memberByIdentity(i.platform, i.userId);
    return !owner || owner.id === member.id;
  });
  const adopted: MemberInfo = { ...member, identities, roles: ['agent'], origin: 'channel' };
  directory.add(adopted);
  return adopted;
}
