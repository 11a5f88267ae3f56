import type { CrisisAck, CrisisCommentFact, CrisisRecord, CrisisReport, CrisisSnapshot, CrisisStepState } from './crisis.ts';
import type { CrisisTimelineEntry } from './crisis-view.ts';
import type { OutboxItem } from './outbox-intent.ts';

/** How stale `currentCrisis()` may be on another instance. */
export const CURRENT_CRISIS_TTL_MS = 2000;

/**
 * A crisis to start. `roomChannel` is the configured crisis channel, or null (a new channel is created
 * through the outbox); `sources` null means every source.
 */
export type NewCrisis = Pick<
  CrisisRecord,
  'id' | 'kind' | 'platform' | 'scenario' | 'roster' | 'summary' | 'locale' | 'startedById' | 'startedAt' | 'timeLimitAt' | 'roomChannel' | 'stakeholderChannel' | 'sources'
>;

/** A timeline entry to write with a change. */
export interface CrisisEventWrite {
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
  at: Date;
}

export type StepTick =
  | { outcome: 'done' }
  | { outcome: 'already'; doneById: string | null; doneAt: Date | null }
  | { outcome: 'unknown_step' }
  | { outcome: 'not_active' };

export type StatementApproval = { outcome: 'approved' } | { outcome: 'already'; byId: string | null; at: Date | null } | { outcome: 'not_active' };

/**
 * What the crisis use cases need from storage (src/store/prisma-crisis-store.ts). Every change is
 * written with its timeline event and its outbox rows in one transaction, and is idempotent: a
 * repeated click or command finds the change already made.
 */
export interface CrisisStore {
  /** Starts a crisis (steps, `started` event, outbox rows) — unless another one is active: then nothing, and that one is returned. */
  startCrisis(input: NewCrisis, outbox: OutboxItem[]): Promise<{ ok: true; crisis: CrisisRecord } | { ok: false; active: CrisisRecord }>;
  /**
   * What new comments need to know on the hot ingest path: the active crisis' id, kind and sources.
   * Cached for a moment (CURRENT_CRISIS_TTL_MS); this instance's own starts and ends clear it at once.
   */
  currentCrisis(): Promise<Pick<CrisisRecord, 'id' | 'kind' | 'sources'> | null>;
  /** The active crisis, if any (read from the database). */
  activeCrisis(): Promise<CrisisRecord | null>;
  getCrisis(id: string): Promise<CrisisRecord | null>;
  crisisByNumber(n: number): Promise<CrisisRecord | null>;
  /** The crisis with its acknowledgements, steps and comment counts, in one read. */
  snapshot(id: string): Promise<CrisisSnapshot | null>;
  recordAck(input: { crisisId: string; memberId: string; at: Date }, outbox: OutboxItem[]): Promise<'recorded' | 'already' | 'not_active'>;
  tickStep(input: { crisisId: string; stepId: string; memberId: string; at: Date }, outbox: OutboxItem[]): Promise<StepTick>;
  /** Approves the holding statement and ticks `stepId` (the step that approving completes), if given and not done. */
  approveStatement(input: { crisisId: string; memberId: string; at: Date; stepId: string | null }, outbox: OutboxItem[]): Promise<StatementApproval>;
  /** Appends a timeline event (and its outbox rows) while the crisis is active; false once it has ended. */
  recordEvent(crisisId: string, event: CrisisEventWrite, outbox: OutboxItem[]): Promise<boolean>;
  /** Where the room is, once it exists. */
  setRoom(crisisId: string, channel: string): Promise<void>;
  /** Where a crisis message was posted (key: board, statement, page:<member>, report…), for later updates. */
  saveMessage(crisisId: string, key: string, channel: string, messageId: string): Promise<void>;
  message(crisisId: string, key: string): Promise<{ channel: string; messageId: string } | null>;
  /** Moves the burst counter from `from` to `to` (with a `burst` event and outbox rows) if it still is at `from`. */
  advanceBurst(crisisId: string, from: number, to: number, at: Date, outbox: OutboxItem[]): Promise<boolean>;
  /** Ends the active crisis `crisisId`; null if it was not active (already ended: nothing changes). */
  endCrisis(input: { crisisId: string; endedById: string | null; reason: 'command' | 'time_limit'; at: Date }): Promise<CrisisRecord | null>;
  /** What the report is computed from. */
  reportFacts(crisisId: string): Promise<{ acks: CrisisAck[]; steps: CrisisStepState[]; comments: CrisisCommentFact[]; updates: number }>;
  /** Stores the report (once) and queues its messages. */
  saveReport(crisisId: string, report: CrisisReport, outbox: OutboxItem[]): Promise<boolean>;
  /** Closes a drill's comments that are still open or claimed (dismissed, event `dismissed` with reason drill_ended), refreshing their cards; returns how many. */
  closeDrillComments(crisisId: string, at: Date): Promise<number>;
  /** Crises that ended but have no report yet (a crash between the end and the report). */
  endedWithoutReport(): Promise<CrisisRecord[]>;
  /** Stored reports, newest first. */
  reports(limit: number): Promise<CrisisReport[]>;
  /** Crisis events and the events of its comments, oldest first, the latest `limit`. */
  timeline(crisisId: string, limit: number): Promise<CrisisTimelineEntry[]>;
}
