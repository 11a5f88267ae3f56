import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { type DeskConfig, deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import type { ChatPeople, ChatProfile } from '../../src/domain/chat-people.ts';
import type { Directory, MemberInfo } from '../../src/domain/directory.ts';
import type { MemberStore } from '../../src/domain/member-store.ts';
import { learnRecordedMembers } from '../../src/use-cases/learn-recorded-members.ts';
import { recordedMemberId, resolveMember } from '../../src/use-cases/resolve-member.ts';

const CHANNEL = { community: 'C0COMMUNITY', support: 'C0SUPPORT01', legal: 'C0LEGAL0001' } as const;
const NEWCOMER = 'U0NEW00001';

/** Community and support take their people from their channels; legal lists them. */
function config(overrides: { community?: 'listed' | 'channel'; support?: 'listed' | 'channel' } = {}): DeskConfig {
  return deskConfigSchema.parse({
    defaultTeam: 'community',
    teams: [
      { id: 'community', name: 'Community', slackChannel: CHANNEL.community, members: overrides.community ?? 'channel', lead: 'anna', locale: 'de', timeZone: 'Europe/Berlin' },
      { id: 'support', name: 'Support', slackChannel: CHANNEL.support, members: overrides.support ?? 'channel', locale: 'en', timeZone: 'America/New_York' },
      { id: 'legal', name: 'Legal', slackChannel: CHANNEL.legal, locale: 'en' },
    ],
    members: [
      { id: 'anna', name: 'Anna', slackUserId: 'U0ANNA0001', roles: ['agent', 'lead'], teams: ['community'] },
      { id: 'ops', name: 'Ops', slackUserId: 'U0OPS00001', roles: ['admin'] },
    ],
  });
}

/** Channel membership and profiles as a platform would answer them; counts what it was asked. */
class FakePeople implements ChatPeople {
  readonly platform = 'slack';
  readonly asked: string[] = [];
  constructor(
    readonly channels: Record<string, string[]>,
    readonly profiles: Record<string, ChatProfile | null> = {},
  ) {}
  async isInChannel(channel: string, userId: string): Promise<boolean> {
    this.asked.push(`members:${channel}`);
    await Promise.resolve();
    return (this.channels[channel] ?? []).includes(userId);
  }
  async profile(userId: string): Promise<ChatProfile | null> {
    this.asked.push(`profile:${userId}`);
    await Promise.resolve();
    return userId in this.profiles ? this.profiles[userId]! : { name: `Person ${userId}` };
  }
}

/**
 * Recorded members as the database keeps them: one row per id, one owner per identity, inserts that
 * find the row already there change nothing. Each call yields first, so concurrent calls interleave.
 */
class MemoryMemberStore implements MemberStore {
  readonly rows = new Map<string, MemberInfo>();
  inserts = 0;
  async recordMember(member: MemberInfo): Promise<MemberInfo | null> {
    await new Promise((resolve) => setImmediate(resolve));
    const identity = member.identities![0]!;
    if (!this.rows.has(member.id)) {
      this.rows.set(member.id, structuredClone(member));
      this.inserts++;
    }
    return this.recordedByIdentity(identity.platform, identity.userId);
  }
  async addTeam(memberId: string, teamId: string): Promise<MemberInfo | null> {
    await new Promise((resolve) => setImmediate(resolve));
    const row = this.rows.get(memberId);
    if (!row) return null;
    if (!row.teamIds.includes(teamId)) row.teamIds = [...row.teamIds, teamId];
    return structuredClone(row);
  }
  async recordedByIdentity(platform: string, userId: string): Promise<MemberInfo | null> {
    const row = [...this.rows.values()].find((m) => m.identities?.some((i) => i.platform === platform && i.userId === userId));
    return row ? structuredClone(row) : null;
  }
  async recordedByIds(ids: readonly string[]): Promise<MemberInfo[]> {
    return ids.flatMap((id) => (this.rows.has(id) ? [structuredClone(this.rows.get(id)!)] : []));
  }
  async recordedMembers(): Promise<MemberInfo[]> {
    return [...this.rows.values()].map((m) => structuredClone(m));
  }
}

function desk(options: { config?: DeskConfig; channels?: Record<string, string[]>; profiles?: Record<string, ChatProfile | null>; store?: MemoryMemberStore } = {}) {
  const directory: Directory = buildDirectory(options.config ?? config());
  const people = new FakePeople(options.channels ?? { [CHANNEL.community]: [NEWCOMER] }, options.profiles);
  const memberStore = options.store ?? new MemoryMemberStore();
  return { directory, people, memberStore, deps: { directory, memberStore, people: [people] } };
}

const click = (channel?: string, userId = NEWCOMER) => ({ platform: 'slack', platformUserId: userId, channel });

describe('resolveMember', () => {
  it('finds configured members without asking the chat platform', async () => {
    const { deps, people } = desk();
    expect((await resolveMember(click(CHANNEL.community, 'U0ANNA0001'), deps))?.id).toBe('anna');
    expect((await resolveMember(click(undefined, 'U0OPS00001'), deps))?.id).toBe('ops');
    expect(people.asked).toEqual([]);
  });

  it('refuses unlisted people when every team lists its members, without asking the platform', async () => {
    const { deps, people, memberStore } = desk({ config: config({ community: 'listed', support: 'listed' }) });
    expect(await resolveMember(click(CHANNEL.community), deps)).toBeNull();
    expect(people.asked).toEqual([]);
    expect(memberStore.rows.size).toBe(0);
  });

  it('without the platform or the member store, finds only configured members (members: listed)', async () => {
    const { directory, memberStore, people } = desk();
    expect(await resolveMember(click(CHANNEL.community), { directory })).toBeNull();
    expect(await resolveMember(click(CHANNEL.community), { directory, people: [people] })).toBeNull();
    expect(await resolveMember(click(CHANNEL.community), { directory, memberStore })).toBeNull();
  });

  it('records a person in a members: channel team’s channel as an agent of that team, with name, language and zone from their profile', async () => {
    const { deps, directory, memberStore } = desk({ profiles: { [NEWCOMER]: { name: 'Nora Neu', locale: 'de', timeZone: 'Europe/Vienna' } } });
    const member = await resolveMember(click(CHANNEL.community), deps);
    const expected: MemberInfo = {
      id: 'slack-u0new00001',
      name: 'Nora Neu',
      identities: [{ platform: 'slack', userId: NEWCOMER }],
      roles: ['agent'],
      teamIds: ['community'],
      locale: 'de',
      timeZone: 'Europe/Vienna',
      origin: 'channel',
    };
    expect(member).toEqual(expected);
    expect(directory.memberByIdentity('slack', NEWCOMER)).toEqual(expected);
    expect(directory.displayName('slack-u0new00001')).toBe('Nora Neu');
    expect([...memberStore.rows.values()]).toEqual([expected]);
  });

  it('takes the team’s zone and language when the profile has none (or a zone no one knows)', async () => {
    const { deps, directory } = desk({ profiles: { [NEWCOMER]: { name: 'Nora', timeZone: 'Mars/Olympus_Mons' } } });
    const member = await resolveMember(click(CHANNEL.community), deps);
    expect(member).toMatchObject({ timeZone: 'Europe/Berlin' });
    expect(member).not.toHaveProperty('locale');
    expect(directory.localeOf(member!.id)).toBe('de');
  });

  it('records a person once when they click twice at once, and once across two instances', async () => {
    const store = new MemoryMemberStore();
    const a = desk({ store });
    const b = desk({ store });
    const results = await Promise.all([resolveMember(click(CHANNEL.community), a.deps), resolveMember(click(CHANNEL.community), a.deps), resolveMember(click(CHANNEL.community), b.deps)]);
    expect(new Set(results.map((m) => m?.id))).toEqual(new Set(['slack-u0new00001']));
    expect(store.inserts).toBe(1);
    expect(a.directory.allMembers().filter((m) => m.origin === 'channel')).toHaveLength(1);
    expect(b.directory.memberByIdentity('slack', NEWCOMER)?.id).toBe('slack-u0new00001');
  });

  it('refuses people who are in no members: channel team’s channel, and records nobody', async () => {
    const { deps, memberStore } = desk({ channels: { [CHANNEL.legal]: [NEWCOMER] } });
    expect(await resolveMember(click(CHANNEL.legal), deps)).toBeNull();
    expect(await resolveMember(click(CHANNEL.community), deps)).toBeNull();
    expect(memberStore.rows.size).toBe(0);
  });

  it('asks the channel the person acted in first, and records them for that team', async () => {
    const { deps, people } = desk({ channels: { [CHANNEL.community]: [NEWCOMER], [CHANNEL.support]: [NEWCOMER] } });
    const member = await resolveMember(click(CHANNEL.support), deps);
    expect(member?.teamIds).toEqual(['support']);
    expect(people.asked).toEqual([`members:${CHANNEL.support}`, `profile:${NEWCOMER}`]);
  });

  it('counts a person acting elsewhere (a direct message, a listed team’s channel) for the first channel team they are in', async () => {
    const { deps } = desk({ channels: { [CHANNEL.support]: [NEWCOMER] } });
    expect((await resolveMember(click(undefined), deps))?.teamIds).toEqual(['support']);
    expect((await resolveMember(click(CHANNEL.legal), deps))?.teamIds).toEqual(['support']);
  });

  it('records nobody from a first click in a listed team’s channel: that team refuses unlisted people as it always did', async () => {
    const { deps, people } = desk({ channels: { [CHANNEL.support]: [NEWCOMER] } });
    expect(await resolveMember(click(CHANNEL.legal), deps)).toBeNull();
    expect(people.asked).toEqual([]);
  });

  it('adds another members: channel team when a recorded person acts in its channel', async () => {
    const { deps, directory, memberStore, people } = desk({ channels: { [CHANNEL.community]: [NEWCOMER] } });
    await resolveMember(click(CHANNEL.community), deps);
    people.channels[CHANNEL.support] = [NEWCOMER];
    const member = await resolveMember(click(CHANNEL.support), deps);
    expect(member?.teamIds).toEqual(['community', 'support']);
    expect(directory.member('slack-u0new00001')?.teamIds).toEqual(['community', 'support']);
    expect(memberStore.rows.get('slack-u0new00001')?.teamIds).toEqual(['community', 'support']);
  });

  it('stops counting a recorded person who left every members: channel team’s channel, or whose team lists its members again', async () => {
    const store = new MemoryMemberStore();
    const { deps, people } = desk({ store });
    expect(await resolveMember(click(CHANNEL.community), deps)).not.toBeNull();
    people.channels[CHANNEL.community] = [];
    expect(await resolveMember(click(CHANNEL.community), deps)).toBeNull();

    const listed = desk({ store, config: config({ community: 'listed', support: 'listed' }) });
    await learnRecordedMembers('all', listed.deps);
    expect(await resolveMember(click(CHANNEL.community), listed.deps)).toBeNull();
  });

  it('finds a person another instance recorded, from the store, without recording them again', async () => {
    const store = new MemoryMemberStore();
    await resolveMember(click(CHANNEL.community), desk({ store }).deps);
    const other = desk({ store });
    const member = await resolveMember(click(CHANNEL.community), other.deps);
    expect(member?.id).toBe('slack-u0new00001');
    expect(other.people.asked).toEqual([`members:${CHANNEL.community}`]);
    expect(store.inserts).toBe(1);
  });

  it('makes recorded people agents only: leads and admins are listed', async () => {
    const store = new MemoryMemberStore();
    await resolveMember(click(CHANNEL.community), desk({ store }).deps);
    // Even a row edited by hand does not make a lead or an admin.
    store.rows.get('slack-u0new00001')!.roles = ['lead', 'admin'];
    const other = desk({ store });
    await learnRecordedMembers('all', other.deps);
    expect(other.directory.member('slack-u0new00001')?.roles).toEqual(['agent']);
    expect(other.directory.leadsTeam(other.directory.member('slack-u0new00001')!, 'community')).toBe(false);
  });

  it('records nobody when the platform has no profile for the person', async () => {
    const { deps, memberStore } = desk({ profiles: { [NEWCOMER]: null } });
    expect(await resolveMember(click(CHANNEL.community), deps)).toBeNull();
    expect(memberStore.rows.size).toBe(0);
  });

  it('keeps a configured member’s identity and id: the configuration wins over a recorded row', async () => {
    const store = new MemoryMemberStore();
    await resolveMember(click(CHANNEL.community, 'U0ANNA0001'), desk({ store, config: config() }).deps);
    expect(store.rows.size).toBe(0);
    store.rows.set('anna', { id: 'anna', name: 'Impostor', identities: [{ platform: 'slack', userId: 'U0ANNA0001' }], roles: ['agent'], teamIds: [], timeZone: 'UTC', origin: 'channel' });
    const other = desk({ store });
    await learnRecordedMembers('all', other.deps);
    expect(other.directory.member('anna')?.name).toBe('Anna');
  });
});

describe('recordedMemberId', () => {
  it('is the platform and the user id, lowercased, and a digest for ids that are no slug', () => {
    expect(recordedMemberId('slack', 'U0ABC123')).toBe('slack-u0abc123');
    expect(recordedMemberId('msteams', '3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe('msteams-3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    const odd = recordedMemberId('msteams', '29:1a2B/c+D=');
    expect(odd).toMatch(/^msteams-[0-9a-f]{24}$/);
    expect(recordedMemberId('msteams', '29:1a2B/c+D=')).toBe(odd);
    expect(recordedMemberId('msteams', '29:1a2b/c+D=')).not.toBe(odd);
  });
});
