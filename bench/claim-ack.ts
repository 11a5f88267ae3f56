/**
 * Claim-click acknowledgement latency through the real HTTP stack, N concurrent clicks.
 *
 * Subject: the full desk (startTestDesk against the Slack stand-in), in two cases:
 * - uncontended: every click in a round is a different agent claiming a different, already posted
 *   card; the handler writes the claim, then acks;
 * - contended: every click in a round is a different agent claiming the same card (the storm: one
 *   wins, the others are told privately who holds it); the handler writes the claim or queues the
 *   refusal, then acks.
 * Baseline: a bare Bolt App (HTTPReceiver defaults) whose only listener acks at once, receiving the
 * same signed block_actions shape from the same keep-alive client, in the same process.
 * Each case alternates its rounds with baseline rounds (ABBA order), the first WARM_UP rounds of each
 * are discarded (JIT warm-up); p50/p99 are medians over the per-round values. Between desk rounds the
 * outbox is drained, so a round's card updates and refusals do not spill into the next round.
 *
 *   npx tsx bench/claim-ack.ts [--db=pglite|postgres|all] [--rounds=10] [--concurrency=50]
 *   BENCH_QUICK=1 for a short run.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { Desk } from '../src/app.ts';
import { type DeskConfig, deskConfigSchema } from '../src/desk-config/desk-config-schema.ts';
import { BOT_TOKEN, CHANNELS, SIGNING_SECRET, genericComment, postComment, startTestDesk, testDeskConfig } from '../test/support/desk-harness.ts';
import { blockActionsBody, makeBlockActionsPayload, signSlackRequest } from '../test/support/slack-signing.ts';
import { type SlackStandIn, startSlackStandIn } from '../test/support/slack-stand-in.ts';
import { type Backend, createTestDatabase } from '../test/support/test-database.ts';
import { QUICK, alternately, numberArg, fmt, isMain, median, percentile, post, selectedBackends, sleep, table, verdict, withConcurrency } from './lib.ts';

export const CLAIM_ACK_TARGET = 1.3;
/** Rounds per side run first and discarded, so both sides are measured JIT-compiled. */
const WARM_UP = 3;

export interface ClaimAckOptions {
  rounds: number;
  concurrency: number;
}

export interface SideStats {
  /** Median over measured rounds of each round's p50 / p99. */
  p50: number;
  p99: number;
  /** Over all measured samples pooled. */
  pooledP50: number;
  pooledP99: number;
  /** Median time until the whole round was acknowledged. */
  roundMs: number;
}

export interface CaseResult {
  desk: SideStats;
  /** Baseline rounds run interleaved with this case's desk rounds. */
  baseline: SideStats;
  ratioP50: number;
  ratioP99: number;
}

/** The uncontended case at the top level; the contended one beside it. */
export interface ClaimAckResult extends CaseResult {
  backend: Backend;
  options: ClaimAckOptions;
  claimsVerified: number;
  contended: CaseResult & {
    /** Comments claimed by exactly one of the round's clickers, and refusals delivered (one per loser). */
    claimsVerified: number;
    refusalsVerified: number;
  };
}

export function defaultClaimAckOptions(argv: readonly string[] = process.argv.slice(2)): ClaimAckOptions {
  const num = (name: string, fallback: number) => numberArg(argv, name, fallback);
  return { rounds: num('rounds', QUICK ? 3 : 20), concurrency: num('concurrency', 50) };
}

/** The test desk plus `count` agents of the community team, each with their own Slack user. */
export function benchDeskConfig(count: number): DeskConfig {
  const base = testDeskConfig();
  const agents = Array.from({ length: count }, (_, i) => ({
    id: `agent-${String(i).padStart(3, '0')}`,
    name: `Agent ${i}`,
    slackUserId: agentSlackId(i),
    roles: ['agent'],
    teams: ['community'],
  }));
  return deskConfigSchema.parse({ ...base, members: [...base.members, ...agents] });
}

const agentSlackId = (i: number) => `U0BENCH${String(i).padStart(4, '0')}`;

let actionCounter = 0;
/** A signed claim click, built exactly like test/support's clickCard (form body, `payload` JSON). */
function claimRequest(commentId: string, userId: string, messageTs: string) {
  actionCounter += 1;
  const payload = makeBlockActionsPayload({
    userId,
    channelId: CHANNELS.community,
    messageTs,
    actionId: 'desk.claim',
    blockId: `desk.card:${commentId}`,
    value: JSON.stringify({ c: commentId, v: 1 }),
  });
  for (const a of (payload as { actions: { action_ts: string }[] }).actions) {
    a.action_ts = `${Math.floor(Date.now() / 1000)}.${String(actionCounter).padStart(6, '0')}`;
  }
  const body = blockActionsBody(payload);
  const headers = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(body, SIGNING_SECRET),
  };
  return { body, headers };
}

/** Fires all requests in the same tick; returns each one's latency. Throws on a non-200. */
async function fireRound(url: URL, requests: { body: string; headers: Record<string, string> }[]): Promise<{ latencies: number[]; roundMs: number }> {
  const start = performance.now();
  const results = await Promise.all(requests.map((r) => post(url, r.headers, r.body)));
  const roundMs = performance.now() - start;
  const bad = results.find((r) => r.status !== 200);
  if (bad) throw new Error(`${url.href} answered ${bad.status}: ${bad.text.slice(0, 200)}`);
  return { latencies: results.map((r) => r.ms), roundMs };
}

export async function waitForOutboxDrain(desk: Desk, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await desk.db.prisma.outbox.count({ where: { status: 'pending' } });
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox still has ${pending} pending rows after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Posts `count` comments (16 in flight) and waits until the stand-in holds a card for each. */
export async function createCards(desk: Desk, standIn: SlackStandIn, count: number): Promise<{ commentId: string; ts: string }[]> {
  const ids = await withConcurrency(16, count, async (i) => {
    const res = await postComment(desk, genericComment({ text: `Bench comment ${i}: tolles Video, danke!` }));
    if (res.status !== 201) throw new Error(`POST /webhooks/comments answered ${res.status}: ${JSON.stringify(res.json)}`);
    return res.json.commentId as string;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const tsByComment = new Map<string, string>();
    for (const m of standIn.messages(CHANNELS.community)) {
      const id = (m.metadata as { event_payload?: { comment_id?: string } } | undefined)?.event_payload?.comment_id;
      if (id) tsByComment.set(id, m.ts);
    }
    const missing = ids.filter((id) => !tsByComment.has(id));
    if (!missing.length) return ids.map((commentId) => ({ commentId, ts: tsByComment.get(commentId)! }));
    if (Date.now() > deadline) throw new Error(`${missing.length} of ${count} cards were not posted within 120 s`);
    await sleep(50);
  }
}

/** A bare Bolt app with HTTPReceiver defaults that acks every action at once. */
export async function startBaselineBolt(standIn: SlackStandIn): Promise<{ url: URL; stop: () => Promise<void> }> {
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    tokenVerificationEnabled: false,
    clientOptions: { slackApiUrl: standIn.url },
    // Only keeps Bolt's console quiet; at INFO it logs nothing per request either.
    logLevel: LogLevel.ERROR,
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/slack/events`), stop: () => app.stop() as Promise<void> };
}

function summarize(rounds: { latencies: number[]; roundMs: number }[]): SideStats {
  const all = rounds.flatMap((r) => r.latencies);
  return {
    p50: median(rounds.map((r) => percentile(r.latencies, 50))),
    p99: median(rounds.map((r) => percentile(r.latencies, 99))),
    pooledP50: percentile(all, 50),
    pooledP99: percentile(all, 99),
    roundMs: median(rounds.map((r) => r.roundMs)),
  };
}

type Round = { latencies: number[]; roundMs: number };

/**
 * `rounds + WARM_UP` desk rounds, each followed or preceded (ABBA) by a baseline round of the same
 * number of clicks; warm-up rounds are dropped.
 */
async function measureCase(
  rounds: number,
  deskRound: (r: number) => Promise<Round>,
  baselineRound: () => Promise<Round>,
): Promise<CaseResult> {
  const deskRounds: Round[] = [];
  const baseRounds: Round[] = [];
  for (let r = 0; r < rounds + WARM_UP; r++) {
    const runDesk = async () => {
      const measured = await deskRound(r);
      if (r >= WARM_UP) deskRounds.push(measured);
    };
    const runBaseline = async () => {
      const measured = await baselineRound();
      if (r >= WARM_UP) baseRounds.push(measured);
    };
    await alternately(r, runDesk, runBaseline);
  }
  const desk = summarize(deskRounds);
  const baseline = summarize(baseRounds);
  return { desk, baseline, ratioP50: desk.p50 / baseline.p50, ratioP99: desk.p99 / baseline.p99 };
}

export async function runClaimAck(backend: Backend, options: ClaimAckOptions = defaultClaimAckOptions()): Promise<ClaimAckResult> {
  const { rounds, concurrency } = options;
  const standIn = await startSlackStandIn();
  const database = await createTestDatabase(backend);
  let desk: Desk | undefined;
  let baseline: Awaited<ReturnType<typeof startBaselineBolt>> | undefined;
  try {
    desk = await startTestDesk({ standIn, db: database.db, deskConfig: benchDeskConfig(concurrency) });
    baseline = await startBaselineBolt(standIn);
    const deskUrl = new URL(`${desk.url}/slack/events`);
    const d = desk;

    // Uncontended: WARM_UP plus `rounds` rounds, each claiming `concurrency` fresh cards.
    // Contended: as many rounds, each claiming one fresh card `concurrency` times.
    const total = rounds + WARM_UP;
    const cards = await createCards(desk, standIn, total * concurrency + total);
    const spread = cards.slice(0, total * concurrency);
    const storm = cards.slice(total * concurrency);
    await waitForOutboxDrain(desk);

    const baselineRound = () => {
      const requests = Array.from({ length: concurrency }, (_, i) => claimRequest(randomUUID(), agentSlackId(i), `1700000000.${String(i).padStart(6, '0')}`));
      return fireRound(baseline!.url, requests);
    };
    const uncontended = await measureCase(
      rounds,
      async (r) => {
        const slice = spread.slice(r * concurrency, (r + 1) * concurrency);
        const measured = await fireRound(deskUrl, slice.map((card, i) => claimRequest(card.commentId, agentSlackId(i), card.ts)));
        await waitForOutboxDrain(d);
        return measured;
      },
      baselineRound,
    );
    const contended = await measureCase(
      rounds,
      async (r) => {
        const card = storm[r]!;
        const measured = await fireRound(deskUrl, Array.from({ length: concurrency }, (_, i) => claimRequest(card.commentId, agentSlackId(i), card.ts)));
        await waitForOutboxDrain(d);
        return measured;
      },
      baselineRound,
    );

    // The subject must really have done the work: every click of every uncontended round is a stored
    // claim; every storm has one winner (one `claimed` event) and a delivered refusal for each loser.
    const claimsVerified = await d.db.prisma.comment.count({ where: { status: 'claimed', id: { in: spread.map((c) => c.commentId) } } });
    if (claimsVerified !== spread.length) throw new Error(`expected ${spread.length} claimed comments, found ${claimsVerified}`);
    const stormIds = storm.map((c) => c.commentId);
    const winners = await d.db.prisma.event.groupBy({ by: ['commentId'], where: { type: 'claimed', commentId: { in: stormIds } }, _count: { _all: true } });
    const contendedClaims = winners.filter((w) => w._count._all === 1).length;
    if (contendedClaims !== storm.length || winners.length !== storm.length) {
      throw new Error(`expected one claim on each of ${storm.length} contended comments, found ${JSON.stringify(winners.map((w) => w._count._all))}`);
    }
    const refusalsVerified = standIn.ephemerals(CHANNELS.community).length;
    const expectedRefusals = storm.length * (concurrency - 1);
    if (refusalsVerified !== expectedRefusals) throw new Error(`expected ${expectedRefusals} private refusals, found ${refusalsVerified}`);

    return {
      backend,
      options,
      ...uncontended,
      claimsVerified,
      contended: { ...contended, claimsVerified: contendedClaims, refusalsVerified },
    };
  } finally {
    await baseline?.stop().catch(() => {});
    await desk?.stop().catch(() => {});
    await database.drop().catch(() => {});
    await standIn.close().catch(() => {});
  }
}

export function formatClaimAck(r: ClaimAckResult): string {
  const header = ['', 'p50 ms', 'p99 ms', 'pooled p50', 'pooled p99', 'round ms'];
  const sideRow = (label: string, s: SideStats) => [label, fmt(s.p50, 2), fmt(s.p99, 2), fmt(s.pooledP50, 2), fmt(s.pooledP99, 2), fmt(s.roundMs, 1)];
  const caseRows = (label: string, c: CaseResult) => [
    sideRow('bolt baseline', c.baseline),
    sideRow(label, c.desk),
    ['ratio desk/base', fmt(c.ratioP50, 2), fmt(c.ratioP99, 2), fmt(c.desk.pooledP50 / c.baseline.pooledP50, 2), fmt(c.desk.pooledP99 / c.baseline.pooledP99, 2), fmt(c.desk.roundMs / c.baseline.roundMs, 2)],
  ];
  const met = (c: CaseResult) => c.ratioP50 <= CLAIM_ACK_TARGET && c.ratioP99 <= CLAIM_ACK_TARGET;
  return [
    `claim-ack on ${r.backend}: ${r.options.rounds} measured rounds × ${r.options.concurrency} concurrent clicks per case (+${WARM_UP} warm-up rounds each side, discarded)`,
    `uncontended (each click its own card): ${r.claimsVerified} claims stored`,
    table([header, ...caseRows('desk (claim)', r)]),
    `contended (all clicks on one card): ${r.contended.claimsVerified} comments with one winner each, ${r.contended.refusalsVerified} private refusals delivered`,
    table([header, ...caseRows('desk (storm)', r.contended)]),
    `target ratio ≤ ${CLAIM_ACK_TARGET} (p50 and p99): uncontended ${verdict(met(r))}, contended ${verdict(met(r.contended))}`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const options = defaultClaimAckOptions();
  for (const backend of selectedBackends()) {
    console.log(formatClaimAck(await runClaimAck(backend, options)));
    console.log();
  }
  process.exit(0);
}
