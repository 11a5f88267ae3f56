import type { CrisisReport, CrisisSnapshot, Scenario } from './crisis.ts';
import type { ChatIdentity, Locale } from './directory.ts';

/** The people a crisis message names: member id → display name and chat id (for mentions). */
export type CrisisPeople = Record<string, { name: string; identities?: readonly ChatIdentity[] }>;

/** A status update as posted (`/crisis update <text>`). */
export interface CrisisUpdateEntry {
  text: string;
  byId: string;
  at: Date;
}

/**
 * Every message a crisis posts, platform-neutral: the gateway renders it (Slack: render-crisis.ts).
 * Messages render at delivery time from the current state, like cards.
 */
export type CrisisMessageView =
  /** The room's board: situation, roster with acknowledgements, checklist with tick buttons, comment counts. Updated in place. */
  | { kind: 'board'; snapshot: CrisisSnapshot; people: CrisisPeople; now: Date }
  /** A direct message paging one roster member, with an Acknowledge button. Updated in place once acknowledged. */
  | { kind: 'page'; snapshot: CrisisSnapshot; memberId: string; people: CrisisPeople; now: Date }
  /** The holding statement draft with an Approve button. Updated in place once approved. */
  | { kind: 'statement'; snapshot: CrisisSnapshot; people: CrisisPeople; now: Date }
  /** A status update, to the room or (real crises) the stakeholder channel. */
  | { kind: 'update'; snapshot: CrisisSnapshot; update: CrisisUpdateEntry; audience: 'room' | 'stakeholders'; people: CrisisPeople; now: Date }
  /** A real crisis was declared: told to the stakeholder channel, with the room. */
  | { kind: 'announcement'; snapshot: CrisisSnapshot; people: CrisisPeople; now: Date }
  /** The report at the end, to the room (and the stakeholder channel for real crises). */
  | { kind: 'report'; report: CrisisReport; locale: Locale; people: CrisisPeople; now: Date };

/** What `/crisis status` shows. */
export interface CrisisStatusView {
  snapshot: CrisisSnapshot;
  /** Latest timeline entries, newest last. */
  timeline: CrisisTimelineEntry[];
  people: CrisisPeople;
  now: Date;
}

/** One line of a crisis timeline: a crisis event (paged, acknowledged, step_done, statement_approved, update, burst, ended…) or an event of one of its comments (claimed, answered…). */
export interface CrisisTimelineEntry {
  at: Date;
  type: string;
  actorId: string | null;
  /** step id, update text, comment excerpt, counts… */
  detail: Record<string, unknown>;
}

/** `/crisis scenarios`. */
export interface ScenarioListView {
  scenarios: Scenario[];
  declareScenarioId: string;
}
