import type { IncomingComment } from './incoming-comment.ts';
import type { CardRecord, CommentRecord } from './comment.ts';
import type { Priority } from './comment-lifecycle.ts';
import type { Phase } from './service-level.ts';
import type { OutboxItem } from './outbox-intent.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface NewCommentPlan {
  teamId: string;
  priority: Priority;
  isDrill: boolean;
  /** The active crisis it arrives in (flagged on the card, crisis targets apply), or null. */
  crisisId: string | null;
  matchedRules: string[];
  /** The cards to create: one in each of the team's channels (one per platform; none without a channel). */
  cards: { platform: string; channel: string }[];
  /** Due times on the team's clock and when the reminder sweep first looks at it. */
  sla: { firstResponseDueAt: Date; resolutionDueAt: Date; nextReminderAt: Date | null };
}

export interface IngestResult {
  commentId: string;
  /** False when the comment was already stored (a repeated delivery or an edit). */
  created: boolean;
}

/** Columns a change may set on a comment. */
export type CommentChanges = Partial<
  Pick<
    CommentRecord,
    | 'status'
    | 'teamId'
    | 'holderId'
    | 'claimedAt'
    | 'routedById'
    | 'routedAt'
    | 'routedFrom'
    | 'closedById'
    | 'closedAt'
    | 'text'
    | 'editedAt'
    | 'firstResponseAt'
    | 'firstResponseDueAt'
    | 'resolutionDueAt'
    | 'slaStartedAt'
    | 'slaSpentSeconds'
    | 'nextReminderAt'
    | 'reminderPhase'
    | 'reminderStep'
    | 'remindedAt'
    | 'snoozedUntil'
    | 'triage'
    | 'priority'
  >
> & {
  /** When triage ran (or gave up) on it. */
  triagedAt?: Date;
};

export interface CommentWrite {
  commentId: string;
  /** Applied only if the comment is still at this version (optimistic concurrency; bumps it by one). */
  expectedVersion: number;
  changes: CommentChanges;
  event: { type: string; actorId: string | null; data: Record<string, unknown> };
  /** Cards to deactivate (the comment moved to another channel). */
  deactivateCardIds?: string[];
  /** Cards to create (routed to a team with channels), one per platform; `$newCard` as an outbox row's card id refers to the new card on the row's platform. */
  newCards?: { platform: string; channel: string; teamId: string }[];
  outbox: OutboxItem[];
  now: Date;
}

export const NEW_CARD = '$newCard';

/** In a claim's refusal: whoever holds the comment, filled in by the claim statement. */
export const HOLDER = '$holder';

export interface ClaimInput {
  commentId: string;
  memberId: string;
  now: Date;
  /** Where the person acted (a platform id), kept in the event log. */
  via?: string;
  /** The private answer if someone else holds the comment; its `notice.heldBy` is HOLDER. */
  refusal?: OutboxItem;
}

export type ClaimOutcome =
  | { outcome: 'claimed' }
  /** Someone else holds it; the refusal (if any) is queued. */
  | { outcome: 'held_by'; holderId: string }
  /** Not open and not held by someone else (closed, already yours, unknown), or changed under the statement: read and decide. */
  | { outcome: 'undecided' };

/** One escalation step to record (see DeskStore.recordReminderSteps). */
export interface ReminderStepWrite {
  commentId: string;
  expectedVersion: number;
  phase: Phase;
  step: number;
  nextReminderAt: Date | null;
  eventData: Record<string, unknown>;
  /** The step's own messages (one per channel of a team on several platforms); none when it goes into a summary (queued separately). */
  messages: OutboxItem[];
}

/** What the core needs from storage. Implemented on Prisma in src/store/prisma-desk-store.ts. */
export interface DeskStore {
  /** Stores a new comment with its event, card and outbox row in one transaction; nothing if already stored. */
  insertComment(comment: IncomingComment, plan: NewCommentPlan, now: Date): Promise<IngestResult>;
  getComment(id: string): Promise<CommentRecord | null>;
  /** The comment and every card it has had (active or not), in one read. */
  getCommentWithCards(id: string): Promise<{ comment: CommentRecord; cards: CardRecord[] } | null>;
  findCommentBySource(source: string, externalId: string): Promise<CommentRecord | null>;
  /** Writes a change, its event, card moves and outbox rows atomically; false if the version moved on. */
  writeComment(write: CommentWrite): Promise<boolean>;
  /**
   * Claims the comment for `memberId` if it is open — with its event and an update of every active
   * card — without reading it first. If someone else holds it (or wins it in the same statement),
   * queues `refusal` in the same statement, with HOLDER in its notice replaced by who holds it.
   */
  claimIfOpen(input: ClaimInput): Promise<ClaimOutcome>;
  /** Open work per team: unclaimed and claimed counts, how many are past their running target at `now`, and when the oldest open one arrived. */
  openWorkByTeam(now: Date): Promise<{ teamId: string; open: number; claimed: number; overdue: number; oldestReceivedAt: Date | null }[]>;
  /**
   * Comments whose reminder time has come (next_reminder_at <= now, still open or claimed), oldest
   * first. Reads only due rows (an index on next_reminder_at), however many are open.
   */
  dueForReminder(now: Date, limit: number): Promise<CommentRecord[]>;
  /**
   * Records escalation steps in one statement: for each comment still at `expectedVersion` (and still
   * open or claimed), the step and the next look, a `reminder` event, the step's message (if any) and
   * a refresh of every active card — or nothing. One result per step: false if someone changed it first.
   */
  recordReminderSteps(steps: ReminderStepWrite[], now: Date): Promise<boolean[]>;
  /** Moves the next reminder time of comments still at `version` (no visible change, no new version); returns how many moved. */
  rescheduleReminders(items: { commentId: string; version: number; nextReminderAt: Date | null }[]): Promise<number>;
  /** Queues outbox rows on their own (deduplicated by key). */
  enqueue(items: OutboxItem[], now: Date): Promise<void>;
}
