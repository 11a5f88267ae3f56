import type { MemberInfo } from './directory.ts';

/**
 * Members recorded on first use (origin `channel`): the people of `members: channel` teams who were never
 * listed. Configured members are mirrored by the directory sync and never come back from here.
 */
export interface MemberStore {
  /**
   * Stores `member` with its identities unless that identity is already recorded; answers the member now
   * stored for its first identity (someone else's copy when another click or instance was first), or null
   * when the id or the identity belongs to a configured member.
   */
  recordMember(member: MemberInfo): Promise<MemberInfo | null>;
  /** Adds a team to a recorded member (once); answers the member as now stored. */
  addTeam(memberId: string, teamId: string): Promise<MemberInfo | null>;
  /** The recorded member behind a platform's user id. */
  recordedByIdentity(platform: string, userId: string): Promise<MemberInfo | null>;
  /** Recorded members by id; ids that are not recorded members are left out. */
  recordedByIds(ids: readonly string[]): Promise<MemberInfo[]>;
  /** Every recorded member (read at start). */
  recordedMembers(): Promise<MemberInfo[]>;
}
