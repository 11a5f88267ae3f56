import type { CommentTriage } from './comment-triage.ts';
import type { CommentStatus, Priority } from './comment-lifecycle.ts';
import type { Phase } from './service-level.ts';

/** A stored comment as the core sees it. */
export interface CommentRecord {
  id: string;
  source: string;
  externalId: string;
  text: string;
  authorName: string;
  authorId: string | null;
  permalink: string | null;
  postId: string | null;
  parentId: string | null;
  language: string | null;
  createdAt: Date;
  receivedAt: Date;
  editedAt: Date | null;
  teamId: string;
  priority: Priority;
  status: CommentStatus;
  holderId: string | null;
  claimedAt: Date | null;
  routedById: string | null;
  routedAt: Date | null;
  routedFrom: string | null;
  closedById: string | null;
  closedAt: Date | null;
  isDrill: boolean;
  /** The crisis or drill it arrived in (drill burst comments; real ones on an affected source while a crisis is active). */
  crisisId: string | null;
  version: number;
  /** First claim or close: ends the first-response target. */
  firstResponseAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  /** Where the current team's working-time clock started (arrival or last route); null = receivedAt. */
  slaStartedAt: Date | null;
  /** Working seconds spent with earlier teams (kept across routes). */
  slaSpentSeconds: number;
  /** When the reminder sweep looks at this comment next; null = never (closed, or no steps left). */
  nextReminderAt: Date | null;
  /** The latest escalation step sent: its phase and index in the ladder, and when. */
  reminderPhase: Phase | null;
  reminderStep: number | null;
  remindedAt: Date | null;
  /** No reminders before this instant. */
  snoozedUntil: Date | null;
  /** What AI triage said about it (labels, a suggestion), once it ran; absent or null: not yet or never. */
  triage?: CommentTriage | null;
}

/** Where a comment's card lives in one chat channel. */
export interface CardRecord {
  id: string;
  commentId: string;
  platform: string;
  channel: string;
  teamId: string;
  messageId: string | null;
  active: boolean;
}
