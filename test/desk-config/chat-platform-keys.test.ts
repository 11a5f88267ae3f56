import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config.ts';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import { parseDeskConfig } from '../../src/desk-config/load-desk-config.ts';

const TEAMS_CHANNEL = '19:a1b2c3d4e5f6@thread.tacv2';
const TEAMS_TEAM = '8f0c5a2e-1b7d-4c1e-9a57-0f3d2b6c9e11';
const ENTRA_ID = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';

function base() {
  return {
    defaultTeam: 'community',
    teams: [
      { id: 'community', name: 'Community', slackChannel: 'C0COMM0001', msteamsChannel: TEAMS_CHANNEL, msteamsTeamId: TEAMS_TEAM, members: 'channel' },
      { id: 'legal', name: 'Legal', slackChannel: 'C0COMM0001' } as Record<string, unknown>,
    ],
    members: [{ id: 'anna', name: 'Anna', slackUserId: 'U0ANNA0001', msteamsUserId: ENTRA_ID, roles: ['agent', 'lead'], teams: ['community'] } as Record<string, unknown>],
  };
}

const parse = (raw: unknown) => parseDeskConfig(stringify(raw), 'desk.yaml');

function errorOf(raw: unknown): string {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the desk configuration to be rejected');
}

describe('chat platforms in the desk configuration', () => {
  it('turns the Slack and Microsoft Teams keys into channels and identities per platform', () => {
    const directory = buildDirectory(parse(base()));
    expect(directory.team('community')?.channels).toEqual([
      { platform: 'slack', channel: 'C0COMM0001' },
      { platform: 'msteams', channel: TEAMS_CHANNEL, space: TEAMS_TEAM },
    ]);
    expect(directory.team('community')?.members).toBe('channel');
    // Left out: listed, as every file written before the key existed means.
    expect(directory.team('legal')?.members).toBe('listed');
    // Entra object ids are GUIDs, compared without case (activities send them in lower case).
    expect(directory.memberByIdentity('msteams', ENTRA_ID.toLowerCase())?.id).toBe('anna');
    expect(directory.memberByIdentity('slack', 'U0ANNA0001')?.id).toBe('anna');
    expect(directory.memberByIdentity('msteams', 'U0ANNA0001')).toBeUndefined();
  });

  it('lets two teams share a channel, as before', () => {
    const directory = buildDirectory(parse(base()));
    expect(directory.teamByChannel('slack', 'C0COMM0001')?.id).toBe('community');
    expect(directory.team('legal')?.channels).toEqual([{ platform: 'slack', channel: 'C0COMM0001' }]);
  });

  it('says what to fix in a Teams id, a missing team id, and members: channel without a channel', () => {
    const badChannel = base();
    badChannel.teams[0]!.msteamsChannel = 'General';
    expect(errorOf(badChannel)).toContain('teams.0.msteamsChannel: must be a Microsoft Teams channel id such as 19:abc123@thread.tacv2');
    const noTeam = base();
    delete (noTeam.teams[0] as Record<string, unknown>).msteamsTeamId;
    expect(errorOf(noTeam)).toContain('teams.0.msteamsTeamId: set msteamsTeamId (the team the channel belongs to) next to msteamsChannel');
    const badUser = base();
    badUser.members[0]!.msteamsUserId = 'anna@example.com';
    expect(errorOf(badUser)).toContain('members.0.msteamsUserId: must be a Microsoft Entra object id');
    const nowhere = base();
    nowhere.teams[1] = { id: 'legal', name: 'Legal', members: 'channel' };
    expect(errorOf(nowhere)).toContain('teams.1.members: members: channel takes the team’s people from its chat channel');
    const twice = base();
    twice.members.push({ id: 'ben', name: 'Ben', msteamsUserId: ENTRA_ID.toLowerCase() });
    expect(errorOf(twice)).toContain(`Microsoft Teams user ${ENTRA_ID.toLowerCase()} belongs to two members`);
  });
});
