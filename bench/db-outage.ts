/**
 * The database-outage fault run (issue 10), measured: the real process (src/main.ts, RUN_JOBS on, jobs
 * every second) against PostgreSQL behind a TCP proxy and the Slack stand-in, under steady signed
 * comments (`--rate`, default 20/s) and claim clicks (`--clicks`, default 2/s); the proxy is cut for
 * `--cut-seconds` (default 60; BENCH_QUICK=1: 10), then restored. Refused comments are sent again
 * after the answer's Retry-After (10 s) until acknowledged, as a well-behaved webhook sender retries.
 *
 * Prints: process alive, comments acknowledged, acknowledged-but-lost, duplicates (comments and cards),
 * requests answered 503 during the cut, clicks and how they were answered, the time from the restore
 * to the first 201, to /readyz 200, to the first new card and to every job having run again; and, as
 * the in-process baseline, the same ingest's p50 latency before the cut against after recovery.
 * Card posting is unpaced (SLACK_CHANNEL_POST_INTERVAL_MS=0) so every card can be counted.
 *
 *   DATABASE_URL=postgresql://… npx tsx bench/db-outage.ts [--cut-seconds=60] [--rate=20] [--clicks=2]
 */
import {
  JOB_NAMES,
  type Answer,
  type OutageRun,
  cardPostsByComment,
  isOutboxBackingOffLine,
  isSkippedJobLine,
  linesSinceCut,
  sleep,
  startOutageRun,
  storedComments,
  waitUntil,
} from '../test/support/database-outage-run.ts';
import { QUICK, fmt, isMain, median, numberArg, table } from './lib.ts';

export interface DbOutageOptions {
  cutSeconds: number;
  /** Comments per second. */
  rate: number;
  /** Claim clicks per second. */
  clicks: number;
  /** Steady load measured before the cut, and again after recovery. */
  windowSeconds: number;
}

export interface DbOutageResult {
  options: DbOutageOptions;
  processAlive: boolean;
  exitCode: number | null;
  commentsSent: number;
  acknowledged: number;
  acknowledgedLost: number;
  duplicateComments: number;
  duplicateCards: number;
  missingCards: number;
  refusedDuringCut: number;
  unanswered: number;
  otherStatuses: Record<string, number>;
  clicksAcknowledged: number;
  clicksAcknowledgedLost: number;
  clickAnswersDuringCut: Record<string, number>;
  skippedJobRuns: number;
  cutMs: number;
  toFirst201Ms: number;
  toReadyMs: number;
  toFirstCardMs: number;
  toJobsMs: number;
  p50BeforeMs: number;
  p50AfterMs: number;
  ratio: number;
}

export function defaultDbOutageOptions(argv: readonly string[] = process.argv.slice(2)): DbOutageOptions {
  return {
    cutSeconds: numberArg(argv, 'cut-seconds', QUICK ? 10 : 60),
    rate: numberArg(argv, 'rate', 20),
    clicks: numberArg(argv, 'clicks', 2),
    windowSeconds: numberArg(argv, 'window-seconds', QUICK ? 5 : 10),
  };
}

export async function runDbOutage(options: DbOutageOptions): Promise<DbOutageResult> {
  const run = await startOutageRun({
    commentIntervalMs: 1000 / options.rate,
    clickIntervalMs: 1000 / options.clicks,
    retryDelayMs: 1000,
    honourRetryAfter: true,
    postIntervalMs: 0,
  });
  let exitCode: number | null = null;
  try {
    const acknowledged = () => [...run.comments.values()].filter((c) => c.acknowledgedAt !== undefined).length;
    await waitUntil(() => acknowledged() >= 20, 'steady load');
    const beforeFrom = Date.now();
    await sleep(options.windowSeconds * 1000);

    await run.cut();
    const cutAt = run.cutAt!;
    await sleep(options.cutSeconds * 1000);
    // The cut is long enough only once the desk has seen it everywhere (on a very short --cut-seconds).
    await waitUntil(
      () => linesSinceCut(run, isSkippedJobLine).length >= 3 && linesSinceCut(run, isOutboxBackingOffLine).length >= 1,
      'failed job ticks and outbox rounds',
    );
    await run.restore();
    const restoredAt = run.restoredAt!;

    const leasesRanSince = async (at: number) => {
      const leases = await run.database.db.prisma.jobLease.findMany();
      return JOB_NAMES.every((name) => leases.some((l) => l.name === name && (l.lastFinishedAt?.getTime() ?? 0) > at));
    };
    let jobsAt = Number.NaN;
    await waitUntil(
      async () => {
        if (Number.isNaN(jobsAt) && (await leasesRanSince(restoredAt))) jobsAt = Date.now();
        return (
          !Number.isNaN(jobsAt) &&
          run.allAttempts().some((a) => a.sentAt >= restoredAt && a.answer === 201) &&
          run.readyz.some((r) => r.at >= restoredAt && r.status === 200) &&
          run.standIn.callsTo('chat.postMessage').some((c) => c.at >= restoredAt)
        );
      },
      'recovery',
      300_000,
    );
    // Steady again: measure a window as long as the one before the cut, once the retried backlog is in.
    await waitUntil(() => run.pendingRetries() === 0, 'the retried comments acknowledged', 300_000);
    const afterFrom = Date.now();
    await sleep(options.windowSeconds * 1000);
    const afterTo = Date.now();
    await run.stopLoad();

    const sent = [...run.comments.values()];
    const attempts = run.allAttempts();
    const stored = await storedComments(run);
    await waitUntil(() => sent.every((c) => cardPostsByComment(run.standIn).has(c.commentId!)), 'every card posted', 300_000).catch(() => {});
    const cards = cardPostsByComment(run.standIn);
    const claims = await run.database.db.prisma.event.findMany({ where: { type: 'claimed' }, select: { commentId: true } });
    const claimed = new Set(claims.map((e) => e.commentId));
    const firstTryLatency = (from: number, to: number) =>
      sent.map((c) => c.attempts[0]!).filter((a) => a.sentAt >= from && a.sentAt < to && (a.answer === 201 || a.answer === 200)).map((a) => a.ms);
    const p50BeforeMs = median(firstTryLatency(beforeFrom, cutAt));
    const p50AfterMs = median(firstTryLatency(afterFrom, afterTo));
    const first = (times: number[]) => (times.length ? Math.min(...times) - restoredAt : Number.NaN);
    const alive = run.exits.length === 0;
    const result: DbOutageResult = {
      options,
      processAlive: alive,
      exitCode: null,
      commentsSent: sent.length,
      acknowledged: sent.filter((c) => c.acknowledgedAt !== undefined).length,
      acknowledgedLost: sent.filter((c) => c.acknowledgedAt !== undefined && !stored.has(c.externalId)).length,
      duplicateComments: [...stored.values()].filter((s) => s.count > 1).length,
      duplicateCards: [...cards.values()].filter((n) => n > 1).length,
      missingCards: sent.filter((c) => c.commentId && !cards.has(c.commentId)).length,
      refusedDuringCut: attempts.filter((a) => a.sentAt >= cutAt && a.sentAt < restoredAt && a.answer === 503).length,
      unanswered: attempts.filter((a) => typeof a.answer !== 'number').length + run.clicks.filter((c) => typeof c.attempt.answer !== 'number').length,
      otherStatuses: tally(attempts.map((a) => a.answer).filter((a) => a !== 200 && a !== 201 && a !== 503)),
      clicksAcknowledged: run.clicks.filter((c) => c.attempt.answer === 200).length,
      clicksAcknowledgedLost: run.clicks.filter((c) => c.attempt.answer === 200 && !claimed.has(c.commentId)).length,
      clickAnswersDuringCut: tally(run.clicks.filter((c) => c.attempt.sentAt >= cutAt && c.attempt.sentAt < restoredAt).map((c) => c.attempt.answer)),
      skippedJobRuns: linesSinceCut(run, isSkippedJobLine).length,
      cutMs: restoredAt - cutAt,
      toFirst201Ms: first(attempts.filter((a) => a.sentAt >= restoredAt && a.answer === 201).map((a) => a.answeredAt)),
      toReadyMs: first(run.readyz.filter((r) => r.at >= restoredAt && r.status === 200).map((r) => r.at)),
      toFirstCardMs: first(run.standIn.callsTo('chat.postMessage').filter((c) => c.at >= restoredAt).map((c) => c.at)),
      toJobsMs: jobsAt - restoredAt,
      p50BeforeMs,
      p50AfterMs,
      ratio: p50AfterMs / p50BeforeMs,
    };
    exitCode = (await run.close()).code;
    result.exitCode = exitCode;
    return result;
  } catch (error) {
    await run.close().catch(() => {});
    throw error;
  }
}

function tally(values: Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

export function formatDbOutage(r: DbOutageResult): string {
  const o = r.options;
  const rows = [
    ['measure', 'value'],
    ['process alive throughout', r.processAlive ? 'yes' : 'NO'],
    ['exit code after SIGTERM', String(r.exitCode)],
    ['comments sent (distinct)', String(r.commentsSent)],
    ['comments acknowledged (201/200)', String(r.acknowledged)],
    ['acknowledged but lost', String(r.acknowledgedLost)],
    ['duplicate comments', String(r.duplicateComments)],
    ['duplicate cards', String(r.duplicateCards)],
    ['comments without a card', String(r.missingCards)],
    ['webhook requests answered 503 during the cut', String(r.refusedDuringCut)],
    ['requests without an HTTP answer', String(r.unanswered)],
    ['other webhook statuses', JSON.stringify(r.otherStatuses)],
    ['clicks acknowledged (200)', String(r.clicksAcknowledged)],
    ['acknowledged clicks not in the event log', String(r.clicksAcknowledgedLost)],
    ['click answers during the cut', JSON.stringify(r.clickAnswersDuringCut)],
    ['job runs skipped during the cut', String(r.skippedJobRuns)],
    ['cut (s)', fmt(r.cutMs / 1000, 1)],
    ['restore → first 201 (ms)', fmt(r.toFirst201Ms, 0)],
    ['restore → /readyz 200 (ms)', fmt(r.toReadyMs, 0)],
    ['restore → first new card (ms)', fmt(r.toFirstCardMs, 0)],
    ['restore → every job ran again (ms)', fmt(r.toJobsMs, 0)],
    [`ingest p50 before the cut (ms, ${o.rate}/s)`, fmt(r.p50BeforeMs, 1)],
    ['ingest p50 after recovery (ms)', fmt(r.p50AfterMs, 1)],
    ['after ÷ before', fmt(r.ratio, 2)],
  ];
  return `Database outage: cut ${o.cutSeconds} s under ${o.rate} comments/s and ${o.clicks} clicks/s (PostgreSQL, real process)\n${table(rows)}`;
}

if (isMain(import.meta.url)) {
  if (!process.env.DATABASE_URL?.startsWith('postgres')) {
    console.log('bench/db-outage.ts needs PostgreSQL: set DATABASE_URL=postgresql://… (PGlite runs inside the process; there is no connection to cut)');
    process.exit(0);
  }
  const result = await runDbOutage(defaultDbOutageOptions());
  console.log(formatDbOutage(result));
  process.exit(0);
}
