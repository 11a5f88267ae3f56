/**
 * A burst of comments into one Microsoft Teams channel: are they all delivered, once each, within
 * Teams' documented limits for a bot's messages into one conversation (7 per second, 60 per 30 s,
 * 1800 per hour; src/chat/teams/teams-limits.ts TEAMS_CONVERSATION_LIMITS, paced by the outbox engine's windowPacing)?
 *
 * Subject: the full desk (startTeamsDesk) against the loopback Bot Connector stand-in, installed in
 * the stand-in's team; the community team has only its Teams channel (its Slack channel is removed
 * from the configuration, so the burst posts nothing into Slack). `--count` comments arrive through
 * the signed generic webhook (16 in flight); the run waits until the Teams channel holds a card for
 * each, then until the outbox is drained (so a late duplicate would be seen), and reads the
 * stand-in's record of every POST into the channel: when it arrived, and what it carried.
 *
 * Not a latency ratio: 60 posts per 30 s put a floor under the run, about count ÷ 2 seconds
 * (500 comments: ≥ 240 s from the first post to the last). The check is exact: the most posts the
 * stand-in saw in any 1 s and any 30 s window (half-open, by arrival), duplicates and missing cards.
 *
 *   npx tsx bench/teams-burst.ts [--db=pglite|postgres|all] [--count=500]
 *   --count=100 (or BENCH_QUICK=1) for a quick try: about 30 s.
 */
import { loadavg } from 'node:os';
import type { Desk } from '../src/app.ts';
import { TEAMS_CONVERSATION_LIMITS } from '../src/chat/teams/teams-limits.ts';
import { CHANNELS, genericComment, postComment } from '../test/support/desk-harness.ts';
import { baseConversationId, startTeamsConnector, type TeamsCall, type TeamsConnector } from '../test/support/teams-connector.ts';
import { TEAMS_CHANNEL, installInTeam, startTeamsDesk, teamsDeskConfig } from '../test/support/teams-desk.ts';
import { type Backend, createTestDatabase } from '../test/support/test-database.ts';
import { waitForOutboxDrain } from './claim-ack.ts';
import { QUICK, fmt, isMain, numberArg, selectedBackends, table, verdict, withConcurrency } from './lib.ts';
import { teamsCards } from './teams-claim.ts';

export interface TeamsBurstOptions {
  /** Comments in the burst, all for the community team (one Teams channel). */
  count: number;
}

export interface WindowCheck {
  posts: number;
  perMs: number;
  /** The most posts that arrived in any window of `perMs` (half-open, starting at a post). */
  maxSeen: number;
  /** Shortest time spanned by `posts + 1` consecutive posts (must exceed perMs); null when there are not that many. */
  tightestMs: number | null;
}

export interface TeamsBurstResult {
  backend: Backend;
  options: TeamsBurstOptions;
  /** From the first comment's POST until the webhook had answered all of them. */
  ingestMs: number;
  /** From the first comment's POST until the last card arrived at the stand-in. */
  totalMs: number;
  /** From the first card's arrival to the last card's. */
  postingMs: number;
  /** count ÷ 2 s: 60 posts per 30 s. */
  expectedMinMs: number;
  /** The exact floor the windows put under the first-to-last post span: the largest floor((count − 1) ÷ posts) × perMs. */
  floorMs: number;
  /** Cards posted into the channel (every one counted, duplicates included). */
  cardsPosted: number;
  /** Every POST the stand-in received into the channel (cards and anything else), and those not answered 2xx. */
  channelPosts: number;
  failedPosts: number;
  windows: WindowCheck[];
  /** Extra copies of a card (posts beyond the first for a comment). */
  duplicates: number;
  /** Comments stored without a card in the channel. */
  missing: number;
  /** Messages the burst put into the community team's Slack channel (none: it has no Slack channel here). */
  slackPosts: number;
  loadBefore: number[];
  loadAfter: number[];
}

export function defaultTeamsBurstOptions(argv: readonly string[] = process.argv.slice(2)): TeamsBurstOptions {
  return { count: numberArg(argv, 'count', QUICK ? 100 : 500) };
}

/** The most of `times` (sorted ascending, ms) that fall in any half-open window [t, t + perMs) starting at one of them. */
export function maxInWindow(times: readonly number[], perMs: number): number {
  let max = 0;
  let end = 0;
  for (let start = 0; start < times.length; start++) {
    while (end < times.length && times[end]! < times[start]! + perMs) end++;
    max = Math.max(max, end - start);
  }
  return max;
}

/** The shortest span of `n` consecutive `times` (sorted ascending), or null when there are fewer. */
export function tightestSpan(times: readonly number[], n: number): number | null {
  if (times.length < n) return null;
  let min = Infinity;
  for (let i = 0; i + n - 1 < times.length; i++) min = Math.min(min, times[i + n - 1]! - times[i]!);
  return min;
}

const POSTING_ROUTES = new Set(['activities.create', 'activities.createTargeted', 'activities.reply', 'conversations.create']);

/** Every POST of a new message into `channel` (or a thread of it) the stand-in received. */
function postsInto(connector: TeamsConnector, channel: string): TeamsCall[] {
  return connector.calls.filter((c) => c.method === 'POST' && POSTING_ROUTES.has(c.route) && c.conversationId !== undefined && baseConversationId(c.conversationId) === channel);
}

export async function runTeamsBurst(backend: Backend, options: TeamsBurstOptions = defaultTeamsBurstOptions()): Promise<TeamsBurstResult> {
  const { count } = options;
  const loadBefore = loadavg();
  const connector = await startTeamsConnector();
  const database = await createTestDatabase(backend);
  let started: Awaited<ReturnType<typeof startTeamsDesk>> | undefined;
  try {
    // The community team in Teams only: without its Slack channel, nothing of the burst goes to Slack.
    const deskConfig = teamsDeskConfig((raw) => {
      raw.teams = raw.teams.map((t) => (t.id === 'community' ? { ...t, slackChannel: undefined } : t));
    });
    started = await startTeamsDesk({ connector, db: database.db, deskConfig });
    const desk: Desk = started.desk;
    await installInTeam(connector, desk);
    const before = connector.calls.length;

    const start = Date.now();
    const ids = await withConcurrency(16, count, async (i) => {
      const res = await postComment(desk, genericComment({ text: `Burst comment ${i}: wann kommt Teil 2?` }));
      if (res.status !== 201) throw new Error(`POST /webhooks/comments answered ${res.status}: ${JSON.stringify(res.json)}`);
      return res.json.commentId as string;
    });
    const ingestMs = Date.now() - start;

    const expectedMinMs = (count / 2) * 1000;
    const floorMs = Math.max(...TEAMS_CONVERSATION_LIMITS.map((w) => Math.floor(Math.max(0, count - 1) / w.posts) * w.perMs));
    const timeoutMs = Math.floor(Math.max(0, count - 1) / 60) * 30_000 + 120_000;
    await connector.waitFor(() => [...teamsCards(connector).values()].reduce((n, ids) => n + ids.length, 0) >= count, {
      timeoutMs,
      description: `${count} cards in the Teams channel`,
    });
    // Nothing pending any more: every post the desk meant to make has been made, duplicates included.
    await waitForOutboxDrain(desk, timeoutMs);

    const cards = teamsCards(connector);
    const cardsPosted = [...cards.values()].reduce((n, ids) => n + ids.length, 0);
    const duplicates = cardsPosted - cards.size;
    const missing = ids.filter((id) => !cards.has(id)).length;
    const posts = postsInto(connector, TEAMS_CHANNEL).filter((c) => c.seq > before);
    const times = posts.map((c) => c.at).sort((a, b) => a - b);
    const failedPosts = posts.filter((c) => typeof c.status !== 'number' || c.status < 200 || c.status > 299).length;
    const windows = TEAMS_CONVERSATION_LIMITS.map((w) => ({ posts: w.posts, perMs: w.perMs, maxSeen: maxInWindow(times, w.perMs), tightestMs: tightestSpan(times, w.posts + 1) }));
    const slackPosts = started.slack.messages(CHANNELS.community).length;

    return {
      backend,
      options,
      ingestMs,
      totalMs: times.length ? times[times.length - 1]! - start : Number.NaN,
      postingMs: times.length ? times[times.length - 1]! - times[0]! : Number.NaN,
      expectedMinMs,
      floorMs,
      cardsPosted,
      channelPosts: posts.length,
      failedPosts,
      windows,
      duplicates,
      missing,
      slackPosts,
      loadBefore,
      loadAfter: loadavg(),
    };
  } finally {
    await started?.desk.stop().catch(() => {});
    if (started?.ownSlack) await started.slack.close().catch(() => {});
    await database.drop().catch(() => {});
    await connector.close().catch(() => {});
  }
}

/** Whether the burst was delivered complete, once each, and within every window. */
export function burstMet(r: TeamsBurstResult): boolean {
  return r.duplicates === 0 && r.missing === 0 && r.failedPosts === 0 && r.windows.every((w) => w.maxSeen <= w.posts);
}

export function formatTeamsBurst(r: TeamsBurstResult): string {
  const perSecond = r.cardsPosted / (r.totalMs / 1000);
  const span = (ms: number) => (ms >= 60_000 ? `${fmt(ms / 60_000, 0)} min` : `${fmt(ms / 1000, 0)} s`);
  const windowRows = r.windows.map((w) => [
    `≤ ${w.posts} per ${span(w.perMs)}`,
    String(w.maxSeen),
    w.tightestMs === null ? '– (fewer posts)' : `${fmt(w.tightestMs, 0)} ms`,
    w.tightestMs === null && w.maxSeen <= w.posts ? 'not reachable' : verdict(w.maxSeen <= w.posts),
  ]);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return [
    `teams-burst on ${r.backend}: ${r.options.count} comments into one Teams channel; load average ${load(r.loadBefore)} → ${load(r.loadAfter)}`,
    `ingest: all ${r.options.count} stored (201) in ${fmt(r.ingestMs / 1000, 1)} s`,
    `delivered: ${r.cardsPosted} cards in ${fmt(r.totalMs / 1000, 1)} s from the first comment (first to last card ${fmt(r.postingMs / 1000, 1)} s), ${fmt(perSecond, 2)} posts/s; expected minimum ≈ ${fmt(r.expectedMinMs / 1000, 0)} s (count ÷ 2 at 60 per 30 s; exactly, the windows allow first to last post in no less than ${fmt(r.floorMs / 1000, 0)} s)`,
    table([['window (by arrival)', 'max seen', 'span of limit+1 posts (min)', 'result'], ...windowRows]),
    `posts into the channel: ${r.channelPosts} (not answered 2xx: ${r.failedPosts}); duplicates ${r.duplicates} (must be 0), missing ${r.missing} (must be 0); Slack posts ${r.slackPosts}`,
    `burst delivered complete within the limits: ${verdict(burstMet(r))}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const options = defaultTeamsBurstOptions();
  for (const backend of selectedBackends()) {
    console.log(formatTeamsBurst(await runTeamsBurst(backend, options)));
    console.log();
  }
  process.exit(0);
}
