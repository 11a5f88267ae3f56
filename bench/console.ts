/**
 * The web console (issue 13) through the real HTTP stack, each figure against a baseline measured on
 * the same desk in the same process, from the same keep-alive client (bench/lib.ts):
 *
 * 1. claim from the console vs the same claim from Slack: `concurrency` concurrent
 *    `POST /console/act` (action=claim, JSON answer), each from its own session acting as a different
 *    agent of the community team, each on its own fresh card, against as many signed Slack
 *    block_actions claim clicks on other fresh cards. Rounds alternate ABBA; the outbox (the Slack
 *    card updates both cause) is drained between rounds. Ratio console ÷ Slack.
 * 2. live fan-out: `streams` open pages (each its own session with `GET /console/events`); the time
 *    from sending one claim until every stream has heard the `changed` event naming the comment,
 *    (a) for a claim made in the console (the console wakes its poller at once), (b) for a claim made
 *    in Slack (the poller finds it at its next look, every CONSOLE_LIVE_POLL_MS). Baseline: that claim
 *    request's own latency. (a) and (b) rounds alternate ABBA, each after an untimed random pause of up
 *    to one poll interval, so claims fall at evenly spread moments between the poller's looks (else
 *    every round would start in step with the look that ended the round before). Ratio fan-out ÷ claim.
 * 3. the inbox page (`GET /`, acting as a team lead) with `pageComments` open comments across the
 *    three teams, requests one at a time, against `GET /readyz` (one database query and JSON) on the
 *    same server, rounds alternating ABBA; and the page's size.
 *
 * The first `warmup` rounds of every side are discarded; p50/p99 are medians of the per-round values.
 * Everything runs in one process (desk, Slack stand-in, clients and their event streams), so figure
 * 2 includes the time the clients take to read 50 streams.
 *
 *   npx tsx bench/console.ts [--db=pglite|postgres|all] [--rounds=10] [--warmup=3] [--concurrency=20]
 *     [--streams=50] [--live-rounds=10] [--page-comments=300] [--page-requests=20] [--poll-ms=250]
 *   BENCH_QUICK=1 for a short run.
 */
import http from 'node:http';
import { loadavg } from 'node:os';
import type { Desk } from '../src/app.ts';
import { type DeskConfig, deskConfigSchema } from '../src/desk-config/desk-config-schema.ts';
import { ConsoleClient, type ConsoleEvents } from '../test/support/console-client.ts';
import { CHANNELS, SIGNING_SECRET, cardClickPayload, genericComment, postComment, startTestDesk, testDeskConfig } from '../test/support/desk-harness.ts';
import { blockActionsBody, signSlackRequest } from '../test/support/slack-signing.ts';
import { mulberry32 } from '../test/support/seeded-random.ts';
import { type SlackStandIn, startSlackStandIn } from '../test/support/slack-stand-in.ts';
import { type Backend, createTestDatabase } from '../test/support/test-database.ts';
import { waitForOutboxDrain } from './claim-ack.ts';
import { QUICK, type HttpResult, agent, alternately, fmt, isMain, median, numberArg, percentile, post, selectedBackends, sleep, table, withConcurrency } from './lib.ts';

export interface ConsoleBenchOptions {
  /** Measured rounds per side for figures 1 and 3. */
  rounds: number;
  /** Rounds run first and discarded, per side (all figures). */
  warmup: number;
  /** Claims in flight per round in figure 1 (and agents on the desk). */
  concurrency: number;
  /** Open pages (event streams) in figure 2. */
  streams: number;
  /** Measured rounds per case in figure 2 (one claim each). */
  liveRounds: number;
  /** Open comments on the inbox page in figure 3 (spread evenly over the three teams). */
  pageComments: number;
  /** Requests per round in figure 3, one at a time. */
  pageRequests: number;
  /** CONSOLE_LIVE_POLL_MS of the desk: how often the live poller looks at the event log. */
  livePollMs: number;
}

export interface SideStats {
  /** Median over measured rounds of each round's p50 / p99. */
  p50: number;
  p99: number;
  /** Median time until the whole round was answered. */
  roundMs: number;
  samples: number;
}

export interface ClaimFigure {
  console: SideStats;
  slack: SideStats;
  ratioP50: number;
  ratioP99: number;
  /** Comments of the console rounds stored as claimed by their clicker, with the event logged via console; the same for Slack. */
  consoleClaims: number;
  slackClaims: number;
}

export interface FanOutFigure {
  /** Medians over measured rounds: the claim request's latency, and the time until the median / the last of the streams heard of it. */
  claimMs: number;
  halfStreamsMs: number;
  allStreamsMs: number;
  /** The slowest round's time until every stream had heard. */
  worstAllStreamsMs: number;
  /** allStreamsMs ÷ claimMs. */
  ratio: number;
  rounds: number;
}

export interface PageFigure {
  page: SideStats;
  readyz: SideStats;
  ratioP50: number;
  ratioP99: number;
  /** The page unpacked, in bytes; what was sent (gzip) is gzipBytes; cards on it; people in the route list of a card's own page. */
  pageBytes: number;
  /** What goes over the wire to a browser (gzip). */
  gzipBytes: number;
  cards: number;
  routePeople: number;
}

export interface ConsoleBenchResult {
  backend: Backend;
  options: ConsoleBenchOptions;
  claim: ClaimFigure;
  liveConsole: FanOutFigure;
  liveSlack: FanOutFigure;
  page: PageFigure;
  loadBefore: number[];
  loadAfter: number[];
}

export function defaultConsoleBenchOptions(argv: readonly string[] = process.argv.slice(2)): ConsoleBenchOptions {
  const num = (name: string, fallback: number) => numberArg(argv, name, fallback);
  return {
    rounds: num('rounds', QUICK ? 3 : 10),
    warmup: num('warmup', QUICK ? 1 : 3),
    concurrency: num('concurrency', 20),
    streams: num('streams', 50),
    liveRounds: num('live-rounds', QUICK ? 3 : 10),
    pageComments: num('page-comments', 300),
    pageRequests: num('page-requests', QUICK ? 10 : 20),
    livePollMs: num('poll-ms', 250),
  };
}

const agentId = (i: number) => `agent-${String(i).padStart(3, '0')}`;
const agentSlackId = (i: number) => `U0CONSB${String(i).padStart(4, '0')}`;

/** The test desk (three teams) plus `count` agents of the community team, each with a Slack user. */
export function consoleBenchDeskConfig(count: number): DeskConfig {
  const base = testDeskConfig();
  const agents = Array.from({ length: count }, (_, i) => ({ id: agentId(i), name: `Agent ${i}`, slackUserId: agentSlackId(i), roles: ['agent'], teams: ['community'] }));
  return deskConfigSchema.parse({ ...base, members: [...base.members, ...agents] });
}

/** GET over the bench's keep-alive agent; resolves when the whole response has arrived. */
function get(url: URL, headers: Record<string, string>): Promise<HttpResult & { bytes: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - start, text: body.toString('utf8'), bytes: body.length });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Card {
  commentId: string;
  ts: string;
}

/** Posts comments (16 in flight) with the given texts and waits until the stand-in holds a card for each in `channel`. */
async function createCards(desk: Desk, standIn: SlackStandIn, texts: string[], channel: string = CHANNELS.community): Promise<Card[]> {
  const ids = await withConcurrency(16, texts.length, async (i) => {
    const res = await postComment(desk, genericComment({ text: texts[i] }));
    if (res.status !== 201) throw new Error(`POST /webhooks/comments answered ${res.status}: ${JSON.stringify(res.json)}`);
    return res.json.commentId as string;
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    const tsByComment = new Map<string, string>();
    for (const m of standIn.messages(channel)) {
      const id = (m.metadata as { event_payload?: { comment_id?: string } } | undefined)?.event_payload?.comment_id;
      if (id) tsByComment.set(id, m.ts);
    }
    const missing = ids.filter((id) => !tsByComment.has(id));
    if (!missing.length) return ids.map((commentId) => ({ commentId, ts: tsByComment.get(commentId)! }));
    if (Date.now() > deadline) throw new Error(`${missing.length} of ${ids.length} cards were not posted in ${channel} within 180 s`);
    await sleep(50);
  }
}

/** A console page acting as `memberId` (or as nobody): its session cookie and CSRF token. */
async function consoleSession(baseUrl: string, memberId?: string): Promise<ConsoleClient> {
  const client = new ConsoleClient(baseUrl);
  if (memberId) await client.actAs(memberId);
  else await client.get('/');
  if (!client.cookie || !client.csrf) throw new Error(`no console session for ${memberId ?? 'a visitor'}`);
  return client;
}

/** The console's claim as the page's script sends it: same-origin, session cookie, CSRF token, JSON answer. */
function consoleClaim(deskUrl: string, client: ConsoleClient, commentId: string): Promise<HttpResult> {
  const body = new URLSearchParams({ commentId, action: 'claim', csrf: client.csrf! }).toString();
  return post(
    new URL('/console/act', deskUrl),
    { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', origin: deskUrl, cookie: client.cookie! },
    body,
  );
}

/** A signed Slack claim click on the card's message, the payload built by the test harness (cardClickPayload). */
function slackClaim(deskUrl: string, agent: number, card: Card): Promise<HttpResult> {
  const body = blockActionsBody(cardClickPayload({ userId: agentSlackId(agent), commentId: card.commentId, channelId: CHANNELS.community, messageTs: card.ts, action: 'claim' }));
  const headers = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(body, SIGNING_SECRET),
  };
  return post(new URL('/slack/events', deskUrl), headers, body);
}

function expectOk(what: string, r: HttpResult): void {
  if (r.status !== 200) throw new Error(`${what} answered ${r.status}: ${r.text.slice(0, 300)}`);
}

interface Round {
  latencies: number[];
  roundMs: number;
}

function summarize(rounds: Round[]): SideStats {
  return {
    p50: median(rounds.map((r) => percentile(r.latencies, 50))),
    p99: median(rounds.map((r) => percentile(r.latencies, 99))),
    roundMs: median(rounds.map((r) => r.roundMs)),
    samples: rounds.reduce((n, r) => n + r.latencies.length, 0),
  };
}

/** `warmup + rounds` rounds of each side, ABBA; warm-up rounds dropped. */
async function measurePair(rounds: number, warmup: number, a: (r: number) => Promise<Round>, b: (r: number) => Promise<Round>): Promise<[SideStats, SideStats]> {
  const aRounds: Round[] = [];
  const bRounds: Round[] = [];
  for (let r = 0; r < rounds + warmup; r++) {
    await alternately(
      r,
      async () => {
        const m = await a(r);
        if (r >= warmup) aRounds.push(m);
      },
      async () => {
        const m = await b(r);
        if (r >= warmup) bRounds.push(m);
      },
    );
  }
  return [summarize(aRounds), summarize(bRounds)];
}

/** Fires all requests in the same tick; throws on any answer but 200. */
async function fireRound(what: string, requests: (() => Promise<HttpResult>)[]): Promise<Round> {
  const start = performance.now();
  const results = await Promise.all(requests.map((r) => r()));
  const roundMs = performance.now() - start;
  for (const r of results) expectOk(what, r);
  return { latencies: results.map((r) => r.ms), roundMs };
}

/** Figure 3: the inbox page against /readyz, one request at a time. */
async function measurePage(desk: Desk, options: ConsoleBenchOptions): Promise<PageFigure> {
  const lead = await consoleSession(desk.url, 'anna');
  // As a browser asks: the page comes gzip-compressed.
  const headers = { accept: 'text/html', 'accept-encoding': 'gzip', cookie: lead.cookie! };
  const pageUrl = new URL('/', desk.url);
  const readyzUrl = new URL('/readyz', desk.url);
  let last: (HttpResult & { bytes: number }) | undefined;
  const sequential = async (url: URL, keep: boolean): Promise<Round> => {
    const latencies: number[] = [];
    const start = performance.now();
    for (let i = 0; i < options.pageRequests; i++) {
      const r = await get(url, headers);
      expectOk(`GET ${url.pathname}`, r);
      latencies.push(r.ms);
      if (keep) last = r;
    }
    return { latencies, roundMs: performance.now() - start };
  };
  const [page, readyz] = await measurePair(
    options.rounds,
    options.warmup,
    () => sequential(pageUrl, true),
    () => sequential(readyzUrl, false),
  );
  // The page as the browser reads it (fetch decompresses), to count its cards and its size unpacked.
  const body = await (await fetch(pageUrl, { headers: { accept: 'text/html', cookie: lead.cookie! } })).text();
  const cards = body.split('data-testid="card"').length - 1;
  if (cards !== options.pageComments) throw new Error(`the inbox page shows ${cards} cards, expected ${options.pageComments}`);
  // Each card links to its own page for routing; the route choice (every team and person) is there.
  const cardPage = await (await fetch(new URL(`/card?id=${/data-comment-id="([^"]+)"/.exec(body)?.[1] ?? ''}`, desk.url), { headers: { cookie: lead.cookie! } })).text();
  const firstRoute = /<select id="route-[^"]+"[\s\S]*?<\/select>/.exec(cardPage)?.[0] ?? '';
  const routePeople = (firstRoute.match(/value="member:/g) ?? []).length;
  return { page, readyz, ratioP50: page.p50 / readyz.p50, ratioP99: page.p99 / readyz.p99, pageBytes: Buffer.byteLength(body), gzipBytes: last!.bytes, cards, routePeople };
}

/** Figure 1: concurrent console claims against concurrent Slack claims, each on its own fresh card. */
async function measureClaims(desk: Desk, standIn: SlackStandIn, options: ConsoleBenchOptions): Promise<ClaimFigure> {
  const { rounds, warmup, concurrency } = options;
  const total = rounds + warmup;
  const clients = await withConcurrency(4, concurrency, (i) => consoleSession(desk.url, agentId(i)));
  const cards = await createCards(
    desk,
    standIn,
    Array.from({ length: 2 * total * concurrency }, (_, i) => `Console bench ${i}: tolles Video, danke!`),
  );
  await waitForOutboxDrain(desk);
  const consoleCards = cards.slice(0, total * concurrency);
  const slackCards = cards.slice(total * concurrency);
  const slice = (list: Card[], r: number) => list.slice(r * concurrency, (r + 1) * concurrency);

  const [consoleSide, slackSide] = await measurePair(
    rounds,
    warmup,
    async (r) => {
      const m = await fireRound('POST /console/act', slice(consoleCards, r).map((card, i) => () => consoleClaim(desk.url, clients[i]!, card.commentId)));
      await waitForOutboxDrain(desk);
      return m;
    },
    async (r) => {
      const m = await fireRound('POST /slack/events', slice(slackCards, r).map((card, i) => () => slackClaim(desk.url, i, card)));
      await waitForOutboxDrain(desk);
      return m;
    },
  );

  // The subject must really have done the work: every click is a claim by its clicker, logged via its door.
  const claimedBy = async (list: Card[], via: string) => {
    const events = await desk.db.prisma.event.findMany({ where: { type: 'claimed', commentId: { in: list.map((c) => c.commentId) } }, select: { commentId: true, actorId: true, data: true } });
    const byComment = new Map(events.map((e) => [e.commentId, e]));
    const ok = list.filter((card, k) => {
      const e = byComment.get(card.commentId);
      return e?.actorId === agentId(k % concurrency) && ((e.data as { via?: string } | null)?.via ?? 'slack') === via;
    }).length;
    if (ok !== list.length || events.length !== list.length) throw new Error(`expected ${list.length} claims via ${via} by their clickers, found ${ok} (of ${events.length} claimed events)`);
    return ok;
  };
  const consoleClaims = await claimedBy(consoleCards, 'console');
  const slackClaims = await claimedBy(slackCards, 'slack');
  return { console: consoleSide, slack: slackSide, ratioP50: consoleSide.p50 / slackSide.p50, ratioP99: consoleSide.p99 / slackSide.p99, consoleClaims, slackClaims };
}

interface FanOutRound {
  claimMs: number;
  halfMs: number;
  allMs: number;
}

/** Waits until every stream has heard of `commentId`; resolves with each stream's arrival time after `start`. */
function heardBy(streams: ConsoleEvents[], commentId: string, timeoutMs = 30_000): { arrivals: Promise<number[]>; start: (t: number) => void } {
  let t0 = 0;
  let heard = 0;
  const waits = streams.map((s) =>
    s
      .next((e) => e.comments.includes(commentId))
      .then(() => {
        heard += 1;
        return performance.now();
      }),
  );
  const arrivals = new Promise<number[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${heard} of ${streams.length} streams heard of ${commentId} within ${timeoutMs} ms`)), timeoutMs);
    void Promise.all(waits).then((times) => {
      clearTimeout(timer);
      resolve(times.map((t) => t - t0));
    });
  });
  return { arrivals, start: (t) => (t0 = t) };
}

function summarizeFanOut(rounds: FanOutRound[]): FanOutFigure {
  const claimMs = median(rounds.map((r) => r.claimMs));
  const allStreamsMs = median(rounds.map((r) => r.allMs));
  return {
    claimMs,
    halfStreamsMs: median(rounds.map((r) => r.halfMs)),
    allStreamsMs,
    worstAllStreamsMs: Math.max(...rounds.map((r) => r.allMs)),
    ratio: allStreamsMs / claimMs,
    rounds: rounds.length,
  };
}

/** Figure 2: one claim at a time with `streams` pages open, made in the console or in Slack. */
async function measureFanOut(desk: Desk, standIn: SlackStandIn, options: ConsoleBenchOptions): Promise<{ liveConsole: FanOutFigure; liveSlack: FanOutFigure }> {
  const total = options.liveRounds + options.warmup;
  const actor = await consoleSession(desk.url, agentId(0));
  const cards = await createCards(
    desk,
    standIn,
    Array.from({ length: 2 * total + 1 }, (_, i) => `Live bench ${i}: tolles Video, danke!`),
  );
  await waitForOutboxDrain(desk);
  const [primer, ...rest] = cards;
  const consoleCards = rest.slice(0, total);
  const slackCards = rest.slice(total);

  const pages = await withConcurrency(4, options.streams, () => consoleSession(desk.url));
  const streams = await Promise.all(pages.map((p) => p.events()));
  try {
    await Promise.all(streams.map((s) => s.opened));
    // The poller takes its starting point at its first look after the first page opened; until then
    // a change may go unheard. Repeat a change of the primer (claim, release, ...) until all have heard one.
    for (let attempt = 0; ; attempt++) {
      const { arrivals } = heardBy(streams, primer!.commentId, 5_000);
      const r = await consoleClaim(desk.url, actor, primer!.commentId);
      expectOk('priming claim', r);
      try {
        await arrivals;
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        const release = await post(
          new URL('/console/act', desk.url),
          { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', origin: desk.url, cookie: actor.cookie! },
          new URLSearchParams({ commentId: primer!.commentId, action: 'release', csrf: actor.csrf! }).toString(),
        );
        expectOk('priming release', release);
      }
    }
    await waitForOutboxDrain(desk);

    const once = async (card: Card, claim: () => Promise<HttpResult>): Promise<FanOutRound> => {
      const heard = heardBy(streams, card.commentId);
      const start = performance.now();
      heard.start(start);
      const r = await claim();
      expectOk('claim', r);
      const arrivals = await heard.arrivals;
      await waitForOutboxDrain(desk);
      return { claimMs: r.ms, halfMs: percentile(arrivals, 50), allMs: Math.max(...arrivals) };
    };
    // Each round waits a random part of the poll interval first (outside the timed part): rounds
    // would otherwise start in step with the poller's ticks (the previous round ended on one).
    const phase = mulberry32(13);
    const viaConsole: FanOutRound[] = [];
    const viaSlack: FanOutRound[] = [];
    for (let r = 0; r < total; r++) {
      await alternately(
        r,
        async () => {
          await sleep(phase() * options.livePollMs);
          const m = await once(consoleCards[r]!, () => consoleClaim(desk.url, actor, consoleCards[r]!.commentId));
          if (r >= options.warmup) viaConsole.push(m);
        },
        async () => {
          await sleep(phase() * options.livePollMs);
          const m = await once(slackCards[r]!, () => slackClaim(desk.url, 1, slackCards[r]!));
          if (r >= options.warmup) viaSlack.push(m);
        },
      );
    }
    return { liveConsole: summarizeFanOut(viaConsole), liveSlack: summarizeFanOut(viaSlack) };
  } finally {
    for (const s of streams) s.close();
  }
}

/** Figure 3 first (exactly `pageComments` open comments on the desk), then figures 1 and 2. */
export async function runConsoleBench(backend: Backend, options: ConsoleBenchOptions = defaultConsoleBenchOptions()): Promise<ConsoleBenchResult> {
  const loadBefore = loadavg();
  const standIn = await startSlackStandIn();
  const database = await createTestDatabase(backend);
  let desk: Desk | undefined;
  try {
    desk = await startTestDesk({
      standIn,
      db: database.db,
      deskConfig: consoleBenchDeskConfig(Math.max(options.concurrency, 2)),
      env: { CONSOLE_LIVE_POLL_MS: String(options.livePollMs) },
    });

    // 300 open comments across the teams: routing sends "order" to support and "lawyer" to legal.
    const perTeam = Math.ceil(options.pageComments / 3);
    const texts = Array.from({ length: options.pageComments }, (_, i) => {
      const team = Math.floor(i / perTeam);
      return team === 0 ? `Inbox bench ${i}: tolles Video, danke!` : team === 1 ? `Inbox bench ${i}: where is my order?` : `Inbox bench ${i}: I will ask my lawyer about this.`;
    });
    const d = desk;
    await withConcurrency(16, texts.length, async (i) => {
      const res = await postComment(d, genericComment({ text: texts[i] }));
      if (res.status !== 201) throw new Error(`POST /webhooks/comments answered ${res.status}: ${JSON.stringify(res.json)}`);
    });
    await waitForOutboxDrain(desk);
    const page = await measurePage(desk, options);

    const claim = await measureClaims(desk, standIn, options);
    const { liveConsole, liveSlack } = await measureFanOut(desk, standIn, options);
    return { backend, options, claim, liveConsole, liveSlack, page, loadBefore, loadAfter: loadavg() };
  } finally {
    await desk?.stop().catch(() => {});
    await database.drop().catch(() => {});
    await standIn.close().catch(() => {});
  }
}

export function formatConsoleBench(r: ConsoleBenchResult): string {
  const o = r.options;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const side = (label: string, s: SideStats) => [label, fmt(s.p50, 2), fmt(s.p99, 2), fmt(s.roundMs, 1), String(s.samples)];
  const ratio = (label: string, a: SideStats, b: SideStats) => [label, fmt(a.p50 / b.p50, 2), fmt(a.p99 / b.p99, 2), fmt(a.roundMs / b.roundMs, 2), ''];
  const live = (label: string, f: FanOutFigure) => [label, fmt(f.claimMs, 2), fmt(f.halfStreamsMs, 1), fmt(f.allStreamsMs, 1), fmt(f.worstAllStreamsMs, 1), fmt(f.ratio, 2)];
  return [
    `console on ${r.backend}: ${o.rounds} measured rounds per side (+${o.warmup} warm-up, discarded), ABBA; load average ${load(r.loadBefore)} → ${load(r.loadAfter)}`,
    `1. claim, ${o.concurrency} concurrent per round, each its own card and member: ${r.claim.consoleClaims} console and ${r.claim.slackClaims} Slack claims stored by their clickers`,
    table([
      ['', 'p50 ms', 'p99 ms', 'round ms', 'samples'],
      side('Slack click (baseline)', r.claim.slack),
      side('POST /console/act', r.claim.console),
      ratio('ratio console ÷ Slack', r.claim.console, r.claim.slack),
    ]),
    `2. live fan-out to ${o.streams} open pages (event streams), one claim per round at a random moment of the poll, ${r.liveConsole.rounds} rounds per case; poller every ${o.livePollMs} ms (medians over rounds)`,
    table([
      ['claim made in', 'claim ms', 'half heard ms', 'all heard ms', 'worst all ms', 'all ÷ claim'],
      live('console (wakes poller)', r.liveConsole),
      live(`Slack (next look)`, r.liveSlack),
    ]),
    `3. inbox page GET / (gzip) with ${r.page.cards} open comments on 3 teams (acting as a lead; ${r.page.routePeople} people in the route list on each card's own page), ${o.pageRequests} requests one at a time per round: ${fmt(r.page.pageBytes / 1024, 1)} KB (${fmt(r.page.pageBytes / r.page.cards / 1024, 2)} KB per card), ${fmt(r.page.gzipBytes / 1024, 1)} KB sent`,
    table([
      ['', 'p50 ms', 'p99 ms', 'round ms', 'samples'],
      side('GET /readyz (baseline)', r.page.readyz),
      side('GET / (inbox)', r.page.page),
      ratio('ratio page ÷ readyz', r.page.page, r.page.readyz),
    ]),
  ].join('\n');
}

/** Rows for run-all's summary: `[benchmark, db, baseline, desk, ratio, target, result]`, all informational. */
export function consoleBenchRows(r: ConsoleBenchResult): string[][] {
  const info = (label: string, base: number, subject: number, digits = 1): string[] => [label, r.backend, fmt(base, digits), fmt(subject, digits), fmt(subject / base, 2), '(info)', '–'];
  return [
    info('console claim p50 (ms; base: Slack click)', r.claim.slack.p50, r.claim.console.p50),
    info('console claim p99 (ms; base: Slack click)', r.claim.slack.p99, r.claim.console.p99),
    info(`console live, claim in console → ${r.options.streams} pages (ms)`, r.liveConsole.claimMs, r.liveConsole.allStreamsMs),
    info(`console live, claim in Slack → ${r.options.streams} pages (ms)`, r.liveSlack.claimMs, r.liveSlack.allStreamsMs),
    info(`console inbox, ${r.page.cards} open, p50 (ms; base: readyz)`, r.page.readyz.p50, r.page.page.p50),
    info(`console inbox, ${r.page.cards} open, p99 (ms; base: readyz)`, r.page.readyz.p99, r.page.page.p99),
    [`console inbox page size (KB)`, r.backend, '–', fmt(r.page.pageBytes / 1024, 0), '–', '(info)', '–'],
    [`console inbox page sent, gzip (KB)`, r.backend, '–', fmt(r.page.gzipBytes / 1024, 0), '–', '(info)', '–'],
  ];
}

if (isMain(import.meta.url)) {
  const options = defaultConsoleBenchOptions();
  for (const backend of selectedBackends()) {
    console.log(formatConsoleBench(await runConsoleBench(backend, options)));
    console.log();
  }
  process.exit(0);
}
