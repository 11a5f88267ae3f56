import type { CommandAnswer } from '../../../src/domain/command-view.ts';
import type { ChecklistStepSpec, CrisisRecord, CrisisReport, CrisisSnapshot, Scenario } from '../../../src/domain/crisis.ts';
import type { CrisisPeople, CrisisTimelineEntry } from '../../../src/domain/crisis-view.ts';
import type { Locale } from '../../../src/domain/directory.ts';
import { type DigestView, type Goal, type WeeklyFigures, evaluateGoals } from '../../../src/domain/kpi.ts';
import { rich, untrusted } from '../../../src/domain/rich-text.ts';

/** Names and texts that are markup if anything renders them as such. */
export const SCRIPT = '<script>alert("x")</script>';
export const IMG = '<img src=x onerror=alert(1)>';
export const ATTR = '"><svg onload=alert(1)>';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const START = new Date('2026-03-10T09:00:00.000Z');
export const at = (ms: number) => new Date(START.getTime() + ms);
export const NOW = at(40 * MINUTE);
export const CRISIS_ID = '5b0c6f0e-8d7a-4c1e-9f3b-2a6d8e4c1f00';

export const PEOPLE: CrisisPeople = {
  anna: { name: `Anna ${SCRIPT}` },
  ben: { name: `Ben ${IMG}` },
  deniz: { name: `Deniz ${ATTR}` },
};

const CHECKLIST: ChecklistStepSpec[] = [
  { id: 'acknowledge', title: { de: 'Seite bestätigen', en: 'Acknowledge the page' }, targetMs: 5 * MINUTE, role: 'lead' },
  { id: 'assess', title: { de: `Reichweite ${IMG}`, en: `Assess reach ${IMG}` }, targetMs: 15 * MINUTE, role: 'socialMedia' },
  { id: 'approve', title: { de: 'Stellungnahme freigeben', en: 'Approve the statement' }, targetMs: 30 * MINUTE, role: 'communications', approvesStatement: true },
  { id: 'all-clear', title: { de: 'Entwarnung', en: 'All-clear' }, targetMs: 90 * MINUTE, role: 'lead' },
];

export const SCENARIO: Scenario = {
  id: 'recall',
  title: { de: `Rückruf ${SCRIPT}`, en: `Recall ${SCRIPT}` },
  situation: { de: `Ein Foto geht viral. ${IMG}`, en: `A photo goes viral. ${IMG}` },
  checklist: CHECKLIST,
  holdingStatement: { de: `Wir prüfen das. ${SCRIPT}`, en: `We are looking into it. ${SCRIPT}` },
  timeLimitMs: 2 * HOUR,
  burst: { count: 30, durationMs: 30 * MINUTE, sources: ['instagram'], language: 'de', tones: [{ tone: 'angry', share: 1, phrases: ['Unfassbar!'] }] },
};

export function crisisRecord(over: Partial<CrisisRecord> = {}): CrisisRecord {
  return {
    id: CRISIS_ID,
    number: 3,
    kind: 'drill',
    status: 'active',
    platform: 'console',
    scenario: SCENARIO,
    roster: [
      { role: 'lead', memberIds: ['anna', 'ben'] },
      { role: 'communications', memberIds: ['deniz'] },
      { role: 'socialMedia', memberIds: ['deniz', 'anna'] },
    ],
    summary: null,
    locale: 'en',
    startedById: 'anna',
    startedAt: START,
    timeLimitAt: at(2 * HOUR),
    endedAt: null,
    endedById: null,
    endReason: null,
    roomChannel: null,
    stakeholderChannel: null,
    sources: ['instagram'],
    burstInjected: 12,
    statementApprovedById: null,
    statementApprovedAt: null,
    report: null,
    version: 4,
    ...over,
  };
}

/** 40 minutes in: anna and deniz acknowledged, ben not; the first step done on time, the second late. */
export function snapshot(over: Partial<CrisisRecord> = {}): CrisisSnapshot {
  return {
    crisis: crisisRecord(over),
    acks: [
      { memberId: 'deniz', at: at(MINUTE) },
      { memberId: 'anna', at: at(3 * MINUTE) },
    ],
    steps: [
      { stepId: 'acknowledge', doneById: 'anna', doneAt: at(4 * MINUTE) },
      { stepId: 'assess', doneById: 'deniz', doneAt: at(17 * MINUTE) },
    ],
    comments: { received: 12, claimed: 3, answered: 4, dismissed: 1, open: 5 },
  };
}

export const TIMELINE: CrisisTimelineEntry[] = [
  { at: at(MINUTE), type: 'acknowledged', actorId: 'deniz', detail: {} },
  { at: at(4 * MINUTE), type: 'step_done', actorId: 'anna', detail: { stepId: 'acknowledge' } },
  { at: at(20 * MINUTE), type: 'update', actorId: 'ben', detail: { text: `Statement ${SCRIPT}` } },
];

export function report(): CrisisReport {
  return {
    crisisId: CRISIS_ID,
    number: 3,
    kind: 'drill',
    scenarioId: SCENARIO.id,
    title: SCENARIO.title,
    startedAt: START.toISOString(),
    endedAt: at(HOUR).toISOString(),
    durationMs: HOUR,
    endReason: 'command',
    firstAckMs: MINUTE,
    roles: [
      { role: 'lead', memberIds: ['anna', 'ben'], firstAckById: 'anna', firstAckMs: 3 * MINUTE },
      { role: 'communications', memberIds: ['deniz'], firstAckById: 'deniz', firstAckMs: MINUTE },
    ],
    steps: [
      { stepId: 'acknowledge', title: CHECKLIST[0]!.title, targetMs: 5 * MINUTE, doneMs: 4 * MINUTE, doneById: 'anna', onTime: true },
      { stepId: 'assess', title: CHECKLIST[1]!.title, targetMs: 15 * MINUTE, doneMs: 17 * MINUTE, doneById: 'deniz', onTime: false },
      { stepId: 'all-clear', title: CHECKLIST[3]!.title, targetMs: 90 * MINUTE, doneMs: null, doneById: null, onTime: null },
    ],
    statement: { approvedMs: null, approvedById: null },
    comments: { received: 12, claimed: 3, answered: 4, dismissed: 1, open: 5, medianFirstResponseMs: 6 * MINUTE, p90FirstResponseMs: 20 * MINUTE, medianAnswerMs: 30 * MINUTE, withinTargetShare: 0.75 },
    updates: 1,
    missed: [{ kind: 'step_not_done', stepId: 'all-clear' }, { kind: 'statement_not_approved' }],
  };
}

const W47 = { label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z'), timeZone: 'Europe/Berlin' };

export function figures(over: Partial<WeeklyFigures> = {}): WeeklyFigures {
  return {
    teamId: 'support',
    week: W47,
    received: 40,
    answered: 31,
    dismissed: 2,
    routed: 1,
    firstResponseMedianMs: 42 * MINUTE,
    firstResponseP90Ms: 3 * HOUR,
    firstResponseMedianClockMs: HOUR,
    firstResponseP90ClockMs: 9 * HOUR,
    withinTargetShare: 0.8,
    responseRate: 0.9,
    backlogStart: 10,
    backlogEnd: 7,
    overdueNow: 1,
    escalations: { reminders: 3, channel: 1, lead: 0 },
    bySource: [
      { source: 'instagram', received: 30, answered: 25, medianFirstResponseMs: 40 * MINUTE },
      { source: `x${IMG}`, received: 10, answered: 6, medianFirstResponseMs: null },
    ],
    byPerson: [
      { memberId: 'anna', claimed: 20, answered: 18, medianResponseMs: 30 * MINUTE },
      { memberId: 'ben', claimed: 12, answered: 13, medianResponseMs: null },
    ],
    byDepartment: [{ teamId: 'legal', routedIn: 1, answered: 1, medianCloseMs: 5 * HOUR }],
    byDay: [
      { date: '2026-11-16', received: 8, medianFirstResponseMs: 40 * MINUTE },
      { date: '2026-11-17', received: 12, medianFirstResponseMs: 44 * MINUTE },
      { date: '2026-11-18', received: 20, medianFirstResponseMs: null },
    ],
    drills: [{ number: 3, title: { de: `Rückruf ${SCRIPT}`, en: `Recall ${SCRIPT}` }, startedAt: START.toISOString(), firstAckMs: MINUTE, stepsOnTime: 1, steps: 4, commentsAnswered: 4, commentsReceived: 12 }],
    ...over,
  };
}

const GOALS: Goal[] = [
  { metric: 'firstResponseMedian', comparison: '<=', target: HOUR },
  { metric: 'responseRate', comparison: '>=', target: 0.95 },
];

export function digest(locale: Locale, over: Partial<DigestView> = {}): DigestView {
  const f = figures();
  const previous = figures({ received: 35, answered: 30, responseRate: 0.92 });
  return {
    teamId: 'support',
    teamName: `Support ${SCRIPT}`,
    locale,
    figures: f,
    previous,
    goals: evaluateGoals(GOALS, f, previous),
    narrative: { text: `A good week. ${IMG}`, source: 'model' },
    names: { anna: `Anna ${SCRIPT}`, ben: `Ben ${IMG}`, legal: `Legal ${ATTR}` },
    ...over,
  };
}

/** One answer of every kind, in `locale`, each full of hostile names and texts. */
export function everyAnswer(locale: Locale): CommandAnswer[] {
  return [
    { kind: 'text', text: rich`Drill started: ${untrusted(`${SCRIPT}${IMG}`)}` },
    { kind: 'desk.status', locale, rows: [{ teamName: `Support ${SCRIPT}`, open: 3, claimed: 1, overdue: 1, oldestReceivedAt: START }] },
    { kind: 'desk.jobs', locale, jobs: [{ name: 'sla-sweep', schedule: '* * * * *', timeZone: 'UTC', lastFinishedAt: START, lastError: `failed ${IMG}` }] },
    { kind: 'crisis.status', view: { snapshot: snapshot({ locale }), timeline: TIMELINE, people: PEOPLE, now: NOW } },
    { kind: 'crisis.scenarios', locale, view: { scenarios: [SCENARIO], declareScenarioId: 'recall' } },
    { kind: 'crisis.reports', locale, reports: [report()], people: PEOPLE },
    { kind: 'crisis.report', locale, report: report(), people: PEOPLE },
    { kind: 'kpi.digest', digest: digest(locale), post: { teamId: 'support', week: '2026-W47' } },
  ];
}

/** The names of the elements in a piece of HTML (escaped text contains no `<`, so only real tags match). */
export function tagsOf(markup: string): Set<string> {
  return new Set([...markup.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

/** Attributes that would run script, in real tags only. */
export function eventHandlers(markup: string): string[] {
  return [...markup.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((m) => [...m[0].matchAll(/\s(on[a-z]+)\s*=/gi)].map((a) => a[1]!));
}
