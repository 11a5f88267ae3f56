import type { CardRecord, CommentRecord } from '../../src/domain/comment.ts';
import type { NewCommentPlan } from '../../src/domain/ports.ts';

/** A stored comment as the core sees it: open, unclaimed, never routed; override what a test is about. */
export function commentRecord(over: Partial<CommentRecord> = {}): CommentRecord {
  return {
    id: '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11',
    source: 'facebook',
    externalId: '123_456',
    text: 'Wo bleibt meine Bestellung?',
    authorName: 'Erika Mustermann',
    authorId: null,
    permalink: null,
    postId: null,
    parentId: null,
    language: null,
    createdAt: new Date('2024-05-01T10:00:00Z'),
    receivedAt: new Date('2024-05-01T10:00:00Z'),
    editedAt: null,
    teamId: 'community',
    priority: 'normal',
    status: 'open',
    holderId: null,
    claimedAt: null,
    routedById: null,
    routedAt: null,
    routedFrom: null,
    closedById: null,
    closedAt: null,
    isDrill: false,
    crisisId: null,
    version: 1,
    firstResponseAt: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    slaStartedAt: null,
    slaSpentSeconds: 0,
    nextReminderAt: null,
    reminderPhase: null,
    reminderStep: null,
    remindedAt: null,
    snoozedUntil: null,
    ...over,
  };
}

/** An active, not yet posted Slack card of `commentRecord()`'s comment. */
export function cardRecord(over: Partial<CardRecord> = {}): CardRecord {
  return { id: 'card-1', commentId: commentRecord().id, platform: 'slack', channel: 'C0COMMUNITY', teamId: 'community', messageId: null, active: true, ...over };
}

/** How a new comment is stored: the community team's channel on Slack, normal priority, first response due in 2 h. */
export function newCommentPlan(over: Partial<NewCommentPlan> = {}): NewCommentPlan {
  return {
    teamId: 'community',
    priority: 'normal',
    isDrill: false,
    crisisId: null,
    matchedRules: [],
    cards: [{ platform: 'slack', channel: 'C0COMMUNITY' }],
    sla: { firstResponseDueAt: new Date('2026-11-26T12:00:00Z'), resolutionDueAt: new Date('2026-11-27T10:00:00Z'), nextReminderAt: null },
    ...over,
  };
}
