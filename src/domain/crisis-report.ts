import {
  type CrisisAck,
  type CrisisCommentFact,
  type CrisisMiss,
  type CrisisRecord,
  type CrisisReport,
  type CrisisStepState,
  rosterMemberIds,
} from './crisis.ts';

/**
 * The report of a crisis drill (or a real crisis) once it has ended: how fast each role acknowledged
 * its page, when each checklist step was ticked against its target, how the crisis' comments were
 * handled, and what was missed. Pure: everything it needs comes in, nothing is read from the clock.
 */

export interface CrisisReportInput {
  /** endedAt and endReason are set (an Error is thrown if not). */
  crisis: CrisisRecord;
  /** Who acknowledged their page, when (any order). */
  acks: CrisisAck[];
  /** State of each checklist step (any order; a step missing here counts as not done). */
  steps: CrisisStepState[];
  /** The crisis' comments. */
  comments: CrisisCommentFact[];
  /** Status updates posted. */
  updates: number;
}

/**
 * Percentile with linear interpolation between closest ranks, exactly like PostgreSQL's percentile_cont (p in 0..1); null for an empty list. Exported for reuse by the weekly KPI figures.
 *
 * Same arithmetic as PostgreSQL (orderedsetaggs.c): position p·(n−1) in the sorted values, then
 * lo + p' · (hi − lo) with p' the fractional part, so the results agree to the last bit. Like
 * PostgreSQL, a p outside 0..1 (or NaN) is an error. The input is not modified.
 */
export function percentileCont(values: number[], p: number): number | null {
  if (Number.isNaN(p) || p < 0 || p > 1) {
    throw new RangeError(`percentile value ${p} is not between 0 and 1`);
  }
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const firstRow = Math.floor(position);
  const secondRow = Math.ceil(position);
  const first = sorted[firstRow] as number;
  if (firstRow === secondRow) return first;
  const second = sorted[secondRow] as number;
  const proportion = position - firstRow;
  return first + proportion * (second - first);
}

/** Milliseconds from `from` to `to`; a time before `from` counts as 0. */
function elapsedMs(from: Date, to: Date): number {
  return Math.max(0, to.getTime() - from.getTime());
}

const OPEN_STATUSES: ReadonlySet<CrisisCommentFact['status']> = new Set(['open', 'claimed']);
const DISMISSED_STATUSES: ReadonlySet<CrisisCommentFact['status']> = new Set(['dismissed', 'removed']);

export function buildCrisisReport(input: CrisisReportInput): CrisisReport {
  const { crisis } = input;
  const { endedAt, endReason } = crisis;
  if (endedAt === null || endReason === null) {
    throw new Error(`Crisis ${crisis.id} (#${crisis.number}) has not ended; its report cannot be built yet`);
  }
  const start = crisis.startedAt;
  const fromStart = (at: Date): number => elapsedMs(start, at);

  // Acknowledgements: the earliest per roster member; anyone not on the roster is ignored.
  const onRoster = new Set(rosterMemberIds(crisis.roster));
  const earliestAckMs = new Map<string, number>();
  for (const ack of input.acks) {
    if (!onRoster.has(ack.memberId)) continue;
    const ms = fromStart(ack.at);
    const known = earliestAckMs.get(ack.memberId);
    if (known === undefined || ms < known) earliestAckMs.set(ack.memberId, ms);
  }

  const roles = crisis.roster.map((r) => {
    let firstAckById: string | null = null;
    let firstAckMs: number | null = null;
    // Strictly earlier only: on a tie the member listed first (the primary before deputies) wins.
    for (const memberId of r.memberIds) {
      const ms = earliestAckMs.get(memberId);
      if (ms !== undefined && (firstAckMs === null || ms < firstAckMs)) {
        firstAckById = memberId;
        firstAckMs = ms;
      }
    }
    return { role: r.role, memberIds: [...r.memberIds], firstAckById, firstAckMs };
  });

  let firstAckMs: number | null = null;
  for (const ms of earliestAckMs.values()) {
    if (firstAckMs === null || ms < firstAckMs) firstAckMs = ms;
  }

  // Checklist steps: the earliest tick per step id (a state without doneAt is not a tick).
  const ticks = new Map<string, { doneAt: Date; doneById: string | null }>();
  for (const state of input.steps) {
    if (state.doneAt === null) continue;
    const known = ticks.get(state.stepId);
    if (known === undefined || state.doneAt.getTime() < known.doneAt.getTime()) {
      ticks.set(state.stepId, { doneAt: state.doneAt, doneById: state.doneById });
    }
  }

  const approvedAt = crisis.statementApprovedAt;
  const approvedById = crisis.statementApprovedById;
  const approvedMs = approvedAt === null ? null : fromStart(approvedAt);

  const steps = crisis.scenario.checklist.map((spec) => {
    const tick = ticks.get(spec.id);
    let doneMs: number | null = null;
    let doneById: string | null = null;
    if (tick !== undefined) {
      doneMs = fromStart(tick.doneAt);
      doneById = tick.doneById;
    } else if (spec.approvesStatement === true && approvedMs !== null) {
      // Approving the holding statement ticks this step, even if the tick itself was not recorded.
      doneMs = approvedMs;
      doneById = approvedById;
    }
    return {
      stepId: spec.id,
      title: spec.title,
      targetMs: spec.targetMs,
      doneMs,
      doneById,
      onTime: doneMs === null ? null : doneMs <= spec.targetMs,
    };
  });

  // Comments.
  const firstResponseMs: number[] = [];
  const answerMs: number[] = [];
  let answered = 0;
  let dismissed = 0;
  let open = 0;
  let onTime = 0;
  let late = 0;
  for (const c of input.comments) {
    if (c.firstResponseAt !== null) firstResponseMs.push(elapsedMs(c.receivedAt, c.firstResponseAt));
    if (c.status === 'answered') {
      answered += 1;
      if (c.closedAt !== null) answerMs.push(elapsedMs(c.receivedAt, c.closedAt));
    }
    if (DISMISSED_STATUSES.has(c.status)) dismissed += 1;
    if (OPEN_STATUSES.has(c.status)) open += 1;
    if (c.firstResponseOnTime === true) onTime += 1;
    if (c.firstResponseOnTime === false) late += 1;
  }
  const judged = onTime + late;

  // What was missed, in a fixed order: roles, steps, statement, comments.
  const missed: CrisisMiss[] = [];
  for (const r of roles) {
    if (r.firstAckMs === null) missed.push({ kind: 'role_unacknowledged', role: r.role });
  }
  for (const s of steps) {
    if (s.doneMs === null) missed.push({ kind: 'step_not_done', stepId: s.stepId });
    else if (s.doneMs > s.targetMs) missed.push({ kind: 'step_late', stepId: s.stepId, lateMs: s.doneMs - s.targetMs });
  }
  // Every scenario carries a holding statement, so an unapproved one is always a miss.
  if (approvedMs === null) missed.push({ kind: 'statement_not_approved' });
  if (open > 0) missed.push({ kind: 'comments_unanswered', count: open });
  if (late > 0) missed.push({ kind: 'comments_late', count: late });

  return {
    crisisId: crisis.id,
    number: crisis.number,
    kind: crisis.kind,
    scenarioId: crisis.scenario.id,
    title: crisis.scenario.title,
    startedAt: start.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - start.getTime(),
    endReason,
    firstAckMs,
    roles,
    steps,
    statement: { approvedMs, approvedById: approvedMs === null ? null : approvedById },
    comments: {
      received: input.comments.length,
      claimed: firstResponseMs.length,
      answered,
      dismissed,
      open,
      medianFirstResponseMs: percentileCont(firstResponseMs, 0.5),
      p90FirstResponseMs: percentileCont(firstResponseMs, 0.9),
      medianAnswerMs: percentileCont(answerMs, 0.5),
      withinTargetShare: judged === 0 ? null : onTime / judged,
    },
    updates: input.updates,
    missed,
  };
}
