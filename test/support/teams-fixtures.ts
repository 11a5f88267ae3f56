/**
 * Teams activities from test/fixtures/teams/, in the shapes Teams sends them, with `{{name}}`
 * placeholders filled in: `{{name}}` puts the value in as it is, `{{html:name}}` HTML-escaped (for
 * the `text/html` attachments Teams adds to messages). Values come from TEAMS_FIXTURE_DEFAULTS,
 * overridden by `values` (pass `connector.fixtureValues()` to point the activity at a stand-in).
 * A placeholder without a value throws, so nothing unfilled reaches a test.
 */
import { readFileSync } from 'node:fs';
import { TEAMS_DEFAULTS } from './teams-connector.ts';

export type TeamsFixtureName =
  | 'conversation-update-bot-added-team'
  | 'conversation-update-bot-added-personal'
  | 'message-channel-mention'
  | 'message-personal'
  | 'invoke-adaptive-card-action'
  | 'invoke-task-fetch'
  | 'invoke-task-submit';

const [defaultUser] = TEAMS_DEFAULTS.users;

export const TEAMS_FIXTURE_DEFAULTS: Readonly<Record<string, string>> = {
  serviceUrl: `https://smba.trafficmanager.net/${TEAMS_DEFAULTS.region}/${TEAMS_DEFAULTS.tenantId}/`,
  appId: TEAMS_DEFAULTS.appId,
  botName: TEAMS_DEFAULTS.botName,
  tenantId: TEAMS_DEFAULTS.tenantId,
  teamId: TEAMS_DEFAULTS.team.id,
  teamAadGroupId: TEAMS_DEFAULTS.team.aadGroupId,
  teamName: TEAMS_DEFAULTS.team.name,
  channelId: TEAMS_DEFAULTS.channel.id,
  channelName: TEAMS_DEFAULTS.channel.displayName,
  userId: defaultUser!.id,
  userName: defaultUser!.name,
  userAadObjectId: defaultUser!.aadObjectId,
  /** What a stand-in allocates first for a 1:1 chat (see TeamsConnector.personalConversationFor). */
  personalConversationId: 'a:1StandInPersonalChat000001',
  /** The `id` of an inbound message (Teams: the message's epoch-ms time). */
  activityId: '1765102500000',
  /** Events and invokes carry `f:<uuid>` ids. */
  eventId: '0b4f7c2e-91d3-4a6b-8e5f-3c2d1a0b9e8f',
  /** The thread root a card sits in (`<channel>;messageid=<messageId>`) and the card's own id: a stand-in's first post. */
  messageId: String(TEAMS_DEFAULTS.firstActivityId + 1),
  replyToId: String(TEAMS_DEFAULTS.firstActivityId + 1),
  commentId: 'comment-1',
  verb: 'desk.claim',
  actionTitle: 'Claim',
  snoozeChoice: '1h',
  snoozeReason: 'Waiting for the legal team',
  mentionText: 'crisis drill',
  personalText: 'kpi last',
  timestamp: '2026-12-07T10:15:00.000Z',
  localTimestamp: '2026-12-07T11:15:00.000+01:00',
  locale: 'en-US',
  country: 'DE',
  timezone: 'Europe/Berlin',
};

const FIXTURE_DIR = new URL('../fixtures/teams/', import.meta.url);
const PLACEHOLDER = /\{\{(?:(html):)?([A-Za-z][A-Za-z0-9]*)\}\}/g;

/** A deep change to apply after filling: objects merge, arrays and other values replace, `undefined` deletes. */
export type FixturePatch = Record<string, unknown>;

/**
 * The fixture `name` (with or without `.json`) as a fresh object, placeholders filled from the
 * defaults and `values`, then `patch` applied.
 */
export function loadTeamsFixture(
  name: TeamsFixtureName | `${TeamsFixtureName}.json`,
  values: Readonly<Record<string, string>> = {},
  patch?: FixturePatch,
): Record<string, unknown> {
  const file = name.endsWith('.json') ? name : `${name}.json`;
  const raw = JSON.parse(readFileSync(new URL(file, FIXTURE_DIR), 'utf8')) as Record<string, unknown>;
  const all = { ...TEAMS_FIXTURE_DEFAULTS, ...values };
  const filled = fill(raw, all, file) as Record<string, unknown>;
  return patch === undefined ? filled : (merge(filled, patch) as Record<string, unknown>);
}

/** Every placeholder name used in a fixture (for tests of the fixtures themselves). */
export function teamsFixturePlaceholders(name: TeamsFixtureName): string[] {
  const text = readFileSync(new URL(`${name}.json`, FIXTURE_DIR), 'utf8');
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[2]!))].sort();
}

function fill(value: unknown, values: Readonly<Record<string, string>>, file: string): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (_whole, html: string | undefined, key: string) => {
      const replacement = values[key];
      if (replacement === undefined) throw new Error(`${file}: no value for placeholder {{${key}}}`);
      return html ? escapeHtml(replacement) : replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values, file));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values, file)]));
  }
  return value;
}

function merge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(target) || !isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
