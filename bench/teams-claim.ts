/**
 * Claim invoke latency in Microsoft Teams through the real HTTP stack, N concurrent invokes per round,
 * timed from writing the request to the end of the response (the invoke answer Teams waits for).
 *
 * Subject: the full desk (startTeamsDesk: our node:http server, our Bot Framework token check, the
 * Teams SDK App, the use cases, the database) against the loopback Bot Connector stand-in, installed
 * in the stand-in's team. Cards are posted into the Teams channel first (paced as in production:
 * 7 per second, 60 per 30 s, so setting up takes about cards ÷ 2 seconds), then:
 * - uncontended: every invoke in a round is a different agent claiming a different card; the desk
 *   verifies the token, writes the claim and answers the updated card;
 * - contended: every invoke in a round is a different agent claiming the same card (one wins; the
 *   others are answered a card that names the holder, and a targeted message is queued for each).
 * Baseline: a bare `@microsoft/teams.apps` App (the same version, constructed with the desk's options)
 * behind the same node:http server (src/http/server.ts) and the same inbound check: TeamsHttpAdapter
 * with teamsTokenVerifier, exactly as the desk mounts them, and one `card.action` handler that returns a
 * fixed small Adaptive Card. It gets the same signed `adaptiveCard/action` activities from the same
 * keep-alive client (bench/lib.ts) in the same process.
 * Desk and baseline rounds alternate (ABBA); the first `--warmup` rounds of each are discarded (JIT,
 * first key fetch). Between desk rounds the outbox is drained (card updates in Teams and Slack,
 * targeted refusals), so one round's background work does not land in the next. Headline figures are
 * medians over rounds of each round's percentile; pooled percentiles over all samples are shown too.
 *
 *   npx tsx bench/teams-claim.ts [--db=pglite|postgres|all] [--rounds=5] [--concurrency=20] [--warmup=2]
 *   BENCH_QUICK=1 for a short run.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import type { Desk } from '../src/app.ts';
import { createTeamsSdkApp } from '../src/chat/teams/create-teams-app.ts';
import { TEAMS_MESSAGES_PATH, TeamsHttpAdapter } from '../src/chat/teams/teams-http.ts';
import { clientCredentialsTokens } from '../src/chat/teams/teams-token.ts';
import { TeamsVerb } from '../src/chat/teams/verbs.ts';
import { teamsTokenVerifier } from '../src/chat/teams/verify-teams-token.ts';
import type { DeskConfig } from '../src/desk-config/desk-config-schema.ts';
import { createHttpServer } from '../src/http/server.ts';
import { createLogger } from '../src/logger.ts';
import { genericComment, postComment } from '../test/support/desk-harness.ts';
import { TEAMS_DEFAULTS, type TeamsConnector, type TeamsMember, startTeamsConnector } from '../test/support/teams-connector.ts';
import { TEAMS_CHANNEL, cardInvoke, installInTeam, startTeamsDesk, teamsDeskConfig } from '../test/support/teams-desk.ts';
import { signBotFrameworkToken } from '../test/support/teams-tokens.ts';
import { type Backend, createTestDatabase } from '../test/support/test-database.ts';
import { waitForOutboxDrain } from './claim-ack.ts';
import { QUICK, alternately, fmt, isMain, median, numberArg, percentile, post, selectedBackends, sleep, table, verdict, withConcurrency } from './lib.ts';

/** The target: the desk's claim invoke answered at p99 within 1.3× the bare SDK app's. */
export const TEAMS_CLAIM_TARGET = 1.3;

export interface TeamsClaimOptions {
  /** Measured rounds per case and side. */
  rounds: number;
  /** Invokes in flight per round (and agents on the desk). */
  concurrency: number;
  /** Rounds run first and discarded, per case and side. */
  warmup: number;
}

export interface SideStats {
  /** Median over measured rounds of each round's p50 / p90 / p99. */
  p50: number;
  p90: number;
  p99: number;
  /** Over all measured samples pooled. */
  pooledP50: number;
  pooledP90: number;
  pooledP99: number;
  /** Median time until the whole round was answered. */
  roundMs: number;
  samples: number;
}

export interface CaseResult {
  desk: SideStats;
  /** Baseline rounds run interleaved with this case's desk rounds. */
  baseline: SideStats;
  ratioP50: number;
  ratioP90: number;
  ratioP99: number;
  pooledRatioP99: number;
}

export interface TeamsClaimResult extends CaseResult {
  backend: Backend;
  options: TeamsClaimOptions;
  /** Cards posted into the Teams channel before measuring, and how long that took (Teams' pace). */
  cards: number;
  cardsMs: number;
  /** Comments of the uncontended rounds stored as claimed by the agent who clicked. */
  claimsVerified: number;
  contended: CaseResult & {
    /** Comments claimed by exactly one of the round's clickers; targeted refusals posted (one per loser). */
    claimsVerified: number;
    refusalsVerified: number;
  };
  loadBefore: number[];
  loadAfter: number[];
}

export function defaultTeamsClaimOptions(argv: readonly string[] = process.argv.slice(2)): TeamsClaimOptions {
  const num = (name: string, fallback: number) => numberArg(argv, name, fallback);
  return { rounds: num('rounds', QUICK ? 3 : 5), concurrency: num('concurrency', 20), warmup: num('warmup', QUICK ? 1 : 2) };
}

/** Bench agent `i` as a person of the stand-in's team: a `29:` id and an Entra object id. */
export function benchAgent(i: number): TeamsMember {
  const n = String(i).padStart(4, '0');
  return {
    id: `29:1BenchAgent${n}xQ7mZp2Lr8VtW4nKc9Hd3sGe6uJoTy1iRbMvN5yB`,
    name: `Agent ${i}`,
    aadObjectId: `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    givenName: 'Agent',
    surname: String(i),
    userRole: 'user',
  };
}

/** The Teams desk of the integration tests plus `count` agents of the community team, known by their Teams identity only. */
export function benchTeamsDeskConfig(count: number, over: (config: DeskConfig) => void = () => {}): DeskConfig {
  return teamsDeskConfig((raw) => {
    raw.members.push(
      ...Array.from({ length: count }, (_, i) => ({
        id: `agent-${String(i).padStart(3, '0')}`,
        name: `Agent ${i}`,
        msteamsUserId: benchAgent(i).aadObjectId,
        roles: ['agent' as const],
        teams: ['community'],
        timeZone: 'UTC',
      })),
    );
    over(raw);
  });
}

/** The stand-in with its default team, whose roster also holds the bench agents. */
export function startBenchConnector(agents: number): Promise<TeamsConnector> {
  return startTeamsConnector({
    teams: [
      {
        ...TEAMS_DEFAULTS.team,
        channels: [{ ...TEAMS_DEFAULTS.channel }],
        members: [...TEAMS_DEFAULTS.users, ...Array.from({ length: agents }, (_, i) => benchAgent(i))],
      },
    ],
  });
}

/** The comment id a posted card carries in its actions' data (`{ c: commentId }`). */
export function commentIdOfCard(activity: Record<string, unknown>): string | undefined {
  return /"c":"([^"]+)"/.exec(JSON.stringify(activity))?.[1];
}

/** The cards posted into the Teams channel (not targeted messages), by comment id; several when a card was posted twice. */
export function teamsCards(connector: TeamsConnector, channel = TEAMS_CHANNEL): Map<string, string[]> {
  const cards = new Map<string, string[]>();
  for (const a of connector.activities(channel)) {
    if (a.targeted || a.via !== 'create' || a.conversationId !== channel) continue;
    const commentId = commentIdOfCard(a.original);
    if (commentId) cards.set(commentId, [...(cards.get(commentId) ?? []), a.id]);
  }
  return cards;
}

/** Posts `count` comments (16 in flight) and waits until the Teams channel holds a card for each. */
async function createTeamsCards(desk: Desk, connector: TeamsConnector, count: number): Promise<{ commentId: string; messageId: string }[]> {
  const ids = await withConcurrency(16, count, async (i) => {
    const res = await postComment(desk, genericComment({ text: `Bench comment ${i}: tolles Video, danke!` }));
    if (res.status !== 201) throw new Error(`POST /webhooks/comments answered ${res.status}: ${JSON.stringify(res.json)}`);
    return res.json.commentId as string;
  });
  // Teams takes 60 posts per 30 s into one channel: allow that pace and a minute more.
  const timeoutMs = Math.ceil(count / 60) * 30_000 + 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const cards = teamsCards(connector);
    const missing = ids.filter((id) => !cards.has(id));
    if (!missing.length) return ids.map((commentId) => ({ commentId, messageId: cards.get(commentId)![0]! }));
    if (Date.now() > deadline) throw new Error(`${missing.length} of ${count} Teams cards were not posted within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** A small card, the same for every click: what a bot that only answers the invoke returns. */
const FIXED_CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Claimed', wrap: true }],
};

/**
 * A bare Teams SDK app that answers every `adaptiveCard/action` with FIXED_CARD, mounted as the desk
 * mounts its own (create-teams-app.ts): the SDK on TeamsHttpAdapter, our token check in front, our
 * node:http server with its route table.
 */
export async function startBaselineTeamsApp(connector: TeamsConnector): Promise<{ url: URL; stop: () => Promise<void> }> {
  const log = createLogger('silent');
  const now = () => Date.now();
  const tokens = clientCredentialsTokens({ tokenUrl: connector.tokenUrlFor(connector.tenantId), clientId: connector.appId, clientSecret: TEAMS_DEFAULTS.appSecret, now });
  const adapter = new TeamsHttpAdapter();
  const app = createTeamsSdkApp({ appId: connector.appId, tenantId: connector.tenantId, tokens, adapter, log });
  app.on('card.action', async () => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: FIXED_CARD }) as never);
  await app.initialize();
  const verify = teamsTokenVerifier({ appId: connector.appId, openIdMetadataUrl: connector.openIdMetadataUrl, now });
  const server: Server = createHttpServer({ [`POST ${TEAMS_MESSAGES_PATH}`]: adapter.requestListener(verify, log) }, log);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}${TEAMS_MESSAGES_PATH}`),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Invoke {
  headers: Record<string, string>;
  body: string;
}

/** A token the Bot Connector would put on its requests (signed outside the timed part; one per round, as the service reuses its tokens). */
async function connectorToken(connector: TeamsConnector): Promise<string> {
  return signBotFrameworkToken({ appId: connector.appId, serviceUrl: connector.serviceUrl, key: connector.signingKey });
}

function claimInvoke(connector: TeamsConnector, token: string, agent: number, card: { commentId: string; messageId: string }): Invoke {
  const activity = cardInvoke(connector, { verb: TeamsVerb.claim, commentId: card.commentId, messageId: card.messageId, user: benchAgent(agent) });
  return { headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` }, body: JSON.stringify(activity) };
}

interface Round {
  latencies: number[];
  roundMs: number;
}

/** Fires all invokes in the same tick; returns each one's latency. Throws unless every answer is an invoke response with a card. */
async function fireRound(url: URL, invokes: Invoke[]): Promise<Round> {
  const start = performance.now();
  const results = await Promise.all(invokes.map((r) => post(url, r.headers, r.body)));
  const roundMs = performance.now() - start;
  for (const r of results) {
    const body = r.status === 200 ? (JSON.parse(r.text) as { statusCode?: number; type?: string }) : undefined;
    if (body?.statusCode !== 200 || body.type !== 'application/vnd.microsoft.card.adaptive') {
      throw new Error(`${url.href} answered ${r.status}: ${r.text.slice(0, 300)}`);
    }
  }
  return { latencies: results.map((r) => r.ms), roundMs };
}

function summarize(rounds: Round[]): SideStats {
  const all = rounds.flatMap((r) => r.latencies);
  const perRound = (p: number) => median(rounds.map((r) => percentile(r.latencies, p)));
  return {
    p50: perRound(50),
    p90: perRound(90),
    p99: perRound(99),
    pooledP50: percentile(all, 50),
    pooledP90: percentile(all, 90),
    pooledP99: percentile(all, 99),
    roundMs: median(rounds.map((r) => r.roundMs)),
    samples: all.length,
  };
}

/** `warmup + rounds` desk rounds, each before or after (ABBA) a baseline round of as many invokes; warm-up rounds are dropped. */
async function measureCase(options: TeamsClaimOptions, deskRound: (r: number) => Promise<Round>, baselineRound: () => Promise<Round>): Promise<CaseResult> {
  const deskRounds: Round[] = [];
  const baseRounds: Round[] = [];
  for (let r = 0; r < options.rounds + options.warmup; r++) {
    const measured = r >= options.warmup;
    await alternately(
      r,
      async () => {
        const round = await deskRound(r);
        if (measured) deskRounds.push(round);
      },
      async () => {
        const round = await baselineRound();
        if (measured) baseRounds.push(round);
      },
    );
  }
  const desk = summarize(deskRounds);
  const baseline = summarize(baseRounds);
  return {
    desk,
    baseline,
    ratioP50: desk.p50 / baseline.p50,
    ratioP90: desk.p90 / baseline.p90,
    ratioP99: desk.p99 / baseline.p99,
    pooledRatioP99: desk.pooledP99 / baseline.pooledP99,
  };
}

export async function runTeamsClaim(backend: Backend, options: TeamsClaimOptions = defaultTeamsClaimOptions()): Promise<TeamsClaimResult> {
  const { rounds, concurrency, warmup } = options;
  const loadBefore = loadavg();
  const connector = await startBenchConnector(concurrency);
  const database = await createTestDatabase(backend);
  let started: Awaited<ReturnType<typeof startTeamsDesk>> | undefined;
  let baseline: Awaited<ReturnType<typeof startBaselineTeamsApp>> | undefined;
  try {
    started = await startTeamsDesk({ connector, db: database.db, deskConfig: benchTeamsDeskConfig(concurrency) });
    const desk = started.desk;
    await installInTeam(connector, desk);
    baseline = await startBaselineTeamsApp(connector);
    const deskUrl = new URL(`${desk.url}${TEAMS_MESSAGES_PATH}`);
    const baselineUrl = baseline.url;

    // Uncontended: `concurrency` fresh cards per round; contended: one fresh card per round.
    const total = rounds + warmup;
    const cardsStart = performance.now();
    const cards = await createTeamsCards(desk, connector, total * concurrency + total);
    await waitForOutboxDrain(desk);
    const cardsMs = performance.now() - cardsStart;
    const spread = cards.slice(0, total * concurrency);
    const storm = cards.slice(total * concurrency);

    const baselineRound = async () => {
      const token = await connectorToken(connector);
      const invokes = Array.from({ length: concurrency }, (_, i) => claimInvoke(connector, token, i, { commentId: randomUUID(), messageId: String(1_800_000_000_000 + i) }));
      return fireRound(baselineUrl, invokes);
    };
    const uncontended = await measureCase(
      options,
      async (r) => {
        const token = await connectorToken(connector);
        const slice = spread.slice(r * concurrency, (r + 1) * concurrency);
        const measured = await fireRound(deskUrl, slice.map((card, i) => claimInvoke(connector, token, i, card)));
        await waitForOutboxDrain(desk);
        return measured;
      },
      baselineRound,
    );
    const contended = await measureCase(
      options,
      async (r) => {
        const token = await connectorToken(connector);
        const card = storm[r]!;
        const measured = await fireRound(deskUrl, Array.from({ length: concurrency }, (_, i) => claimInvoke(connector, token, i, card)));
        await waitForOutboxDrain(desk);
        return measured;
      },
      baselineRound,
    );

    // The subject must really have done the work: each uncontended click is a stored claim by its
    // clicker; each storm has one winner and a targeted refusal in the channel for every loser.
    const claimed = await desk.db.prisma.comment.findMany({ where: { id: { in: spread.map((c) => c.commentId) } }, select: { id: true, status: true, holderId: true } });
    const holderOf = new Map(claimed.map((c) => [c.id, c.status === 'claimed' ? c.holderId : null]));
    const claimsVerified = spread.filter((card, k) => holderOf.get(card.commentId) === `agent-${String(k % concurrency).padStart(3, '0')}`).length;
    if (claimsVerified !== spread.length) throw new Error(`expected ${spread.length} comments claimed by their clicker, found ${claimsVerified}`);
    const stormIds = storm.map((c) => c.commentId);
    const winners = await desk.db.prisma.event.groupBy({ by: ['commentId'], where: { type: 'claimed', commentId: { in: stormIds } }, _count: { _all: true } });
    const contendedClaims = winners.filter((w) => w._count._all === 1).length;
    if (contendedClaims !== storm.length || winners.length !== storm.length) {
      throw new Error(`expected one claim on each of ${storm.length} contended comments, found ${JSON.stringify(winners.map((w) => w._count._all))}`);
    }
    const refusalsVerified = connector.activities(TEAMS_CHANNEL).filter((a) => a.targeted).length;
    const expectedRefusals = storm.length * (concurrency - 1);
    if (refusalsVerified !== expectedRefusals) throw new Error(`expected ${expectedRefusals} targeted refusals in the Teams channel, found ${refusalsVerified}`);

    return {
      backend,
      options,
      cards: cards.length,
      cardsMs,
      ...uncontended,
      claimsVerified,
      contended: { ...contended, claimsVerified: contendedClaims, refusalsVerified },
      loadBefore,
      loadAfter: loadavg(),
    };
  } finally {
    await baseline?.stop().catch(() => {});
    await started?.desk.stop().catch(() => {});
    if (started?.ownSlack) await started.slack.close().catch(() => {});
    await database.drop().catch(() => {});
    await connector.close().catch(() => {});
  }
}

export function formatTeamsClaim(r: TeamsClaimResult): string {
  const header = ['', 'p50 ms', 'p90 ms', 'p99 ms', 'pooled p50', 'pooled p90', 'pooled p99', 'round ms'];
  const sideRow = (label: string, s: SideStats) => [label, fmt(s.p50, 2), fmt(s.p90, 2), fmt(s.p99, 2), fmt(s.pooledP50, 2), fmt(s.pooledP90, 2), fmt(s.pooledP99, 2), fmt(s.roundMs, 1)];
  const caseRows = (label: string, c: CaseResult) => [
    sideRow('bare Teams SDK app', c.baseline),
    sideRow(label, c.desk),
    [
      'ratio desk/base',
      fmt(c.ratioP50, 2),
      fmt(c.ratioP90, 2),
      fmt(c.ratioP99, 2),
      fmt(c.desk.pooledP50 / c.baseline.pooledP50, 2),
      fmt(c.desk.pooledP90 / c.baseline.pooledP90, 2),
      fmt(c.pooledRatioP99, 2),
      fmt(c.desk.roundMs / c.baseline.roundMs, 2),
    ],
  ];
  const met = (c: CaseResult) => c.ratioP99 <= TEAMS_CLAIM_TARGET;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  return [
    `teams-claim on ${r.backend}: ${r.options.rounds} measured rounds × ${r.options.concurrency} concurrent claim invokes per case (+${r.options.warmup} warm-up rounds each side, discarded); load average ${load(r.loadBefore)} → ${load(r.loadAfter)}`,
    `setup: ${r.cards} cards posted into the Teams channel in ${fmt(r.cardsMs / 1000, 1)} s (Teams' pace: 7/s, 60/30 s)`,
    `uncontended (each invoke its own card): ${r.claimsVerified} claims stored by their clickers`,
    table([header, ...caseRows('desk (claim)', r)]),
    `contended (all invokes on one card): ${r.contended.claimsVerified} comments with one winner each, ${r.contended.refusalsVerified} targeted refusals posted`,
    table([header, ...caseRows('desk (storm)', r.contended)]),
    `target p99 ratio ≤ ${TEAMS_CLAIM_TARGET} (median of per-round p99): uncontended ${verdict(met(r))} (${fmt(r.ratioP99, 2)}), contended ${verdict(met(r.contended))} (${fmt(r.contended.ratioP99, 2)})`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const options = defaultTeamsClaimOptions();
  for (const backend of selectedBackends()) {
    console.log(formatTeamsClaim(await runTeamsClaim(backend, options)));
    console.log();
  }
  process.exit(0);
}
