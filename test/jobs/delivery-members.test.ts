import { describe, expect, it } from 'vitest';
import type { DeskStore } from '../../src/domain/ports.ts';
import type { OutboxRow, OutboxStore } from '../../src/domain/outbox-store.ts';
import { learningMembers } from '../../src/jobs/delivery-members.ts';
import { commentRecord } from '../support/records.ts';

const row = (intent: OutboxRow['intent']): OutboxRow => ({ id: 1n, dedupeKey: 'k', intent, channel: null, attempts: 1, createdAt: new Date(0) });

describe('learningMembers', () => {
  it('learns the people a comment names before the delivery renders it', async () => {
    const comment = commentRecord({ holderId: 'slack-u0a', closedById: null, routedById: 'anna' });
    const store = { getCommentWithCards: async () => ({ comment, cards: [] }), getComment: async () => comment } as unknown as DeskStore;
    const learned: unknown[][] = [];
    const wrapped = learningMembers({ store, outbox: {} as OutboxStore }, async (ids) => void learned.push(ids));
    expect((await wrapped.store.getCommentWithCards(comment.id))?.comment).toBe(comment);
    expect(await wrapped.store.getComment(comment.id)).toBe(comment);
    expect(learned).toEqual([['slack-u0a', null, 'anna']]);
  });

  it('learns the people the handed-out rows are addressed to, and passes every other call through', async () => {
    const rows = [
      row({ platform: 'slack', kind: 'person.notify', memberId: 'slack-u0b', notice: { text: 'x' } }),
      row({ platform: 'slack', kind: 'crisis.page', crisisId: 'c', memberId: 'slack-u0c' }),
      row({ platform: 'slack', kind: 'sla.remind', audience: { to: 'person', memberId: 'slack-u0d', role: 'holder' }, channel: null, commentId: 'c', phase: 'firstResponse', step: 0, percent: 75, notify: 'holder' }),
      row({ platform: 'slack', kind: 'card.post', commentId: 'c', cardId: 'k' }),
    ];
    const completed: bigint[] = [];
    const outbox = { claimDue: async () => rows, complete: async (id: bigint) => void completed.push(id) } as unknown as OutboxStore;
    const learned: unknown[][] = [];
    const wrapped = learningMembers({ store: {} as DeskStore, outbox }, async (ids) => void learned.push(ids));
    expect(await wrapped.outbox.claimDue(new Date(0), 10, 1000, { busyChannels: [], postsPerChannel: null })).toBe(rows);
    await wrapped.outbox.complete(7n, new Date(0));
    expect(learned).toEqual([['slack-u0b', 'slack-u0c', 'slack-u0d']]);
    expect(completed).toEqual([7n]);
  });
});
