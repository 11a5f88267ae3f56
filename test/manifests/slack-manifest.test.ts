import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../src/chat/slack/create-slack-app.ts';
import { DESK_COMMAND } from '../../src/chat/slack/listeners/desk-command.ts';
import { CRISIS_COMMAND } from '../../src/chat/slack/listeners/crisis-command.ts';
import { KPI_COMMAND } from '../../src/chat/slack/listeners/kpi-command.ts';

const manifest = parse(readFileSync(new URL('../../manifests/slack/manifest.yaml', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string; url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string } };
};

describe('Slack manifest', () => {
  it('registers every slash command the code handles, on the events endpoint', () => {
    const commands = manifest.features.slash_commands.map((c) => c.command);
    expect(commands).toContain(DESK_COMMAND);
    expect(commands).toContain(CRISIS_COMMAND);
    expect(commands).toContain(KPI_COMMAND);
    for (const c of manifest.features.slash_commands) expect(new URL(c.url).pathname).toBe(SLACK_EVENTS_PATH);
  });

  it('sends interactivity (card buttons) to the events endpoint', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
  });

  it('asks for the scopes of the Web API methods the gateway calls', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write', 'im:write', 'commands', 'channels:history', 'groups:history', 'channels:manage', 'groups:write', 'channels:join', 'files:write']));
  });

  it('asks for what members: channel reads: channel members (public and private) and people\'s profiles', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['channels:read', 'groups:read', 'users:read']));
  });
});
