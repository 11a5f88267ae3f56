import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { MemberInfo } from '../../src/domain/directory.ts';
import { PrismaMemberStore } from '../../src/store/prisma-member-store.ts';
import { syncDirectory } from '../../src/store/sync-directory.ts';
import { USERS, testDeskConfig } from '../support/desk-harness.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

function recorded(userId: string, overrides: Partial<MemberInfo> = {}): MemberInfo {
  return {
    id: `slack-${userId.toLowerCase()}`,
    name: `Person ${userId}`,
    identities: [{ platform: 'slack', userId }],
    roles: ['agent'],
    teamIds: ['community'],
    timeZone: 'Europe/Berlin',
    origin: 'channel',
    ...overrides,
  };
}

describe.each(backends())('recorded members on %s', (backend) => {
  let database: TestDatabase;
  let store: PrismaMemberStore;
  /** A second instance: its own connection pool on the same database. */
  let other: PrismaMemberStore;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await syncDirectory(database.db.prisma, buildDirectory(testDeskConfig()));
    store = new PrismaMemberStore(database.db.prisma);
    other = new PrismaMemberStore((await database.reopen()).prisma);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('stores a member with its identity, and answers the stored one when it is recorded again', async () => {
    const first = await store.recordMember(recorded('U0REC00001', { name: 'Rita', locale: 'de' }));
    expect(first).toEqual(recorded('U0REC00001', { name: 'Rita', locale: 'de' }));
    const again = await other.recordMember(recorded('U0REC00001', { name: 'Rita R.', teamIds: ['support'] }));
    expect(again).toEqual(first);
    expect(await store.recordedByIdentity('slack', 'U0REC00001')).toEqual(first);
    const row = await database.db.prisma.member.findUniqueOrThrow({ where: { id: 'slack-u0rec00001' } });
    expect(row).toMatchObject({ origin: 'channel', roles: ['agent'], teamIds: ['community'], locale: 'de' });
  });

  it('records a person once when many clicks on two instances record them at the same moment', async () => {
    const member = recorded('U0RACE0001');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).recordMember(member)));
    expect(results.every((r) => r?.id === member.id)).toBe(true);
    expect(await database.db.prisma.member.count({ where: { id: member.id } })).toBe(1);
    expect(await database.db.prisma.memberIdentity.findMany({ where: { externalId: 'U0RACE0001' } })).toEqual([{ platform: 'slack', externalId: 'U0RACE0001', memberId: member.id }]);
  });

  it('never records onto a configured member: not their identity, not their id', async () => {
    expect(await store.recordMember(recorded(USERS.anna))).toBeNull();
    // Nor leaves a member row without its identity behind.
    expect(await database.db.prisma.member.count({ where: { id: `slack-${USERS.anna.toLowerCase()}` } })).toBe(0);
    expect(await store.recordMember(recorded('U0SOMEONE1', { id: 'deniz' }))).toBeNull();
    expect(await database.db.prisma.memberIdentity.findMany({ where: { memberId: { in: ['anna', 'deniz', `slack-${USERS.anna.toLowerCase()}`] } }, orderBy: { memberId: 'asc' } })).toEqual([
      { platform: 'slack', externalId: USERS.anna, memberId: 'anna' },
      { platform: 'slack', externalId: USERS.deniz, memberId: 'deniz' },
    ]);
    expect(await store.recordedByIdentity('slack', USERS.anna)).toBeNull();
    expect(await store.recordedByIdentity('slack', 'U0SOMEONE1')).toBeNull();
  });

  it('adds a team once, however many clicks add it at once', async () => {
    await store.recordMember(recorded('U0TEAMS001'));
    const added = await Promise.all([store.addTeam('slack-u0teams001', 'support'), other.addTeam('slack-u0teams001', 'support'), store.addTeam('slack-u0teams001', 'support')]);
    expect(added.map((m) => m?.teamIds)).toEqual([
      ['community', 'support'],
      ['community', 'support'],
      ['community', 'support'],
    ]);
    expect(await store.addTeam('deniz', 'support')).toBeNull();
    expect((await database.db.prisma.member.findUniqueOrThrow({ where: { id: 'deniz' } })).teamIds).toEqual(['community']);
  });

  it('lists recorded members only, and keeps them through the next directory sync', async () => {
    await store.recordMember(recorded('U0LIST0001'));
    await syncDirectory(database.db.prisma, buildDirectory(testDeskConfig()));
    const all = await other.recordedMembers();
    expect(all.map((m) => m.id)).toContain('slack-u0list0001');
    expect(all.every((m) => m.origin === 'channel')).toBe(true);
    expect((await store.recordedByIds(['slack-u0list0001', 'anna', 'nobody'])).map((m) => m.id)).toEqual(['slack-u0list0001']);
    expect(await store.recordedByIdentity('slack', 'U0LIST0001')).toMatchObject({ id: 'slack-u0list0001', identities: [{ platform: 'slack', userId: 'U0LIST0001' }] });
  });

  it('syncs teams that share a channel, drops the identities of members no longer configured, and lets instances sync at once', async () => {
    const config = testDeskConfig();
    const legal = config.teams.find((t) => t.id === 'legal')!;
    legal.slackChannel = config.teams.find((t) => t.id === 'community')!.slackChannel;
    config.members = config.members.filter((m) => m.id !== 'deniz');
    const directory = buildDirectory(config);
    await Promise.all([syncDirectory(database.db.prisma, directory), syncDirectory((await database.reopen()).prisma, directory)]);
    expect(await database.db.prisma.teamChannel.findMany({ where: { teamId: { in: ['community', 'legal'] } }, orderBy: { teamId: 'asc' } })).toEqual([
      { teamId: 'community', platform: 'slack', channel: legal.slackChannel, space: null },
      { teamId: 'legal', platform: 'slack', channel: legal.slackChannel, space: null },
    ]);
    // Deniz stays in the member table (the event log names him) but his Slack id is free again.
    expect(await database.db.prisma.memberIdentity.count({ where: { memberId: 'deniz' } })).toBe(0);
    expect(await database.db.prisma.member.count({ where: { id: 'deniz' } })).toBe(1);
    await syncDirectory(database.db.prisma, buildDirectory(testDeskConfig()));
  });
});
