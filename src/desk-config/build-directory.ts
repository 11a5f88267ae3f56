import { Directory } from '../domain/directory.ts';
import type { DeskConfig } from './desk-config-schema.ts';

export function buildDirectory(config: DeskConfig): Directory {
  return new Directory(
    config.teams.map((t) => ({
      id: t.id,
      name: t.name,
      slackChannel: t.slackChannel,
      leadId: t.lead,
      locale: t.locale,
      timeZone: t.timeZone,
    })),
    config.members.map((m) => ({
      id: m.id,
      name: m.name,
      slackUserId: m.slackUserId,
      roles: m.roles,
      teamIds: m.teams,
      locale: m.locale,
      timeZone: m.timeZone,
    })),
    { teamId: config.defaultTeam, priority: config.defaultPriority },
  );
}
