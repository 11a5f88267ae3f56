import { type Desk, startDesk } from '../../src/app.ts';
import { parseEnv } from '../../src/config.ts';
import type { DeskConfig } from '../../src/desk-config/desk-config-schema.ts';
import { deskConfigSchema } from '../../src/desk-config/desk-config-schema.ts';
import type { Database } from '../../src/store/open-database.ts';
import type { DeliveryOptions } from '../../src/jobs/deliver-outbox.ts';
import type { SchedulerOptions } from '../../src/jobs/scheduler.ts';
import { createLogger } from '../../src/logger.ts';
import { signHmacBody } from '../../src/sources/verify-hmac-signature.ts';
import type { Clock } from '../../src/domain/ports.ts';
import type { SlackStandIn } from './slack-stand-in.ts';
import { blockActionsBody, makeBlockActionsPayload, postToSlackEndpoint } from './slack-signing.ts';

export const SIGNING_SECRET = 'test-signing-secret-8f742231b10e8888';
export const INGEST_SECRET = 'test-ingest-secret';
export const META_APP_SECRET = 'test-meta-app-secret';
export const META_VERIFY_TOKEN = 'test-verify-token';
export const BOT_TOKEN = 'xoxb-test-token';

export const CHANNELS = { community: 'C0COMMUNITY', support: 'C0SUPPORT01', legal: 'C0LEGAL0001' } as const;
export const USERS = { anna: 'U0ANNA0001', ben: 'U0BEN00001', clara: 'U0CLARA001', deniz: 'U0DENIZ001', ops: 'U0OPS00001', stranger: 'U0STRANGER' } as const;

/** A small desk: three teams (community leads by anna, in German), five members, two rules. */
export function testDeskConfig(): DeskConfig {
  return deskConfigSchema.parse({
    defaultTeam: 'community',
    teams: [
      { id: 'community', name: 'Community', slackChannel: CHANNELS.community, lead: 'anna', locale: 'de', timeZone: 'Europe/Berlin' },
      { id: 'support', name: 'Support', slackChannel: CHANNELS.support, lead: 'ben', locale: 'en' },
      { id: 'legal', name: 'Legal', slackChannel: CHANNELS.legal, lead: 'clara', locale: 'en' },
    ],
    members: [
      { id: 'anna', name: 'Anna', slackUserId: USERS.anna, roles: ['agent', 'lead'], teams: ['community'] },
      { id: 'ben', name: 'Ben', slackUserId: USERS.ben, roles: ['agent', 'lead'], teams: ['support'] },
      { id: 'clara', name: 'Clara', slackUserId: USERS.clara, roles: ['agent', 'lead'], teams: ['legal'] },
      { id: 'deniz', name: 'Deniz', slackUserId: USERS.deniz, roles: ['agent'], teams: ['community'] },
      { id: 'ops', name: 'Ops', slackUserId: USERS.ops, roles: ['admin'] },
    ],
    routing: [
      { name: 'legal', match: { keywords: ['Anwalt', 'lawyer'] }, team: 'legal', priority: 'high' },
      { name: 'orders', match: { keywords: ['order', 'Bestellung'] }, team: 'support' },
    ],
  });
}

export interface TestDeskOptions {
  standIn: SlackStandIn;
  db: Database;
  clock?: Clock;
  delivery?: Partial<DeliveryOptions>;
  scheduler?: Partial<SchedulerOptions>;
  env?: Record<string, string>;
  deskConfig?: DeskConfig;
}

/** Starts the real app (HTTP server, Bolt, outbox) on a free port against the Slack stand-in. */
export async function startTestDesk(options: TestDeskOptions): Promise<Desk> {
  const env = parseEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: options.standIn.url,
    SLACK_CHANNEL_POST_INTERVAL_MS: '0',
    INGEST_SECRET,
    META_APP_SECRET,
    META_VERIFY_TOKEN,
    OUTBOX_POLL_MS: '50',
    // Tests run jobs on demand (desk.jobs.runNow) at instants of their fake clock, not on the wall clock's schedule.
    RUN_JOBS: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  return startDesk({
    env,
    log: createLogger(env.LOG_LEVEL),
    db: options.db,
    deskConfig: options.deskConfig ?? testDeskConfig(),
    clock: options.clock,
    delivery: { retryBaseMs: 20, retryMaxMs: 200, ...options.delivery },
    scheduler: options.scheduler,
  });
}

let externalCounter = 0;
export function uniqueExternalId(prefix = 'ext'): string {
  externalCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${externalCounter}`;
}

export function genericComment(overrides: Record<string, unknown> = {}) {
  return {
    source: 'youtube',
    externalId: uniqueExternalId('yt'),
    text: 'Tolles Video, danke!',
    author: { name: 'Max Mustermann', id: 'UCmax' },
    permalink: 'https://www.youtube.com/watch?v=abc&lc=xyz',
    postId: 'abc',
    createdAt: '2026-11-26T09:00:00Z',
    ...overrides,
  };
}

/** POSTs a comment to /webhooks/comments, signed with INGEST_SECRET unless a signature is given. */
export async function postComment(desk: Desk, body: unknown, signature?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${desk.url}/webhooks/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature-256': signature ?? signHmacBody(raw, INGEST_SECRET) },
    body: raw,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function postMeta(desk: Desk, body: unknown, signature?: string) {
  const raw = JSON.stringify(body);
  const response = await fetch(`${desk.url}/webhooks/meta`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signHmacBody(raw, META_APP_SECRET) },
    body: raw,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export type CardClick =
  | { userId: string; commentId: string; channelId: string; messageTs: string; action: 'claim' | 'release' | 'answer' | 'dismiss'; actionTs?: string }
  | { userId: string; commentId: string; channelId: string; messageTs: string; action: 'route'; target: string; actionTs?: string };

/** Clicks a card control the way Slack does over HTTP: a signed, form-encoded block_actions payload. */
export async function clickCard(desk: Desk, click: CardClick, options: { signature?: string } = {}) {
  return postToSlackEndpoint(`${desk.url}/slack/events`, blockActionsBody(cardClickPayload(click)), SIGNING_SECRET, options);
}

let actionCounter = 0;
/** The block_actions payload of a card click, with a distinct action_ts (the desk's idempotency key is user + action_ts). */
export function cardClickPayload(click: CardClick): Record<string, unknown> {
  actionCounter += 1;
  const actionTs = click.actionTs ?? `${Math.floor(Date.now() / 1000)}.${String(actionCounter).padStart(6, '0')}`;
  const payload =
    click.action === 'route'
      ? makeBlockActionsPayload({
          userId: click.userId,
          channelId: click.channelId,
          messageTs: click.messageTs,
          actionId: 'desk.route',
          blockId: `desk.card:${click.commentId}`,
          selectedOptionValue: click.target,
        })
      : makeBlockActionsPayload({
          userId: click.userId,
          channelId: click.channelId,
          messageTs: click.messageTs,
          actionId: `desk.${click.action}`,
          blockId: `desk.card:${click.commentId}`,
          value: JSON.stringify({ c: click.commentId, v: 1 }),
        });
  const actions = (payload as { actions: { action_ts: string }[] }).actions;
  for (const a of actions) a.action_ts = actionTs;
  return payload;
}

/** The card message of a comment in a channel, found by the metadata the desk attaches. */
export function cardMessage(standIn: SlackStandIn, channel: string, commentId: string) {
  return standIn.messages(channel).find((m) => {
    const meta = m.metadata as { event_payload?: { comment_id?: string } } | undefined;
    return meta?.event_payload?.comment_id === commentId;
  });
}

/** All mrkdwn/plain text in a message's blocks, for assertions. */
export function blocksText(blocks: unknown[] | undefined): string {
  return JSON.stringify(blocks ?? []);
}
