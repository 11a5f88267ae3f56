/**
 * The database-outage fault run, shared by test/integration/database-outage.test.ts (asserts) and
 * bench/db-outage.ts (measures): the real product process (src/main.ts, RUN_JOBS on, jobs every second)
 * against a PostgreSQL database behind a TCP proxy and the Slack stand-in; steady signed comments and
 * claim clicks from here; the proxy is cut while the load goes on, then restored.
 *
 * A comment refused during the cut is sent again until it is acknowledged, as Meta and other senders
 * retry a delivery that did not get a 2xx. Clicks are not retried (Slack does not resend interactions).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signHmacBody } from '../../src/sources/verify-hmac-signature.ts';
import { BOT_TOKEN, CHANNELS, INGEST_SECRET, SIGNING_SECRET, USERS, cardClickPayload, genericComment } from './desk-harness.ts';
import { type DeskProcess, startDeskProcess, waitForHttp } from './desk-process.ts';
import { blockActionsBody, signSlackRequest } from './slack-signing.ts';
import { type SlackStandIn, startSlackStandIn } from './slack-stand-in.ts';
import { type TcpProxy, startTcpProxy } from './tcp-proxy.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';

export const JOB_NAMES = ['sla-sweep', 'crisis-clock', 'kpi-digest'] as const;

/** One team, two agents, every job every second: enough ticks fail during a short cut. */
const DESK_YAML = `
defaultTeam: community
jobs:
  sla-sweep: "* * * * * *"
  crisis-clock: "* * * * * *"
  kpi-digest: "* * * * * *"
teams:
  - id: community
    name: Community
    slackChannel: ${CHANNELS.community}
    lead: anna
    locale: en
    timeZone: Europe/Berlin
members:
  - { id: anna, name: Anna, slackUserId: ${USERS.anna}, roles: [agent, lead], teams: [community] }
  - { id: deniz, name: Deniz, slackUserId: ${USERS.deniz}, roles: [agent], teams: [community] }
`;

/** What one HTTP request got: a status, or why it got none. */
export type Answer = number | 'timeout' | 'connection error';

export interface Attempt {
  sentAt: number;
  answeredAt: number;
  answer: Answer;
  retryAfter: string | null;
  ms: number;
}

export interface SentComment {
  externalId: string;
  attempts: Attempt[];
  /** The id the desk answered with (201/200). */
  commentId?: string;
  acknowledgedAt?: number;
}

export interface SentClick {
  commentId: string;
  attempt: Attempt;
}

export interface OutageRun {
  standIn: SlackStandIn;
  database: TestDatabase;
  proxy: TcpProxy;
  desk: DeskProcess;
  comments: Map<string, SentComment>;
  clicks: SentClick[];
  readyz: { at: number; status: Answer }[];
  /** Process exits seen while the run was going (none expected). */
  exits: { code: number | null; signal: NodeJS.Signals | null; at: number }[];
  cutAt?: number;
  restoredAt?: number;
  /** Index into desk.logs when the cut began. */
  cutLogIndex?: number;
  /** Retries still waiting (comments refused and not yet acknowledged). */
  pendingRetries(): number;
  /** Attempts answered or failed so far, over every comment. */
  allAttempts(): Attempt[];
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Stops sending new comments and clicks; retries go on until every comment is acknowledged. */
  stopLoad(): Promise<void>;
  /** Stops the process (SIGTERM) and everything else; drops the database. */
  close(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface OutageRunOptions {
  /** A new comment every this many milliseconds. */
  commentIntervalMs: number;
  /** A claim click on a posted, not yet clicked card every this many milliseconds. */
  clickIntervalMs: number;
  /** How long a refused comment waits before it is sent again. */
  retryDelayMs: number;
  /** Wait as long as the answer's Retry-After says instead, as a well-behaved sender does. */
  honourRetryAfter?: boolean;
  /** SLACK_CHANNEL_POST_INTERVAL_MS for the desk (0: cards as fast as the outbox goes). */
  postIntervalMs: number;
  /** LOG_LEVEL of the process (info: the run reads its log lines). */
  logLevel?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

export async function startOutageRun(options: OutageRunOptions): Promise<OutageRun> {
  const standIn = await startSlackStandIn({ firstTsSeconds: Math.floor(Date.now() / 1000) });
  const database = await createTestDatabase('postgres');
  const target = new URL(database.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const dir = mkdtempSync(join(tmpdir(), 'desk-outage-'));
  writeFileSync(join(dir, 'desk.yaml'), DESK_YAML);
  const desk = await startDeskProcess({
    DATABASE_URL: proxy.urlFor(database.url),
    DESK_CONFIG: join(dir, 'desk.yaml'),
    RUN_JOBS: 'true',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.url,
    SLACK_CHANNEL_POST_INTERVAL_MS: String(options.postIntervalMs),
    INGEST_SECRET,
    LOG_LEVEL: options.logLevel ?? 'info',
  });
  const exits: OutageRun['exits'] = [];
  void desk.exited.then((e) => exits.push({ ...e, at: Date.now() }));
  await desk.waitForLog((l) => l.msg === 'Community Desk is running', 'the start');
  await waitForHttp(`${desk.url}/readyz`, (status) => status === 200, 'ready');

  const comments = new Map<string, SentComment>();
  const clicks: SentClick[] = [];
  const readyz: OutageRun['readyz'] = [];
  const inFlight = new Set<Promise<unknown>>();
  const retryTimers = new Set<NodeJS.Timeout>();
  const clicked = new Set<string>();
  let loadRunning = true;
  let closed = false;

  const track = <T>(p: Promise<T>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };

  const sendComment = async (comment: SentComment, body: string) => {
    const attempt = await request(`${desk.url}/webhooks/comments`, { 'content-type': 'application/json', 'x-signature-256': signHmacBody(body, INGEST_SECRET) }, body);
    comment.attempts.push(attempt.attempt);
    if (attempt.attempt.answer === 201 || attempt.attempt.answer === 200) {
      comment.commentId = (JSON.parse(attempt.text) as { commentId: string }).commentId;
      comment.acknowledgedAt = attempt.attempt.answeredAt;
      return;
    }
    if (closed) return;
    // Not acknowledged: the sender delivers it again later.
    const retryAfterS = Number(attempt.attempt.retryAfter);
    const delay = options.honourRetryAfter && retryAfterS > 0 ? retryAfterS * 1000 : options.retryDelayMs;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      void track(sendComment(comment, body));
    }, delay);
    retryTimers.add(timer);
  };

  const commentLoop = (async () => {
    let i = 0;
    while (loadRunning) {
      const body = JSON.stringify(genericComment({ text: `Steady comment ${i++}: great video, thanks!` }));
      const externalId = (JSON.parse(body) as { externalId: string }).externalId;
      const comment: SentComment = { externalId, attempts: [] };
      comments.set(externalId, comment);
      void track(sendComment(comment, body));
      await sleep(options.commentIntervalMs);
    }
  })();

  const clickLoop = (async () => {
    let n = 0;
    while (loadRunning) {
      await sleep(options.clickIntervalMs);
      const card = standIn.messages(CHANNELS.community).find((m) => {
        const id = (m.metadata as { event_payload?: { comment_id?: string } } | undefined)?.event_payload?.comment_id;
        return id !== undefined && !clicked.has(id);
      });
      if (!card) continue;
      const commentId = (card.metadata as { event_payload: { comment_id: string } }).event_payload.comment_id;
      clicked.add(commentId);
      const userId = n++ % 2 === 0 ? USERS.anna : USERS.deniz;
      const body = blockActionsBody(cardClickPayload({ userId, commentId, channelId: card.channel, messageTs: card.ts, action: 'claim' }));
      void track(
        request(`${desk.url}/slack/events`, { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(body, SIGNING_SECRET) }, body).then((r) =>
          clicks.push({ commentId, attempt: r.attempt }),
        ),
      );
    }
  })();

  const readyzLoop = (async () => {
    while (loadRunning) {
      const sentAt = Date.now();
      let status: Answer;
      try {
        const res = await fetch(`${desk.url}/readyz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await res.text();
        status = res.status;
      } catch (error) {
        status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error';
      }
      readyz.push({ at: sentAt, status });
      await sleep(100);
    }
  })();

  const run: OutageRun = {
    standIn,
    database,
    proxy,
    desk,
    comments,
    clicks,
    readyz,
    exits,
    pendingRetries: () => retryTimers.size,
    allAttempts: () => [...comments.values()].flatMap((c) => c.attempts),
    async cut() {
      run.cutLogIndex = desk.logs.length;
      run.cutAt = Date.now();
      await proxy.cut();
    },
    async restore() {
      await proxy.restore();
      run.restoredAt = Date.now();
    },
    async stopLoad() {
      loadRunning = false;
      await Promise.all([commentLoop, clickLoop, readyzLoop]);
      // Every refused comment is delivered again until it is acknowledged (the database is back).
      await waitUntil(() => retryTimers.size === 0 && inFlight.size === 0, 'every comment acknowledged', 120_000);
    },
    async close() {
      closed = true;
      loadRunning = false;
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
      await Promise.allSettled([...inFlight]);
      const exit = await desk.stop();
      await proxy.close();
      await standIn.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
      return exit;
    },
  };
  return run;
}

async function request(url: string, headers: Record<string, string>, body: string): Promise<{ attempt: Attempt; text: string }> {
  const sentAt = Date.now();
  const started = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await res.text();
    return { attempt: { sentAt, answeredAt: Date.now(), answer: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started }, text };
  } catch (error) {
    const answer: Answer = (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error';
    return { attempt: { sentAt, answeredAt: Date.now(), answer, retryAfter: null, ms: performance.now() - started }, text: '' };
  }
}

/** Log lines since the cut whose message starts with `prefix`. */
export function linesSinceCut(run: OutageRun, match: (msg: string) => boolean) {
  return run.desk.logs.slice(run.cutLogIndex ?? 0).filter((l) => typeof l.msg === 'string' && match(l.msg));
}

export const isSkippedJobLine = (msg: string) => /^job \S+ skipped this run/.test(msg);
export const isOutboxBackingOffLine = (msg: string) => msg.startsWith('outbox delivery round failed') && msg.includes('backing off');

/** Waits for state, not for time: `check` is polled until it holds. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, state?: () => unknown): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}${state ? `; state: ${JSON.stringify(await state())}` : ''}`);
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Card posts per comment id, from what the stand-in was asked to post. */
export function cardPostsByComment(standIn: SlackStandIn): Map<string, number> {
  const posts = new Map<string, number>();
  for (const call of standIn.callsTo('chat.postMessage')) {
    const id = (call.args.metadata as { event_payload?: { comment_id?: string } } | undefined)?.event_payload?.comment_id;
    if (id) posts.set(id, (posts.get(id) ?? 0) + 1);
  }
  return posts;
}

/** Rows per external id in the comment table (the unique key allows one; counted to prove it). */
export async function storedComments(run: OutageRun): Promise<Map<string, { count: number; ids: string[] }>> {
  const rows = await run.database.db.prisma.$queryRaw<{ external_id: string; n: bigint; ids: string[] }[]>`
    SELECT external_id, count(*) AS n, array_agg(id::text) AS ids FROM comment WHERE source = 'youtube' GROUP BY external_id`;
  return new Map(rows.map((r) => [r.external_id, { count: Number(r.n), ids: r.ids }]));
}
