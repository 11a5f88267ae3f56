import { createHash } from 'node:crypto';
import type { ChatPeople } from '../domain/chat-people.ts';
import type { Directory, MemberInfo, TeamInfo } from '../domain/directory.ts';
import type { MemberStore } from '../domain/member-store.ts';
import { adoptRecordedMember } from './learn-recorded-members.ts';

/**
 * What finding a member needs. Without `memberStore` and `people` (tests, a desk without chat) only
 * configured members are found, which is exactly `members: listed`.
 */
export interface MemberDeps {
  directory: Directory;
  /** Members recorded on first use, shared by every instance. */
  memberStore?: MemberStore;
  /** Channel membership and profiles, one per chat platform. */
  people?: readonly ChatPeople[];
}

export interface MemberLookup {
  platform: string;
  platformUserId: string;
  /** The channel the person acted in (a click or a command), if any: that channel's team is asked first. */
  channel?: string;
}

/**
 * The desk member behind a chat user, or null. Configured members first. Otherwise, for teams with
 * `members: channel` on that platform, anyone in such a team's channel is an agent: recorded on first use
 * (name, language and zone from their profile) and, while they stay in one of those channels, found again
 * on later clicks; acting in another such team's channel adds that team. Leaving every such channel, or the
 * team going back to `members: listed`, ends it: unlisted people are refused as before.
 */
export async function resolveMember(input: MemberLookup, deps: MemberDeps): Promise<MemberInfo | null> {
  const { directory, memberStore } = deps;
  const known = directory.memberByIdentity(input.platform, input.platformUserId);
  if (known && known.origin !== 'channel') return known;
  const people = deps.people?.find((p) => p.platform === input.platform);
  if (!people || !memberStore) return null;

  // A team that lists its people refuses everyone else in its channel, as it always did.
  if (!known && input.channel && listsItsPeople(directory, input.platform, input.channel)) return null;
  const team = await channelTeamOf(input, directory, people);
  if (!team) return null;
  // Recorded by another instance since this one started: the database knows them.
  const recorded = known ?? (await memberStore.recordedByIdentity(input.platform, input.platformUserId));
  const member = recorded && adoptRecordedMember(directory, recorded);
  if (member) return member.teamIds.includes(team.id) ? member : joinTeam(member, team, memberStore, directory);
  return record(input, team, people, memberStore, directory);
}

/** The stable id of a recorded member: the same on every instance, for every click. */
export function recordedMemberId(platform: string, userId: string): string {
  // Ids in one case (upper-case ids, GUIDs) read well lower-cased; a mixed-case id is
  // hashed as it is, so two users whose ids differ only in case never share a member.
  const oneCase = /^[A-Z0-9-]{1,48}$/.test(userId) || /^[a-z0-9-]{1,48}$/.test(userId);
  const key = oneCase ? userId.toLowerCase() : createHash('sha256').update(userId).digest('hex').slice(0, 24);
  return `${platform}-${key}`;
}

/** The first `members: channel` team whose channel the person is in, the channel they acted in first. */
async function channelTeamOf(input: MemberLookup, directory: Directory, people: ChatPeople): Promise<TeamInfo | null> {
  const candidates = directory
    .allTeams()
    .flatMap((team) => {
      const channel = team.members === 'channel' ? directory.channelOn(team, input.platform)?.channel : undefined;
      return channel ? [{ team, channel }] : [];
    })
    .sort((a, b) => Number(b.channel === input.channel) - Number(a.channel === input.channel));
  // The channel they acted in first (usually the answer); the others side by side, so a click waits
  // for the slowest list at most once, not for each in turn.
  const [first, ...rest] = candidates;
  if (!first) return null;
  if (await people.isInChannel(first.channel, input.platformUserId)) return first.team;
  const inChannel = await Promise.all(rest.map(({ channel }) => people.isInChannel(channel, input.platformUserId)));
  return rest.find((_, i) => inChannel[i])?.team ?? null;
}

/** True when the channel belongs to teams that all list their people (none takes them from the channel). */
function listsItsPeople(directory: Directory, platform: string, channel: string): boolean {
  const teams = directory.allTeams().filter((t) => directory.channelOn(t, platform)?.channel === channel);
  return teams.length > 0 && teams.every((t) => t.members !== 'channel');
}

async function joinTeam(member: MemberInfo, team: TeamInfo, store: MemberStore, directory: Directory): Promise<MemberInfo> {
  const stored = await store.addTeam(member.id, team.id);
  return adoptRecordedMember(directory, stored ?? { ...member, teamIds: [...member.teamIds, team.id] }) ?? member;
}

async function record(input: MemberLookup, team: TeamInfo, people: ChatPeople, store: MemberStore, directory: Directory): Promise<MemberInfo | null> {
  const id = recordedMemberId(input.platform, input.platformUserId);
  // A configured member who happens to have this id keeps it; this person stays unlisted.
  const taken = directory.member(id);
  if (taken && taken.origin !== 'channel') return null;
  const profile = await people.profile(input.platformUserId);
  if (!profile) return null;
  const member: MemberInfo = {
    id,
    name: profile.name,
    identities: [{ platform: input.platform, userId: input.platformUserId }],
    roles: ['agent'],
    teamIds: [team.id],
    ...(profile.locale ? { locale: profile.locale } : {}),
    timeZone: profile.timeZone && isTimeZone(profile.timeZone) ? profile.timeZone : team.timeZone,
    origin: 'channel',
  };
  // Another click or instance may have been first, perhaps from another team's channel.
  const stored = await store.recordMember(member);
  if (!stored) return null;
  const withTeam = stored.teamIds.includes(team.id) ? stored : ((await store.addTeam(stored.id, team.id)) ?? stored);
  return adoptRecordedMember(directory, withTeam);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
