import type { Locale } from './directory.ts';

/**
 * Crisis drills and real crises (`/crisis`). A crisis has a room (a chat channel), a roster of people
 * in roles who are paged and acknowledge, a checklist whose steps are ticked, a holding statement to
 * approve, a timeline, and a report at the end. A drill adds a synthetic burst of comments (marked
 * DRILL) that flows through the inbox like real ones. Pure types and helpers: no SDK, no SQL.
 */

export type CrisisKind = 'drill' | 'real';
export type CrisisStatus = 'active' | 'ended';

/** Roles on the crisis roster, in the order they are listed everywhere. */
export const CRISIS_ROLES = ['lead', 'communications', 'legal', 'socialMedia', 'management'] as const;
export type CrisisRole = (typeof CRISIS_ROLES)[number];

/** A text the bot shows in the crisis' language. Configuration may give one string; it is then used for both. */
export interface LocalizedText {
  de: string;
  en: string;
}

export function localized(text: LocalizedText, locale: Locale): string {
  return text[locale];
}

/** One step of a scenario's checklist. */
export interface ChecklistStepSpec {
  /** A slug, unique within the scenario (e.g. "inform-legal"). */
  id: string;
  title: LocalizedText;
  /** Target: done this long after the crisis started (clock time, milliseconds). */
  targetMs: number;
  /** The role expected to do it (shown on the checklist; anyone on the roster may tick it). */
  role?: CrisisRole;
  /** Approving the holding statement ticks this step. */
  approvesStatement?: boolean;
}

/** One tone of the synthetic burst: its share of the comments and the phrases comments are built from. */
export interface BurstTone {
  /** A slug such as "angry", "worried", "supportive", "sarcastic". */
  tone: string;
  /** Relative weight (any positive numbers; normalised over all tones). */
  share: number;
  /** Sentences a comment is built from (one or two of them, plus small variations). */
  phrases: string[];
}

/** The synthetic burst of a drill: `count` comments spread over `durationMs`. */
export interface BurstSpec {
  count: number;
  /** Clock milliseconds from the drill's start over which the comments arrive. */
  durationMs: number;
  /** Source slugs the comments come from (facebook, instagram, x, youtube…), equally likely. */
  sources: string[];
  /** Language code given to the comments (routing may match on it). */
  language?: string;
  tones: BurstTone[];
}

export interface Scenario {
  /** A slug: `/crisis drill <id>`. */
  id: string;
  title: LocalizedText;
  /** What happened, as told to the room at the start. */
  situation: LocalizedText;
  checklist: ChecklistStepSpec[];
  /** A first draft of the holding statement, approved with a button. */
  holdingStatement: LocalizedText;
  /** The crisis closes by itself this long after the start (clock time, milliseconds). */
  timeLimitMs: number;
  /** Drills only; null: a drill of this scenario injects no comments. */
  burst: BurstSpec | null;
}

/** One role on the roster: the primary first, then the deputies, as member ids. */
export interface RosterRole {
  role: CrisisRole;
  memberIds: string[];
}

/** The `crisis` section of the desk configuration, resolved (see src/desk-config/crisis-config-schema.ts). */
export interface CrisisSettings {
  roster: RosterRole[];
  /** Member ids who may declare a real crisis (and end one). */
  mayDeclare: string[];
  /** Member ids who may start (and end) drills. */
  mayDrill: string[];
  /** A fixed room channel per chat platform (platform → channel id); none for a platform: a new channel is created for every crisis started there. */
  roomChannels: Readonly<Record<string, string>>;
  /** New rooms are private channels. */
  privateRoom: boolean;
  /** Where status updates of a real crisis also go, per chat platform (platform → channel id); none: the room only. */
  stakeholderChannels: Readonly<Record<string, string>>;
  /** Language of the room's messages. */
  locale: Locale;
  /** Which scenario's checklist, statement and time limit a real crisis (`declare`) uses. */
  declareScenarioId: string;
  /** Sources a real crisis affects (new comments from them are flagged); null: every source. */
  sources: string[] | null;
  scenarios: Scenario[];
}

/** Every member id on the roster, primaries and deputies, each once, in roster order. */
export function rosterMemberIds(roster: RosterRole[]): string[] {
  return [...new Set(roster.flatMap((r) => r.memberIds))];
}

/** The roles a member plays on the roster. */
export function rolesOf(roster: RosterRole[], memberId: string): CrisisRole[] {
  return roster.filter((r) => r.memberIds.includes(memberId)).map((r) => r.role);
}

/** A crisis as stored. The scenario and roster are copied at the start, so a later config change cannot rewrite a running crisis or its report. */
export interface CrisisRecord {
  id: string;
  /** Sequential number for people: "Drill #3". */
  number: number;
  kind: CrisisKind;
  status: CrisisStatus;
  scenario: Scenario;
  roster: RosterRole[];
  /** The summary given to `/crisis declare`, if any. */
  summary: string | null;
  locale: Locale;
  startedById: string;
  startedAt: Date;
  /** When the crisis ends by itself. */
  timeLimitAt: Date;
  endedAt: Date | null;
  endedById: string | null;
  endReason: 'command' | 'time_limit' | null;
  /** The chat platform of its room, pages and posts: the one it was started from. */
  platform: string;
  /** The room once it exists (created through the outbox). */
  roomChannel: string | null;
  stakeholderChannel: string | null;
  /** Sources whose new comments are flagged while it is active; null: all. Drills: the burst's. */
  sources: string[] | null;
  /** How many burst comments have been injected so far. */
  burstInjected: number;
  statementApprovedById: string | null;
  statementApprovedAt: Date | null;
  report: CrisisReport | null;
  /** Bumped on every change; messages render the current version. */
  version: number;
}

export interface CrisisAck {
  memberId: string;
  at: Date;
}

export interface CrisisStepState {
  stepId: string;
  doneById: string | null;
  doneAt: Date | null;
}

/** A crisis with everything its messages show. */
export interface CrisisSnapshot {
  crisis: CrisisRecord;
  acks: CrisisAck[];
  steps: CrisisStepState[];
  /** Comments of this crisis (drill comments, or real ones flagged while it ran). */
  comments: CrisisCommentCounts;
}

export interface CrisisCommentCounts {
  received: number;
  claimed: number;
  answered: number;
  dismissed: number;
  /** Still open or claimed. */
  open: number;
}

/** The timing facts of one crisis comment, for the report. */
export interface CrisisCommentFact {
  receivedAt: Date;
  /** First claim or close (COALESCE(first_response_at, claimed_at, closed_at)). */
  firstResponseAt: Date | null;
  closedAt: Date | null;
  status: 'open' | 'claimed' | 'answered' | 'dismissed' | 'removed';
  /** Whether the first response came within its target (null: none yet). */
  firstResponseOnTime: boolean | null;
}

/** Something that did not happen as planned, for the report's "missed" list. */
export type CrisisMiss =
  | { kind: 'role_unacknowledged'; role: CrisisRole }
  | { kind: 'step_not_done'; stepId: string }
  | { kind: 'step_late'; stepId: string; lateMs: number }
  | { kind: 'statement_not_approved' }
  | { kind: 'comments_unanswered'; count: number }
  | { kind: 'comments_late'; count: number };

/** The report posted at the end, stored with the crisis and listable with `/crisis reports`. */
export interface CrisisReport {
  crisisId: string;
  number: number;
  kind: CrisisKind;
  scenarioId: string;
  title: LocalizedText;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  endReason: 'command' | 'time_limit';
  /** From the start to the first acknowledgement by anyone; null if nobody acknowledged. */
  firstAckMs: number | null;
  /** Per role: who acknowledged first and how long after the start. */
  roles: { role: CrisisRole; memberIds: string[]; firstAckById: string | null; firstAckMs: number | null }[];
  /** Per checklist step: when it was ticked (from the start) against its target. */
  steps: { stepId: string; title: LocalizedText; targetMs: number; doneMs: number | null; doneById: string | null; onTime: boolean | null }[];
  statement: { approvedMs: number | null; approvedById: string | null };
  comments: {
    received: number;
    claimed: number;
    answered: number;
    dismissed: number;
    open: number;
    /** Median and 90th percentile from arrival to first response (clock time, ms); null without any. */
    medianFirstResponseMs: number | null;
    p90FirstResponseMs: number | null;
    /** Median from arrival to answered (clock time, ms). */
    medianAnswerMs: number | null;
    /** Share of comments with a first response that came within its target (0–1); null without any. */
    withinTargetShare: number | null;
  };
  /** How many status updates were posted. */
  updates: number;
  missed: CrisisMiss[];
}
