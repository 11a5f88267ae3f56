import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/test-database.ts';
import {
  JOB_NAMES,
  type OutageRun,
  cardPostsByComment,
  isOutboxBackingOffLine,
  isSkippedJobLine,
  linesSinceCut,
  startOutageRun,
  storedComments,
  waitUntil,
} from '../support/database-outage-run.ts';
import { waitForOutboxDrained } from '../support/wait-for-outbox-drained.ts';

/**
 * Issue 10: the database goes away under steady webhooks and clicks, with every job ticking each
 * second, and comes back. The process stays up, answers every request, loses no acknowledged comment
 * or click, duplicates nothing, and works again after the restore.
 */
describe.runIf(backends().includes('postgres'))('the database lost while running (PostgreSQL, real process)', () => {
  let run: OutageRun;

  beforeAll(async () => {
    run = await startOutageRun({ commentIntervalMs: 50, clickIntervalMs: 250, retryDelayMs: 500, postIntervalMs: 0 });
  }, 120_000);
  afterAll(async () => {
    await run?.close();
  }, 60_000);

  it('keeps serving through a cut, loses and duplicates nothing, and recovers', async () => {
    const acknowledged = () => [...run.comments.values()].filter((c) => c.acknowledgedAt !== undefined).length;
    const acknowledgedClicks = () => run.clicks.filter((c) => c.attempt.answer === 200).length;
    // Steady state first: comments stored, cards posted and clicked.
    await waitUntil(() => acknowledged() >= 20 && acknowledgedClicks() >= 3, 'steady load before the cut');

    await run.cut();
    // Long enough that several job ticks and outbox rounds fail, and the load meets the cut.
    await waitUntil(
      () =>
        linesSinceCut(run, (msg) => isSkippedJobLine(msg) && msg.startsWith('job sla-sweep ')).length >= 3 &&
        linesSinceCut(run, isOutboxBackingOffLine).length >= 1 &&
        run.readyz.some((r) => r.at >= run.cutAt! && r.status === 503) &&
        run.allAttempts().some((a) => a.sentAt >= run.cutAt! && a.answer === 503),
      'three failed sla-sweep ticks, the outbox backing off, /readyz and a webhook answering 503',
    );
    await waitUntil(() => run.clicks.some((c) => c.attempt.sentAt >= run.cutAt!), 'a click answered during the cut');
    expect(run.exits).toEqual([]);

    await run.restore();
    const restoredAt = run.restoredAt!;
    const leaseFinishedAfterRestore = async () => {
      const leases = await run.database.db.prisma.jobLease.findMany();
      return JOB_NAMES.every((name) => leases.some((l) => l.name === name && l.lastFinishedAt !== null && l.lastFinishedAt.getTime() > restoredAt));
    };
    await waitUntil(
      async () =>
        run.allAttempts().filter((a) => a.sentAt >= restoredAt && a.answer === 201).length >= 20 &&
        run.readyz.some((r) => r.at >= restoredAt && r.status === 200) &&
        run.standIn.callsTo('chat.postMessage').some((c) => c.at >= restoredAt) &&
        run.clicks.some((c) => c.attempt.sentAt >= restoredAt && c.attempt.answer === 200) &&
        (await leaseFinishedAfterRestore()),
      'comments, /readyz, cards, clicks and every job working again',
      60_000,
      async () => ({
        created: run.allAttempts().filter((a) => a.sentAt >= restoredAt && a.answer === 201).length,
        answers: count(run.allAttempts().filter((a) => a.sentAt >= restoredAt).map((a) => a.answer)),
        readyz: count(run.readyz.filter((r) => r.at >= restoredAt).map((r) => r.status)),
        cards: run.standIn.callsTo('chat.postMessage').filter((c) => c.at >= restoredAt).length,
        clicks: count(run.clicks.filter((c) => c.attempt.sentAt >= restoredAt).map((c) => c.attempt.answer)),
        leases: await run.database.db.prisma.jobLease.findMany(),
        restoredAt: new Date(restoredAt),
        log: run.desk.logs.slice(-15).map((l) => l.msg),
      }),
    );
    await run.stopLoad();

    const attempts = run.allAttempts();
    const during = (at: number) => at >= run.cutAt! && at < restoredAt;
    // Measured, not asserted (the machine's speed is not the product's).
    const firstAfter = (times: number[]) => Math.min(...times) - restoredAt;
    console.log(
      `database cut ${restoredAt - run.cutAt!} ms; after the restore: first 201 in ${firstAfter(attempts.filter((a) => a.sentAt >= restoredAt && a.answer === 201).map((a) => a.answeredAt))} ms, ` +
        `/readyz 200 in ${firstAfter(run.readyz.filter((r) => r.at >= restoredAt && r.status === 200).map((r) => r.at))} ms, ` +
        `first new card in ${firstAfter(run.standIn.callsTo('chat.postMessage').filter((c) => c.at >= restoredAt).map((c) => c.at))} ms`,
    );

    // Every request got an HTTP answer (no hang, no dropped connection): acknowledged, or refused with
    // 503 and Retry-After while the database was away — a webhook or a click alike.
    const clickAttempts = run.clicks.map((c) => c.attempt);
    expect([...attempts, ...clickAttempts].filter((a) => typeof a.answer !== 'number')).toEqual([]);
    expect(attempts.filter((a) => a.answer !== 201 && a.answer !== 200 && a.answer !== 503)).toEqual([]);
    expect(clickAttempts.filter((a) => a.answer !== 200 && a.answer !== 503)).toEqual([]);
    expect([...attempts, ...clickAttempts].filter((a) => a.answer === 503 && a.retryAfter === null)).toEqual([]);
    expect(attempts.some((a) => during(a.sentAt) && a.answer === 503)).toBe(true);
    expect(clickAttempts.some((a) => during(a.sentAt) && a.answer === 503)).toBe(true);
    // Every comment acknowledged exactly once in the database, with exactly one card.
    const stored = await storedComments(run);
    const sent = [...run.comments.values()];
    expect(sent.every((c) => c.acknowledgedAt !== undefined)).toBe(true);
    expect(sent.filter((c) => stored.get(c.externalId)?.count !== 1).map((c) => c.externalId)).toEqual([]);
    expect(stored.size).toBe(sent.length);
    await waitUntil(() => cardPostsByComment(run.standIn).size >= sent.length, 'a card for every comment', 60_000);
    // Counted once every queued call has been made and answered: a late duplicate would be in by now.
    await waitForOutboxDrained(run.database.db, 60_000);
    const cards = cardPostsByComment(run.standIn);
    expect(sent.filter((c) => cards.get(c.commentId!) !== 1).map((c) => [c.commentId, cards.get(c.commentId!)])).toEqual([]);

    // Every acknowledged click is in the event log.
    const claims = await run.database.db.prisma.event.findMany({ where: { type: 'claimed' }, select: { commentId: true } });
    const claimed = new Set(claims.map((e) => e.commentId));
    expect(run.clicks.filter((c) => c.attempt.answer === 200 && !claimed.has(c.commentId)).map((c) => c.commentId)).toEqual([]);
    // /readyz said so during the cut and recovered after it.
    expect(run.readyz.some((r) => r.at >= run.cutAt! && r.at < restoredAt && r.status === 503)).toBe(true);
    expect(run.exits).toEqual([]);
    expect((await run.close()).code).toBe(0);
  }, 300_000);
});

function count<T>(values: T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}
