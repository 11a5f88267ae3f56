import { describe, expect, it } from 'vitest';
import type { ConversationStore } from '../../../src/domain/conversation-store.ts';
import { TeamsConversations, refKey } from '../../../src/chat/teams/teams-conversations.ts';

const THREAD = '19:Xk2mP9vQ4rT7wY1zB5nC8dF3gH6jL0sA-QcVbNm1@thread.tacv2';
const GROUP = '2C4E6A8B-1D3F-4B5A-8C7E-9F0A1B2C3D4E';
const SERVICE = 'https://smba.trafficmanager.net/amer/8a1b2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d/';

function memoryStore(): ConversationStore & { rows: Map<string, Record<string, unknown>> } {
  const rows = new Map<string, Record<string, unknown>>();
  return {
    rows,
    async save(platform, key, reference) {
      rows.set(`${platform}|${key}`, structuredClone(reference));
      return true;
    },
    async find(platform, key) {
      return structuredClone(rows.get(`${platform}|${key}`) ?? null);
    },
  };
}

describe('TeamsConversations', () => {
  it('learns a team’s group id when the team is remembered under it, so Graph can be given the GUID for a thread id', async () => {
    const store = memoryStore();
    const conversations = new TeamsConversations(store, () => new Date('2026-11-27T09:00:00Z'));
    const team = { serviceUrl: SERVICE, teamId: THREAD, name: 'Social Media Desk' };
    // What the adapter does when it is added to a team: the team under its thread id, then under its group id.
    await conversations.remember(refKey.team(THREAD), team);
    expect(await conversations.groupIdOfTeam(THREAD)).toBeNull();
    await conversations.remember(refKey.team(GROUP), team);

    expect(await conversations.groupIdOfTeam(THREAD)).toBe(GROUP.toLowerCase());
    expect(await conversations.find(refKey.team(THREAD))).toMatchObject({ serviceUrl: SERVICE, teamId: THREAD, aadGroupId: GROUP.toLowerCase() });
    expect(await conversations.find(refKey.team(GROUP))).toMatchObject({ serviceUrl: SERVICE, teamId: THREAD, aadGroupId: GROUP.toLowerCase() });
  });

  it('takes a GUID as the group id itself, and knows none for a team it never heard of', async () => {
    const conversations = new TeamsConversations(memoryStore(), () => new Date(0));
    expect(await conversations.groupIdOfTeam(GROUP)).toBe(GROUP.toLowerCase());
    expect(await conversations.groupIdOfTeam('19:unknown@thread.tacv2')).toBeNull();
  });

  it('keeps what it knew when a later sighting says less (a person’s 1:1 chat id stays)', async () => {
    const conversations = new TeamsConversations(memoryStore(), () => new Date(0));
    const key = refKey.person('6B1F0C2E-8A3D-4E5F-9B7C-1D2E3F4A5B6C');
    await conversations.remember(key, { serviceUrl: SERVICE, userId: '29:alex', conversationId: 'a:1chat' });
    await conversations.remember(key, { serviceUrl: SERVICE, userId: '29:alex', name: 'Alex Berger' });
    expect(await conversations.find(key)).toEqual({ serviceUrl: SERVICE, userId: '29:alex', conversationId: 'a:1chat', name: 'Alex Berger' });
  });
});
