import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textMessage } from '../../../src/chat/teams/adaptive-card.ts';
import { TeamsConversations, refKey } from '../../../src/chat/teams/teams-conversations.ts';
import { TeamsGateway, type TeamsRenderers } from '../../../src/chat/teams/teams-gateway.ts';
import { clientCredentialsTokens } from '../../../src/chat/teams/teams-token.ts';
import type { ConversationStore } from '../../../src/domain/conversation-store.ts';
import type { CrisisMessageView } from '../../../src/domain/crisis-view.ts';
import type { MemberInfo } from '../../../src/domain/directory.ts';
import { createLogger } from '../../../src/logger.ts';
import { TEAMS_DEFAULTS, type TeamsConnector, startTeamsConnector } from '../../support/teams-connector.ts';

const TEAM = TEAMS_DEFAULTS.team;
/** A channel of the team that only the configuration names (e.g. crisis.msteamsStakeholderChannel): nobody wrote in it. */
const STAKEHOLDERS = { id: '19:5e6f7a8b9c0d4e1f8a2b3c4d5e6f7a8b@thread.tacv2', displayName: 'Stakeholders' };

function memoryStore(): ConversationStore {
  const rows = new Map<string, Record<string, unknown>>();
  return {
    async save(platform, key, reference) {
      rows.set(`${platform}|${key}`, structuredClone(reference));
      return true;
    },
    async find(platform, key) {
      return structuredClone(rows.get(`${platform}|${key}`) ?? null);
    },
  };
}

const say = (text: string) => textMessage(text, []);
const render: TeamsRenderers = {
  card: () => say('card'),
  reminder: () => say('reminder'),
  summary: () => say('summary'),
  notice: () => say('notice'),
  crisis: (view) => say(`crisis ${view.kind}`),
  digest: () => say('digest'),
};

describe('TeamsGateway against the Bot Connector and Graph stand-in', () => {
  let connector: TeamsConnector;
  beforeAll(async () => {
    connector = await startTeamsConnector({
      users: [{ id: '29:1StandInOps', name: 'Ops Desk', aadObjectId: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b' }],
      teams: [{ ...TEAM, channels: [{ ...TEAMS_DEFAULTS.channel }, STAKEHOLDERS], members: TEAMS_DEFAULTS.users.map((u) => ({ ...u })) }],
    });
  });
  afterAll(async () => connector?.close());

  /** The stores behind the last gateway made. */
  let conversations: TeamsConversations;

  /** A gateway whose desk team is `roomTeamId` and whose members are on no Teams team, with what an install of the app stored. */
  async function gateway(options: { roomTeamId: string | undefined; installed: boolean }) {
    conversations = new TeamsConversations(memoryStore(), () => new Date());
    if (options.installed) {
      // What the adapter stores when it is added to the team (create-teams-app.ts, rememberTeam).
      const team = { serviceUrl: connector.serviceUrl, tenantId: connector.tenantId, teamId: TEAM.id, name: TEAM.name };
      await conversations.remember(refKey.team(TEAM.id), team);
      await conversations.remember(refKey.team(TEAM.aadGroupId), team);
    }
    const tokens = clientCredentialsTokens({ tokenUrl: connector.tokenUrlFor(connector.tenantId), clientId: connector.appId, clientSecret: TEAMS_DEFAULTS.appSecret, now: Date.now });
    return new TeamsGateway({
      appId: connector.appId,
      tenantId: connector.tenantId,
      tokens,
      conversations,
      render,
      graphUrl: connector.graphUrl,
      teamOfChannel: () => undefined,
      teamsOfMember: () => [],
      roomTeamId: () => options.roomTeamId,
      log: createLogger('silent'),
    });
  }

  it('creates a crisis room through Graph under the team’s group id when the team is configured by its thread id', async () => {
    connector.reset();
    const teams = await gateway({ roomTeamId: TEAM.id, installed: true });
    const { channel } = await teams.createRoom('crisis-drill-1-20261127', false);
    const [create] = connector.callsTo('graph.channels.create');
    expect(create?.graphTeamId).toBe(TEAM.aadGroupId);
    expect(connector.graphChannels(TEAM.aadGroupId).find((c) => c.id === channel)).toMatchObject({ displayName: 'crisis-drill-1-20261127' });
    // The new room can be posted into at once: its service URL is remembered with it.
    const posted = await teams.postCrisisMessage({ kind: 'channel', channel }, { kind: 'board' } as CrisisMessageView);
    expect(connector.activity(posted.messageId)?.baseConversationId).toBe(channel);
  });

  it('says what to do, and retries, while the group id of a thread id is unknown; a configured GUID needs nothing stored', async () => {
    connector.reset();
    const unknown = await gateway({ roomTeamId: TEAM.id, installed: false });
    await expect(unknown.createRoom('crisis-1', false)).rejects.toMatchObject({ kind: 'retry', message: expect.stringContaining('add the app to the team') });
    expect(connector.callsTo('graph.channels.create')).toHaveLength(0);

    const byGuid = await gateway({ roomTeamId: TEAM.aadGroupId.toUpperCase(), installed: false });
    await byGuid.createRoom('crisis-2', false);
    expect(connector.callsTo('graph.channels.create')[0]?.graphTeamId).toBe(TEAM.aadGroupId);
  });

  it('opens a 1:1 chat with someone on no desk team with a Teams channel through the desk’s own team', async () => {
    connector.reset();
    const teams = await gateway({ roomTeamId: TEAM.id, installed: true });
    const ops: MemberInfo = { id: 'ops', name: 'Ops', roles: ['admin'], teamIds: [], timeZone: 'UTC', identities: [{ platform: 'msteams', userId: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b' }] };
    const posted = await teams.postCrisisMessage({ kind: 'person', member: ops }, { kind: 'page' } as CrisisMessageView);
    const [created] = connector.createdConversations;
    expect(created).toMatchObject({ kind: 'personal', request: { members: [{ id: '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b' }] } });
    expect(posted.channel).toBe(created!.id);
    expect(String(connector.activity(posted.messageId)?.activity.text)).toBe('crisis page');

    const nowhere = await gateway({ roomTeamId: undefined, installed: true });
    await expect(nowhere.postCrisisMessage({ kind: 'person', member: { ...ops, id: 'ops2', identities: [{ platform: 'msteams', userId: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b' }] } }, { kind: 'page' } as CrisisMessageView)).rejects.toMatchObject({ kind: 'permanent' });
  });

  it('answers privately in the person’s own 1:1 chat as a normal message, and in a channel as a targeted one', async () => {
    connector.reset();
    const teams = await gateway({ roomTeamId: TEAM.id, installed: true });
    const alex = TEAMS_DEFAULTS.users[0]!;
    const chat = connector.personalConversationFor(alex.id);
    // What the adapter stores when the person writes to the bot in their 1:1 chat.
    await conversations.remember(refKey.person(alex.aadObjectId), { serviceUrl: connector.serviceUrl, tenantId: connector.tenantId, userId: alex.id, conversationId: chat });
    await conversations.remember(refKey.channel(TEAMS_DEFAULTS.channel.id), { serviceUrl: connector.serviceUrl, tenantId: connector.tenantId, teamId: TEAM.id, conversationId: TEAMS_DEFAULTS.channel.id });
    const notice = { text: 'posted' } as never;

    await teams.notifyEphemeral(chat, alex.aadObjectId, notice);
    expect(connector.activities(chat)).toMatchObject([{ targeted: false, via: 'create', activity: { text: 'notice' } }]);

    await teams.notifyEphemeral(TEAMS_DEFAULTS.channel.id, alex.aadObjectId, notice);
    expect(connector.activities(TEAMS_DEFAULTS.channel.id)).toMatchObject([{ targeted: true, activity: { recipient: { id: alex.id } } }]);
    expect(connector.createdConversations).toHaveLength(0);
  });

  it('posts into and updates channels only the configuration names (the General channel, a stakeholder channel) with the team’s service URL', async () => {
    connector.reset();
    const teams = await gateway({ roomTeamId: TEAM.id, installed: true });
    for (const channel of [TEAM.id, STAKEHOLDERS.id]) {
      const posted = await teams.postCrisisMessage({ kind: 'channel', channel }, { kind: 'announcement' } as CrisisMessageView);
      expect(posted.channel).toBe(channel);
      await teams.updateCrisisMessage(channel, posted.messageId, { kind: 'report' } as CrisisMessageView);
      expect(connector.activity(posted.messageId)).toMatchObject({ baseConversationId: channel, updateCount: 1, activity: { text: 'crisis report' } });
    }
    // Not added to any team yet: it waits (and says why) instead of guessing.
    const nowhere = await gateway({ roomTeamId: TEAM.id, installed: false });
    await expect(nowhere.postCrisisMessage({ kind: 'channel', channel: STAKEHOLDERS.id }, { kind: 'announcement' } as CrisisMessageView)).rejects.toMatchObject({ kind: 'retry' });
  });
});
