/**
 * Claim-click acknowledgement latency through the real HTTP stack, N concurrent clicks.
 *
 * Subject: the full desk (startTestDesk against the Slack stand-in): every click in a round is a
 * different agent claiming a different, already posted card; the handler writes the claim, then acks.
 * Baseline: a bare Bolt App (HTTPReceiver defaults) whose only listener acks at once, receiving the
 * same signed block_actions shape from the same keep-alive client, in the same process.
 * Rounds alternate subject/baseline (ABBA order), the first WARM_UP rounds of each are discarded (JIT warm-up);
 * p50/p99 are medians over the per-round values. Between desk rounds the outbox is drained, so a
 * round's card updates do not spill into the next round.
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
import { QUICK, numberArg, fmt, isMain, median, percentile, post, selectedBackends, sleep, table, verdict, withConcurrency } from './lib.ts';

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

export interface ClaimAckResult {
  backend: Backend;
  options: ClaimAckOptions;
  desk: SideStats;
  baseline: SideStats;
  ratioP50: number;
  ratioP99: number;
  claimsVerified: number;
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

    // WARM_UP rounds plus `rounds` measured ones, each claiming `concurrency` fresh cards.
    const cards = await createCards(desk, standIn, (rounds + WARM_UP) * concurrency);
    await waitForOutboxDrain(desk);

    const deskRounds: { latencies: number[]; roundMs: number }[] = [];
    const baseRounds: { latencies: number[]; roundMs: number }[] = [];
    for (let r = 0; r < rounds + WARM_UP; r++) {
      const runDesk = async () => {
        const slice = cards.slice(r * concurrency, (r + 1) * concurrency);
        const requests = slice.map((card, i) => claimRequest(card.commentId, agentSlackId(i), card.ts));
        const measured = await fireRound(deskUrl, requests);
        await waitForOutboxDrain(desk!);
        if (r >= WARM_UP) deskRounds.push(measured);
      };
      const runBaseline = async () => {
        const requests = Array.from({ length: concurrency }, (_, i) => claimRequest(randomUUID(), agentSlackId(i), `1700000000.${String(i).padStart(6, '0')}`));
        const measured = await fireRound(baseline!.url, requests);
        if (r >= WARM_UP) baseRounds.push(measured);
      };
      // ABBA: alternate which side goes first so drift and after-effects hit both alike.
      if (r % 2 === 0) {
        await runDesk();
        await runBaseline();
      } else {
        await runBaseline();
        await runDesk();
      }
    }

    // The subject must really have done the work: every click of every round is a stored claim.
    const claimsVerified = await desk.db.prisma.comment.count({ where: { status: 'claimed' } });
    const expected = (rounds + WARM_UP) * concurrency;
    if (claimsVerified !== expected) throw new Error(`expected ${expected} claimed comments, found ${claimsVerified}`);

    const deskStats = summarize(deskRounds);
    const baseStats = summarize(baseRounds);
    return {
      backend,
      options,
      desk: deskStats,
      baseline: baseStats,
      ratioP50: deskStats.p50 / baseStats.p50,
      ratioP99: deskStats.p99 / baseStats.p99,
      claimsVerified,
    };
  } finally {
    await baseline?.stop().catch(() => {});
    await desk?.stop().catch(() => {});
    await database.drop().catch(() => {});
    await standIn.close().catch(() => {});
  }
}

export function formatClaimAck(r: ClaimAckResult): string {
  const rows = [
    ['', 'p50 ms', 'p99 ms', 'pooled p50', 'pooled p99', 'round ms'],
    ['bolt baseline', fmt(r.baseline.p50, 2), fmt(r.baseline.p99, 2), fmt(r.baseline.pooledP50, 2), fmt(r.baseline.pooledP99, 2), fmt(r.baseline.roundMs, 1)],
    ['desk (claim)', fmt(r.desk.p50, 2), fmt(r.desk.p99, 2), fmt(r.desk.pooledP50, 2), fmt(r.desk.pooledP99, 2), fmt(r.desk.roundMs, 1)],
    ['ratio desk/base', fmt(r.ratioP50, 2), fmt(r.ratioP99, 2), fmt(r.desk.pooledP50 / r.baseline.pooledP50, 2), fmt(r.desk.pooledP99 / r.baseline.pooledP99, 2), fmt(r.desk.roundMs / r.baseline.roundMs, 2)],
  ];
  const ok = r.ratioP50 <= CLAIM_ACK_TARGET && r.ratioP99 <= CLAIM_ACK_TARGET;
  return [
    `claim-ack on ${r.backend}: ${r.options.rounds} measured rounds × ${r.options.concurrency} concurrent clicks (+${WARM_UP} warm-up rounds each side, discarded); ${r.claimsVerified} claims stored`,
    table(rows),
    `target ratio ≤ ${CLAIM_ACK_TARGET} (p50 and p99): ${verdict(ok)}`,
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
