import { CRISIS_ROLES, type ChecklistStepSpec, type CrisisReport, type CrisisRole, type CrisisSnapshot, type RosterRole, type Scenario, localized } from './crisis.ts';
import type { CrisisTexts } from './crisis-texts.ts';
import type { Locale, MemberInfo } from './directory.ts';
import { type RichText, bold, mention, rich } from './rich-text.ts';
import { cutText } from './untrusted-text.ts';

/** The people a crisis message names: member id → the member (their name, and what adapters need for mentions). */
export type CrisisPeople = Record<string, Pick<MemberInfo, 'name'> & Partial<MemberInfo>>;

/** A status update as posted (`/crisis update <text>`). */
export interface CrisisUpdateEntry {
  text: string;
  byId: string;
  at: Date;
}

/**
 * Every message a crisis posts, platform-neutral: each chat adapter renders it.
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

// ---- pieces every rendering of a crisis shares ------------------------------------------

/** A person: a mention token (the adapter mentions or names them), `fallback` when nobody did it. */
export function personText(people: CrisisPeople, id: string | null, fallback: string): RichText {
  if (id === null) return fallback;
  return [mention(id, people[id]?.name ?? id)];
}

/** Time since the start, as a stopwatch: "+4 min". */
export const offset = (ms: number, t: CrisisTexts): string => `+${t.duration(Math.max(0, ms))}`;

/** The roles in their fixed order. */
export function roleOrder(roles: CrisisRole[]): CrisisRole[] {
  return CRISIS_ROLES.filter((r) => roles.includes(r));
}

/** Every role in the fixed order, with its members (primary first), also when the roster leaves a role out. */
export function rosterByRole(roster: RosterRole[]): { role: CrisisRole; memberIds: string[] }[] {
  return CRISIS_ROLES.map((role) => ({ role, memberIds: [...new Set(roster.filter((r) => r.role === role).flatMap((r) => r.memberIds))] }));
}

/** The earliest acknowledgement per member. */
export function ackTimes(snapshot: CrisisSnapshot): Map<string, Date> {
  const acks = new Map<string, Date>();
  for (const ack of snapshot.acks) {
    const known = acks.get(ack.memberId);
    if (!known || ack.at < known) acks.set(ack.memberId, ack.at);
  }
  return acks;
}

export interface StepRow {
  n: number;
  spec: ChecklistStepSpec;
  /** The localized title as written. */
  title: string;
  doneAt: Date | null;
  doneById: string | null;
}

/** The checklist with its state; a step that approving the statement ticks counts as done once it is approved (like the report). */
export function stepRows(snapshot: CrisisSnapshot): StepRow[] {
  const c = snapshot.crisis;
  const ticks = new Map<string, { at: Date; by: string | null }>();
  for (const s of snapshot.steps) {
    if (!s.doneAt) continue;
    const known = ticks.get(s.stepId);
    if (!known || s.doneAt < known.at) ticks.set(s.stepId, { at: s.doneAt, by: s.doneById });
  }
  return c.scenario.checklist.map((spec, i) => {
    let tick = ticks.get(spec.id);
    if (!tick && spec.approvesStatement && c.statementApprovedAt) tick = { at: c.statementApprovedAt, by: c.statementApprovedById };
    return { n: i + 1, spec, title: localized(spec.title, c.locale), doneAt: tick?.at ?? null, doneById: tick?.by ?? null };
  });
}

/**
 * The words of one checklist line, for every renderer: the head (tick and numbered title, cut to
 * `titleMax`), what it is for (target, role, approves the statement) and how it went (done by whom and
 * when, on time or late; or past its target).
 */
export function stepLineParts(
  row: StepRow,
  crisis: Pick<CrisisSnapshot['crisis'], 'startedAt' | 'endedAt'>,
  now: Date,
  people: CrisisPeople,
  t: CrisisTexts,
  titleMax: number,
): { head: RichText; meta: string[]; state: RichText } {
  const start = crisis.startedAt.getTime();
  const head = rich`${row.doneAt ? '✅' : '⬜'} ${bold(`${row.n}. ${cutText(row.title, titleMax, { trim: false })}`)}`;
  const meta = [
    t.stepTarget(offset(row.spec.targetMs, t)),
    row.spec.role ? t.roles[row.spec.role] : null,
    row.spec.approvesStatement && !row.doneAt ? t.stepApprovesStatement : null,
  ].filter((s): s is string => s !== null);
  let state: RichText = '';
  if (row.doneAt) {
    const doneMs = row.doneAt.getTime() - start;
    const verdict = doneMs <= row.spec.targetMs ? t.onTime : t.late(t.duration(doneMs - row.spec.targetMs));
    state = t.stepDoneBy(personText(people, row.doneById, t.someone), offset(doneMs, t), verdict);
  } else {
    const until = crisis.endedAt && crisis.endedAt < now ? crisis.endedAt : now;
    if (until.getTime() - start > row.spec.targetMs) state = t.stepPastTarget;
  }
  return { head, meta, state };
}

export function isActive(snapshot: CrisisSnapshot): boolean {
  return snapshot.crisis.status === 'active';
}
