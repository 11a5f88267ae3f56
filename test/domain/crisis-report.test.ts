import { describe, expect, it } from 'vitest';
import type { CrisisAck, CrisisCommentFact, CrisisRecord, CrisisStepState, Scenario } from '../../src/domain/crisis.ts';
import { type CrisisReportInput, buildCrisisReport, percentileCont } from '../../src/domain/crisis-report.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Drill #3 starts Tuesday 2026-03-10 at 09:00 UTC; every time below is an offset from it. */
const START = new Date('2026-03-10T09:00:00.000Z');
const at = (offsetMs: number): Date => new Date(START.getTime() + offsetMs);

const SCENARIO: Scenario = {
  id: 'product-recall',
  title: { de: 'Produktrückruf', en: 'Product recall' },
  situation: {
    de: 'Ein Video über ein defektes Produkt verbreitet sich.',
    en: 'A video about a faulty product is spreading.',
  },
  checklist: [
    { id: 'acknowledge', title: { de: 'Bestätigen', en: 'Acknowledge' }, targetMs: 5 * MINUTE, role: 'lead' },
    { id: 'assess-reach', title: { de: 'Reichweite einschätzen', en: 'Assess reach' }, targetMs: 15 * MINUTE, role: 'socialMedia' },
    { id: 'inform-legal', title: { de: 'Rechtsabteilung informieren', en: 'Inform legal' }, targetMs: 20 * MINUTE, role: 'legal' },
    {
      id: 'approve-holding-statement',
      title: { de: 'Stellungnahme freigeben', en: 'Approve holding statement' },
      targetMs: 30 * MINUTE,
      role: 'legal',
      approvesStatement: true,
    },
    {
      id: 'post-holding-statement',
      title: { de: 'Stellungnahme posten', en: 'Post holding statement' },
      targetMs: 45 * MINUTE,
      role: 'communications',
    },
    {
      id: 'answer-top-comments',
      title: { de: 'Top-Kommentare beantworten', en: 'Answer top comments' },
      targetMs: 60 * MINUTE,
      role: 'socialMedia',
    },
    { id: 'all-clear', title: { de: 'Entwarnung', en: 'All clear' }, targetMs: 120 * MINUTE, role: 'lead' },
  ],
  holdingStatement: {
    de: 'Wir prüfen die Berichte und melden uns so bald wie möglich.',
    en: 'We are looking into the reports and will update you as soon as we can.',
  },
  timeLimitMs: 120 * MINUTE,
  burst: {
    count: 10,
    durationMs: 10 * MINUTE,
    sources: ['facebook', 'instagram'],
    language: 'en',
    tones: [{ tone: 'angry', share: 1, phrases: ['This is unacceptable.'] }],
  },
};

function drill(over: Partial<CrisisRecord> = {}): CrisisRecord {
  return {
    id: 'crisis-3',
    number: 3,
    kind: 'drill',
    status: 'ended',
    platform: 'slack',
    scenario: SCENARIO,
    roster: [
      { role: 'lead', memberIds: ['anna', 'ben'] },
      { role: 'communications', memberIds: ['deniz'] },
      { role: 'legal', memberIds: ['clara'] },
      { role: 'socialMedia', memberIds: ['deniz', 'anna'] },
      { role: 'management', memberIds: ['ops'] },
    ],
    summary: null,
    locale: 'en',
    startedById: 'anna',
    startedAt: START,
    timeLimitAt: at(120 * MINUTE),
    endedAt: at(95 * MINUTE),
    endedById: 'ben',
    endReason: 'command',
    roomChannel: 'C0CRISIS3',
    stakeholderChannel: null,
    sources: ['facebook', 'instagram'],
    burstInjected: 10,
    statementApprovedById: 'clara',
    statementApprovedAt: at(34 * MINUTE),
    report: null,
    version: 17,
    ...over,
  };
}

const ack = (memberId: string, offsetMs: number): CrisisAck => ({ memberId, at: at(offsetMs) });
const done = (stepId: string, doneById: string, offsetMs: number): CrisisStepState => ({ stepId, doneById, doneAt: at(offsetMs) });
const notDone = (stepId: string): CrisisStepState => ({ stepId, doneById: null, doneAt: null });

/** A comment received `receivedMin` minutes after the start; response and close are offsets from its receipt. */
function comment(
  receivedMin: number,
  status: CrisisCommentFact['status'],
  firstResponseAfterMs: number | null,
  closedAfterMs: number | null,
  firstResponseOnTime: boolean | null,
): CrisisCommentFact {
  const receivedAt = at(receivedMin * MINUTE);
  const after = (ms: number | null): Date | null => (ms === null ? null : new Date(receivedAt.getTime() + ms));
  return { receivedAt, firstResponseAt: after(firstResponseAfterMs), closedAt: after(closedAfterMs), status, firstResponseOnTime };
}

/**
 * The hand-worked data set.
 *
 * Acks (shuffled): eve is not on the roster (ignored, although she is the first at +1:00); anna acks twice.
 *   lead [anna 3:30, ben 2:00]      → ben, 120 000
 *   communications [deniz 4:00]     → deniz, 240 000
 *   legal [clara 12:00]             → clara, 720 000
 *   socialMedia [deniz 4:00, anna 3:30] → anna, 210 000
 *   management [ops —]              → nobody
 *   first ack overall: ben, 120 000
 *
 * Steps (shuffled):
 *   acknowledge                ben   4:00  = 240 000 ≤ 300 000   on time
 *   assess-reach               anna 18:00  = 1 080 000 > 900 000  late by 180 000
 *   inform-legal               clara 20:00 = 1 200 000 = target   on time (the target itself counts)
 *   approve-holding-statement  not ticked, but clara approved the statement at 34:00 = 2 040 000
 *                              > 1 800 000 → late by 240 000
 *   post-holding-statement     deniz 41:30 = 2 490 000 ≤ 2 700 000 on time
 *   answer-top-comments        missing from the states → not done
 *   all-clear                  a state without doneAt → not done
 *
 * Comments (first response and close measured from each comment's receipt):
 *   #   status     first response  closed     on time
 *   1   answered      30 000       300 000    true
 *   2   answered      45 000       180 000    true
 *   3   answered      60 000       720 000    true
 *   4   dismissed     90 000       120 000    true
 *   5   claimed      120 000        —         true
 *   6   answered     150 000     1 200 000    false
 *   7   removed      240 000       240 000    false
 *   8   claimed      600 000        —         false
 *   9   open            —           —         null
 *   10  open            —           —         null
 */
function dataSet(): CrisisReportInput {
  return {
    crisis: drill(),
    acks: [
      ack('anna', 3 * MINUTE + 30 * SECOND),
      ack('clara', 12 * MINUTE),
      ack('eve', 1 * MINUTE),
      ack('ben', 2 * MINUTE),
      ack('anna', 10 * MINUTE),
      ack('deniz', 4 * MINUTE),
    ],
    steps: [
      done('post-holding-statement', 'deniz', 41 * MINUTE + 30 * SECOND),
      done('inform-legal', 'clara', 20 * MINUTE),
      notDone('all-clear'),
      done('assess-reach', 'anna', 18 * MINUTE),
      notDone('approve-holding-statement'),
      done('acknowledge', 'ben', 4 * MINUTE),
    ],
    comments: [
      comment(1, 'answered', 30 * SECOND, 5 * MINUTE, true),
      comment(2, 'answered', 45 * SECOND, 3 * MINUTE, true),
      comment(3, 'answered', 60 * SECOND, 12 * MINUTE, true),
      comment(4, 'dismissed', 90 * SECOND, 2 * MINUTE, true),
      comment(5, 'claimed', 120 * SECOND, null, true),
      comment(6, 'answered', 150 * SECOND, 20 * MINUTE, false),
      comment(7, 'removed', 240 * SECOND, 240 * SECOND, false),
      comment(8, 'claimed', 600 * SECOND, null, false),
      comment(9, 'open', null, null, null),
      comment(10, 'open', null, null, null),
    ],
    updates: 4,
  };
}

describe('percentileCont', () => {
  // Expected values are what PostgreSQL returns for
  //   SELECT percentile_cont(p) WITHIN GROUP (ORDER BY x) FROM unnest(ARRAY[...]::float8[]) x
  // (checked bit for bit against PGlite 0.5.16, i.e. PostgreSQL 18.6).
  it('interpolates between the closest ranks', () => {
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5); // position 1.5 → 2 + 0.5·(3−2)
    expect(percentileCont([1, 2, 3, 4], 0.9)).toBe(3.7); // position 2.7 → 3 + 0.7·(4−3)
    expect(percentileCont([10, 20, 30, 40, 50], 0.1)).toBe(14); // position 0.4 → 10 + 0.4·10
    expect(percentileCont([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9.1); // position 8.1
    expect(percentileCont([180_000, 300_000, 720_000, 1_200_000], 0.5)).toBe(510_000);
  });

  it('keeps the floating-point result PostgreSQL gives, unrounded', () => {
    // position 0.9·7 = 6.3 → 240 000 + 0.3·360 000; PostgreSQL prints 347999.99999999994 as well.
    const values = [30_000, 45_000, 60_000, 90_000, 120_000, 150_000, 240_000, 600_000];
    expect(percentileCont(values, 0.9)).toBe(347_999.99999999994);
  });

  it('returns the extremes at 0 and 1', () => {
    expect(percentileCont([3, 1, 4, 2], 0)).toBe(1);
    expect(percentileCont([3, 1, 4, 2], 1)).toBe(4);
  });

  it('returns the only value for a single value, whatever p', () => {
    expect(percentileCont([7], 0)).toBe(7);
    expect(percentileCont([7], 0.5)).toBe(7);
    expect(percentileCont([7], 0.9)).toBe(7);
  });

  it('returns null for an empty list', () => {
    expect(percentileCont([], 0.5)).toBeNull();
  });

  it('sorts unsorted input numerically without modifying it', () => {
    const values = [4, 1, 3, 2];
    expect(percentileCont(values, 0.9)).toBe(3.7);
    expect(percentileCont([100, 9, 20], 0.5)).toBe(20); // numeric, not lexicographic order
    expect(values).toEqual([4, 1, 3, 2]);
  });

  it('rejects a percentile outside 0..1, like PostgreSQL', () => {
    expect(() => percentileCont([1, 2], 1.5)).toThrow(RangeError);
    expect(() => percentileCont([1, 2], -0.1)).toThrow(RangeError);
    expect(() => percentileCont([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe('buildCrisisReport', () => {
  it('describes the drill itself', () => {
    const report = buildCrisisReport(dataSet());
    expect(report).toMatchObject({
      crisisId: 'crisis-3',
      number: 3,
      kind: 'drill',
      scenarioId: 'product-recall',
      title: { de: 'Produktrückruf', en: 'Product recall' },
      startedAt: '2026-03-10T09:00:00.000Z',
      endedAt: '2026-03-10T10:35:00.000Z',
      durationMs: 95 * MINUTE, // 5 700 000
      endReason: 'command',
      updates: 4,
    });
  });

  it('times the first acknowledgement per role and overall, ignoring members not on the roster', () => {
    const report = buildCrisisReport(dataSet());
    expect(report.firstAckMs).toBe(120_000); // ben at 2:00; eve at 1:00 is not on the roster
    expect(report.roles).toEqual([
      { role: 'lead', memberIds: ['anna', 'ben'], firstAckById: 'ben', firstAckMs: 120_000 },
      { role: 'communications', memberIds: ['deniz'], firstAckById: 'deniz', firstAckMs: 240_000 },
      { role: 'legal', memberIds: ['clara'], firstAckById: 'clara', firstAckMs: 720_000 },
      { role: 'socialMedia', memberIds: ['deniz', 'anna'], firstAckById: 'anna', firstAckMs: 210_000 },
      { role: 'management', memberIds: ['ops'], firstAckById: null, firstAckMs: null },
    ]);
  });

  it('times every checklist step against its target, in checklist order', () => {
    const report = buildCrisisReport(dataSet());
    expect(report.steps.map(({ title: _title, ...rest }) => rest)).toEqual([
      { stepId: 'acknowledge', targetMs: 300_000, doneMs: 240_000, doneById: 'ben', onTime: true },
      { stepId: 'assess-reach', targetMs: 900_000, doneMs: 1_080_000, doneById: 'anna', onTime: false },
      { stepId: 'inform-legal', targetMs: 1_200_000, doneMs: 1_200_000, doneById: 'clara', onTime: true },
      { stepId: 'approve-holding-statement', targetMs: 1_800_000, doneMs: 2_040_000, doneById: 'clara', onTime: false },
      { stepId: 'post-holding-statement', targetMs: 2_700_000, doneMs: 2_490_000, doneById: 'deniz', onTime: true },
      { stepId: 'answer-top-comments', targetMs: 3_600_000, doneMs: null, doneById: null, onTime: null },
      { stepId: 'all-clear', targetMs: 7_200_000, doneMs: null, doneById: null, onTime: null },
    ]);
    expect(report.steps[0]?.title).toEqual({ de: 'Bestätigen', en: 'Acknowledge' });
    expect(report.statement).toEqual({ approvedMs: 2_040_000, approvedById: 'clara' });
  });

  it('counts and times the comments', () => {
    const report = buildCrisisReport(dataSet());
    expect(report.comments).toEqual({
      received: 10,
      claimed: 8, // #1–#8 have a first response
      answered: 4, // #1, #2, #3, #6
      dismissed: 2, // #4 dismissed, #7 removed
      open: 4, // #5, #8 claimed; #9, #10 open
      // first responses sorted: 30, 45, 60, 90, 120, 150, 240, 600 s (n = 8)
      // median: position 0.5·7 = 3.5 → 90 000 + 0.5·(120 000 − 90 000) = 105 000
      medianFirstResponseMs: 105_000,
      // p90: position 0.9·7 = 6.3 → 240 000 + 0.3·(600 000 − 240 000) = 348 000 (in floating point)
      p90FirstResponseMs: expect.closeTo(348_000, 6),
      // answered: 180 000, 300 000, 720 000, 1 200 000 → position 1.5 → 300 000 + 0.5·420 000 = 510 000
      medianAnswerMs: 510_000,
      // on time 5 (#1–#5) of 8 judged (#1–#8) = 0.625
      withinTargetShare: 0.625,
    });
  });

  it('lists what was missed, in order', () => {
    const report = buildCrisisReport(dataSet());
    expect(report.missed).toEqual([
      { kind: 'role_unacknowledged', role: 'management' },
      { kind: 'step_late', stepId: 'assess-reach', lateMs: 180_000 }, // 18:00 − 15:00
      { kind: 'step_late', stepId: 'approve-holding-statement', lateMs: 240_000 }, // 34:00 − 30:00
      { kind: 'step_not_done', stepId: 'answer-top-comments' },
      { kind: 'step_not_done', stepId: 'all-clear' },
      { kind: 'comments_unanswered', count: 4 }, // #5, #8, #9, #10
      { kind: 'comments_late', count: 3 }, // #6, #7, #8
    ]);
  });

  it('gives a tie between members of a role to the one listed first', () => {
    const input = dataSet();
    input.acks = [ack('ben', 2 * MINUTE), ack('anna', 2 * MINUTE), ack('deniz', 2 * MINUTE), ack('clara', 3 * MINUTE), ack('ops', 5 * MINUTE)];
    const report = buildCrisisReport(input);
    expect(report.roles.map((r) => [r.role, r.firstAckById, r.firstAckMs])).toEqual([
      ['lead', 'anna', 120_000], // anna is the primary, ben the deputy
      ['communications', 'deniz', 120_000],
      ['legal', 'clara', 180_000],
      ['socialMedia', 'deniz', 120_000], // deniz is listed before anna here
      ['management', 'ops', 300_000],
    ]);
    expect(report.firstAckMs).toBe(120_000);
    expect(report.missed.filter((m) => m.kind === 'role_unacknowledged')).toEqual([]);
  });

  it('ignores acknowledgements from members not on the roster everywhere', () => {
    const input = dataSet();
    input.acks = [ack('eve', 30 * SECOND), ack('frank', 1 * MINUTE)];
    const report = buildCrisisReport(input);
    expect(report.firstAckMs).toBeNull();
    expect(report.roles.every((r) => r.firstAckById === null && r.firstAckMs === null)).toBe(true);
    expect(report.missed.filter((m) => m.kind === 'role_unacknowledged')).toEqual([
      { kind: 'role_unacknowledged', role: 'lead' },
      { kind: 'role_unacknowledged', role: 'communications' },
      { kind: 'role_unacknowledged', role: 'legal' },
      { kind: 'role_unacknowledged', role: 'socialMedia' },
      { kind: 'role_unacknowledged', role: 'management' },
    ]);
  });

  it('counts times before the start as 0', () => {
    const input = dataSet();
    input.acks = [ack('ben', -30 * SECOND), ack('anna', -10 * SECOND)];
    input.steps = [done('acknowledge', 'ben', -5 * SECOND)];
    const early = input.comments[0] as CrisisCommentFact;
    input.comments = [{ ...early, firstResponseAt: new Date(early.receivedAt.getTime() - SECOND) }];
    const report = buildCrisisReport(input);
    expect(report.firstAckMs).toBe(0);
    expect(report.roles[0]).toMatchObject({ firstAckById: 'anna', firstAckMs: 0 }); // both 0: the primary wins
    expect(report.steps[0]).toMatchObject({ doneMs: 0, onTime: true });
    expect(report.comments.medianFirstResponseMs).toBe(0);
  });

  describe('the holding statement', () => {
    it('stands in for the approvesStatement step when that step is not ticked', () => {
      const input = dataSet();
      input.steps = input.steps.filter((s) => s.stepId !== 'approve-holding-statement'); // not even a state
      input.crisis = drill({ statementApprovedById: 'anna', statementApprovedAt: at(25 * MINUTE) });
      const report = buildCrisisReport(input);
      expect(report.steps[3]).toMatchObject({
        stepId: 'approve-holding-statement',
        doneMs: 1_500_000,
        doneById: 'anna',
        onTime: true,
      });
      expect(report.statement).toEqual({ approvedMs: 1_500_000, approvedById: 'anna' });
      expect(report.missed.some((m) => m.kind === 'statement_not_approved')).toBe(false);
      expect(report.missed.some((m) => 'stepId' in m && m.stepId === 'approve-holding-statement')).toBe(false);
    });

    it('does not override a tick that was recorded', () => {
      const input = dataSet();
      input.steps = [...input.steps, done('approve-holding-statement', 'ben', 28 * MINUTE)];
      const report = buildCrisisReport(input);
      expect(report.steps[3]).toMatchObject({ doneMs: 1_680_000, doneById: 'ben', onTime: true });
      expect(report.statement).toEqual({ approvedMs: 2_040_000, approvedById: 'clara' });
    });

    it('does not tick other steps', () => {
      const input = dataSet();
      input.steps = [];
      const report = buildCrisisReport(input);
      expect(report.steps.filter((s) => s.doneMs !== null).map((s) => s.stepId)).toEqual(['approve-holding-statement']);
    });

    it('is reported missed when not approved, and the step with it', () => {
      const input = dataSet();
      input.crisis = drill({ statementApprovedById: null, statementApprovedAt: null });
      const report = buildCrisisReport(input);
      expect(report.statement).toEqual({ approvedMs: null, approvedById: null });
      expect(report.steps[3]).toMatchObject({ doneMs: null, doneById: null, onTime: null });
      expect(report.missed).toEqual([
        { kind: 'role_unacknowledged', role: 'management' },
        { kind: 'step_late', stepId: 'assess-reach', lateMs: 180_000 },
        { kind: 'step_not_done', stepId: 'approve-holding-statement' },
        { kind: 'step_not_done', stepId: 'answer-top-comments' },
        { kind: 'step_not_done', stepId: 'all-clear' },
        { kind: 'statement_not_approved' },
        { kind: 'comments_unanswered', count: 4 },
        { kind: 'comments_late', count: 3 },
      ]);
    });
  });

  it('reports a crisis without comments with nulls and no comment misses', () => {
    const input = dataSet();
    input.comments = [];
    input.crisis = drill({ endReason: 'time_limit', endedAt: at(120 * MINUTE), endedById: null });
    const report = buildCrisisReport(input);
    expect(report.endReason).toBe('time_limit');
    expect(report.durationMs).toBe(7_200_000);
    expect(report.comments).toEqual({
      received: 0,
      claimed: 0,
      answered: 0,
      dismissed: 0,
      open: 0,
      medianFirstResponseMs: null,
      p90FirstResponseMs: null,
      medianAnswerMs: null,
      withinTargetShare: null,
    });
    expect(report.missed.some((m) => m.kind === 'comments_unanswered' || m.kind === 'comments_late')).toBe(false);
  });

  it('leaves withinTargetShare null when no comment has been judged yet', () => {
    const input = dataSet();
    input.comments = [comment(1, 'open', null, null, null), comment(2, 'open', null, null, null)];
    const report = buildCrisisReport(input);
    expect(report.comments).toMatchObject({ received: 2, open: 2, claimed: 0, withinTargetShare: null });
    expect(report.missed.at(-1)).toEqual({ kind: 'comments_unanswered', count: 2 });
  });

  it('throws for a crisis that has not ended', () => {
    const input = dataSet();
    input.crisis = drill({ status: 'active', endedAt: null, endedById: null, endReason: null });
    expect(() => buildCrisisReport(input)).toThrow(/not ended/);
    input.crisis = drill({ endReason: null });
    expect(() => buildCrisisReport(input)).toThrow(Error);
    input.crisis = drill({ endedAt: null });
    expect(() => buildCrisisReport(input)).toThrow(Error);
  });
});
