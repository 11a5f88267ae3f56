import type { Desk } from '../../src/app.ts';
import type { DeskConfig } from '../../src/desk-config/desk-config-schema.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import type { Database } from '../../src/store/open-database.ts';
import type { Clock } from '../../src/domain/ports.ts';
import type { DeliveryOptions } from '../../src/jobs/deliver-outbox.ts';
import { startTestDesk, testDeskConfig } from './desk-harness.ts';
import { startSlackStandIn, type SlackStandIn } from './slack-stand-in.ts';
import { TEAMS_DEFAULTS, type TeamsConnector } from './teams-connector.ts';
import { loadTeamsFixture } from './teams-fixtures.ts';

/** The Teams people of the default stand-in, as desk members: anna is Alex Berger, deniz is Jordan Keller. */
export const TEAMS_PEOPLE = {
  anna: TEAMS_DEFAULTS.users[0]!,
  deniz: TEAMS_DEFAULTS.users[1]!,
} as const;

/** The Social Inbox channel of the stand-in's team: the community team's Teams channel. */
export const TEAMS_CHANNEL = TEAMS_DEFAULTS.channel.id;

/** The harness desk with the community team also in Teams (card in Slack and Teams), anna and deniz on both. */
export function teamsDeskConfig(over: (config: DeskConfig) => void = () => {}): DeskConfig {
  const raw = structuredClone(testDeskConfig()) as DeskConfig;
  raw.teams = raw.teams.map((t) => (t.id === 'community' ? { ...t, msteamsChannel: TEAMS_CHANNEL, msteamsTeamId: TEAMS_DEFAULTS.team.id } : t));
  raw.members = raw.members.map((m) =>
    m.id === 'anna' ? { ...m, msteamsUserId: TEAMS_PEOPLE.anna.aadObjectId } : m.id === 'deniz' ? { ...m, msteamsUserId: TEAMS_PEOPLE.deniz.aadObjectId } : m,
  );
  over(raw);
  return deskConfigSchema.parse(raw);
}

/** Settings that point the desk's Teams adapter at the stand-in (tokens from its tenant, Graph and keys on loopback). */
export function teamsEnv(connector: TeamsConnector): Record<string, string> {
  return {
    TEAMS_APP_ID: connector.appId,
    TEAMS_APP_PASSWORD: TEAMS_DEFAULTS.appSecret,
    TEAMS_TENANT_ID: connector.tenantId,
    TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
    TEAMS_TOKEN_URL: connector.tokenUrlFor(connector.tenantId),
    GRAPH_API_URL: connector.graphUrl,
  };
}

/** The real desk with Slack (its stand-in) and Teams (the Bot Connector stand-in) both on. */
export async function startTeamsDesk(options: {
  connector: TeamsConnector;
  db: Database;
  slack?: SlackStandIn;
  clock?: Clock;
  deskConfig?: DeskConfig;
  delivery?: Partial<DeliveryOptions>;
  env?: Record<string, string>;
}): Promise<{ desk: Desk; slack: SlackStandIn; ownSlack: boolean }> {
  const slack = options.slack ?? (await startSlackStandIn());
  const desk = await startTestDesk({
    standIn: slack,
    db: options.db,
    clock: options.clock,
    delivery: options.delivery,
    deskConfig: options.deskConfig ?? teamsDeskConfig(),
    env: { ...teamsEnv(options.connector), ...options.env },
  });
  return { desk, slack, ownSlack: !options.slack };
}

/** Adds the bot to the stand-in's team (selecting the Social Inbox channel), as Teams does on install. */
export async function installInTeam(connector: TeamsConnector, desk: Desk) {
  const activity = loadTeamsFixture('conversation-update-bot-added-team', { ...connector.fixtureValues(), eventId: 'install-1' });
  const res = await connector.send(desk.url, activity);
  if (res.status !== 200) throw new Error(`install answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** A card click (`adaptiveCard/action`) by a person of the stand-in's team on the card posted as `messageId`. */
export function cardInvoke(connector: TeamsConnector, click: { verb: string; commentId: string; messageId: string; user?: (typeof TEAMS_DEFAULTS.users)[number]; eventId?: string; data?: Record<string, unknown> }) {
  const user = click.user ?? TEAMS_PEOPLE.anna;
  const values = {
    ...connector.fixtureValues(),
    userId: user.id,
    userName: user.name,
    userAadObjectId: user.aadObjectId,
    verb: click.verb,
    commentId: click.commentId,
    messageId: click.messageId,
    replyToId: click.messageId,
    eventId: click.eventId ?? `${click.verb}-${click.commentId}-${user.aadObjectId}-${Math.random().toString(36).slice(2)}`,
  };
  return loadTeamsFixture('invoke-adaptive-card-action', values, click.data ? { value: { action: { data: click.data } } } : undefined);
}

/** The text of every TextBlock and fact of a card, joined: what a reader sees. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (typeof n.title === 'string' && typeof n.value === 'string') out.push(`${n.title} ${n.value}`);
    for (const [k, v] of Object.entries(n)) if (k !== 'text') walk(v);
  };
  walk(card);
  return out.join('\n');
}

/** The Adaptive Card of a posted or updated activity. */
export function cardOf(activity: { attachments?: { content?: unknown }[] } | undefined): unknown {
  return activity?.attachments?.[0]?.content;
}
