import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { buildDirectory } from '../../src/desk-config/build-directory.ts';
import type { OutboxItem } from '../../src/domain/outbox-intent.ts';
import { HOLDER } from '../../src/domain/ports.ts';
import { PrismaDeskStore } from '../../src/store/prisma-desk-store.ts';
import { syncDirectory } from '../../src/store/sync-directory.ts';
import { CHANNELS, testDeskConfig } from '../support/desk-harness.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { newCommentPlan } from '../support/records.ts';

const NOW = new Date('2026-11-26T10:00:00Z');


/** The refusal a click would queue: its notice names HOLDER until the statement knows who. */
function refusal(requestId: string, platformUserId: string): OutboxItem {
  return {
    dedupeKey: `ephemeral:slack:${requestId}`,
    channel: CHANNELS.community,
    intent: { kind: 'person.ephemeral', platform: 'slack', platformUserId, channel: CHANNELS.community, notice: { heldBy: HOLDER, locale: 'de' } },
  };
}

describe.each(backends())('the claim statement on %s', (backend) => {
  let database: TestDatabase;
  let store: PrismaDeskStore;
  let externalId = 0;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await syncDirectory(database.db.prisma, buildDirectory(testDeskConfig()));
    store = new PrismaDeskStore(database.db.prisma);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function newComment(): Promise<string> {
    externalId += 1;
    const comment = { source: 'youtube', externalId: `claim-${externalId}`, text: 'Tolles Video!', authorName: 'Max', createdAt: NOW };
    return (await store.insertComment(comment, newCommentPlan(), NOW)).commentId;
  }

  const refusalsFor = (requestIds: string[]) =>
    database.db.prisma.outbox.findMany({ where: { dedupeKey: { in: requestIds.map((r) => `ephemeral:slack:${r}`) } }, orderBy: { dedupeKey: 'asc' } });

  it('claims an open comment with its event and card refresh, and queues no refusal', async () => {
    const commentId = await newComment();
    const outcome = await store.claimIfOpen({ commentId, memberId: 'deniz', now: NOW, refusal: refusal('r-open', 'U0DENIZ001') });
    expect(outcome).toEqual({ outcome: 'claimed' });
    const comment = await database.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect({ status: comment.status, holderId: comment.holderId, version: comment.version }).toEqual({ status: 'claimed', holderId: 'deniz', version: 2 });
    expect(await database.db.prisma.event.count({ where: { commentId, type: 'claimed' } })).toBe(1);
    expect(await database.db.prisma.outbox.count({ where: { kind: 'card.update', payload: { path: ['commentId'], equals: commentId } } })).toBe(1);
    expect(await refusalsFor(['r-open'])).toEqual([]);
  });

  it('lets one of a batch win and queues every other claimer’s refusal naming the winner', async () => {
    const commentId = await newComment();
    const members = ['anna', 'ben', 'clara', 'deniz', 'ops'];
    // Pushed in the same tick: one statement decides them all.
    const outcomes = await Promise.all(
      members.map((memberId) => store.claimIfOpen({ commentId, memberId, now: NOW, refusal: refusal(`r-batch-${memberId}`, `U-${memberId}`) })),
    );
    const winners = members.filter((_, i) => outcomes[i]!.outcome === 'claimed');
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    const losers = members.filter((m) => m !== winner);
    for (const [i, m] of members.entries()) if (m !== winner) expect(outcomes[i]).toEqual({ outcome: 'held_by', holderId: winner });

    expect(await database.db.prisma.event.count({ where: { commentId, type: 'claimed' } })).toBe(1);
    const rows = await refusalsFor(members.map((m) => `r-batch-${m}`));
    expect(rows.map((r) => r.dedupeKey)).toEqual(losers.map((m) => `ephemeral:slack:r-batch-${m}`).sort());
    for (const row of rows) {
      const loser = row.dedupeKey.slice('ephemeral:slack:r-batch-'.length);
      expect(row).toMatchObject({ kind: 'person.ephemeral', channel: CHANNELS.community, status: 'pending' });
      expect(row.payload).toEqual({
        kind: 'person.ephemeral',
        platform: 'slack',
        platformUserId: `U-${loser}`,
        channel: CHANNELS.community,
        notice: { heldBy: winner, locale: 'de' },
      });
    }
  });

  it('refuses a claim of a comment someone already holds, naming them, once per click', async () => {
    const commentId = await newComment();
    expect(await store.claimIfOpen({ commentId, memberId: 'anna', now: NOW })).toEqual({ outcome: 'claimed' });
    const again = () => store.claimIfOpen({ commentId, memberId: 'ben', now: NOW, refusal: refusal('r-held', 'U0BEN00001') });
    expect(await again()).toEqual({ outcome: 'held_by', holderId: 'anna' });
    // The same click delivered again (same request id): answered, but not queued twice.
    expect(await again()).toEqual({ outcome: 'held_by', holderId: 'anna' });
    const rows = await refusalsFor(['r-held']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toMatchObject({ platformUserId: 'U0BEN00001', notice: { heldBy: 'anna', locale: 'de' } });
    const comment = await database.db.prisma.comment.findUniqueOrThrow({ where: { id: commentId } });
    expect({ holderId: comment.holderId, version: comment.version }).toEqual({ holderId: 'anna', version: 2 });
  });

  it('says who holds it without queueing anything when the click has no refusal to send', async () => {
    const commentId = await newComment();
    await store.claimIfOpen({ commentId, memberId: 'anna', now: NOW });
    const before = await database.db.prisma.outbox.count();
    expect(await store.claimIfOpen({ commentId, memberId: 'ben', now: NOW })).toEqual({ outcome: 'held_by', holderId: 'anna' });
    expect(await database.db.prisma.outbox.count()).toBe(before);
  });

  it('leaves its own claim, closed and unknown comments to the caller, and queues nothing for them', async () => {
    const mine = await newComment();
    await store.claimIfOpen({ commentId: mine, memberId: 'deniz', now: NOW });
    const closed = await newComment();
    await database.db.prisma.comment.update({ where: { id: closed }, data: { status: 'answered', closedAt: NOW } });
    const claimedThenClosed = await newComment();
    await store.claimIfOpen({ commentId: claimedThenClosed, memberId: 'anna', now: NOW });
    await database.db.prisma.comment.update({ where: { id: claimedThenClosed }, data: { status: 'dismissed', closedAt: NOW } });

    const cases = [
      { commentId: mine, requestId: 'r-mine' },
      { commentId: closed, requestId: 'r-closed' },
      { commentId: claimedThenClosed, requestId: 'r-closed-held' },
      { commentId: randomUUID(), requestId: 'r-unknown' },
    ];
    const outcomes = await Promise.all(
      cases.map((c) => store.claimIfOpen({ commentId: c.commentId, memberId: 'deniz', now: NOW, refusal: refusal(c.requestId, 'U0DENIZ001') })),
    );
    expect(outcomes).toEqual(cases.map(() => ({ outcome: 'undecided' })));
    expect(await refusalsFor(cases.map((c) => c.requestId))).toEqual([]);
    const statuses = await database.db.prisma.comment.findMany({ where: { id: { in: [mine, closed, claimedThenClosed] } }, select: { id: true, status: true, holderId: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.id, [s.status, s.holderId]]))).toEqual({
      [mine]: ['claimed', 'deniz'],
      [closed]: ['answered', null],
      [claimedThenClosed]: ['dismissed', 'anna'],
    });
  });

  it('handles a storm on one card beside ordinary claims of other cards in the same statement', async () => {
    const storm = await newComment();
    const quiet = await newComment();
    const members = ['anna', 'ben', 'clara'];
    const [quietOutcome, ...stormOutcomes] = await Promise.all([
      store.claimIfOpen({ commentId: quiet, memberId: 'ops', now: NOW, refusal: refusal('r-quiet', 'U0OPS00001') }),
      ...members.map((memberId) => store.claimIfOpen({ commentId: storm, memberId, now: NOW, refusal: refusal(`r-storm-${memberId}`, `U-${memberId}`) })),
    ]);
    expect(quietOutcome).toEqual({ outcome: 'claimed' });
    const winner = members[stormOutcomes.findIndex((o) => o!.outcome === 'claimed')]!;
    expect(stormOutcomes.filter((o) => o!.outcome === 'claimed')).toHaveLength(1);
    const rows = await refusalsFor(['r-quiet', ...members.map((m) => `r-storm-${m}`)]);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.payload).toMatchObject({ notice: { heldBy: winner } });
  });
});
