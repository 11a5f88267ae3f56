import { describe, expect, it } from 'vitest';
import { CARD_BYTES_MAX, cardBytes } from '../../../src/chat/teams/adaptive-card.ts';
import { MSTEAMS } from '../../../src/chat/teams/markdown.ts';
import {
  renderTeamsCrisisMessage,
  teamsCrisisReportListText,
  teamsCrisisReportText,
  teamsCrisisScenarioListText,
  teamsCrisisStatusText,
} from '../../../src/chat/teams/render-crisis.ts';
import { TeamsVerb } from '../../../src/chat/teams/verbs.ts';
import type { ChecklistStepSpec, CrisisRecord, CrisisReport, CrisisSnapshot, Scenario } from '../../../src/domain/crisis.ts';
import type { CrisisMessageView, CrisisPeople } from '../../../src/domain/crisis-view.ts';
import { MARKUP_CHARACTERS, adaptiveCardViolations, cardActions, cardTexts, mentionViolations, withoutOwnMarkup } from '../../support/adaptive-card.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Drill #3 starts Tuesday 2026-03-10 at 09:00 UTC; every time below is an offset from it. */
const START = new Date('2026-03-10T09:00:00.000Z');
const at = (offsetMs: number): Date => new Date(START.getTime() + offsetMs);
const NOW = at(40 * MINUTE);
const CRISIS_ID = '5b0c6f0e-8d7a-4c1e-9f3b-2a6d8e4c1f00';
const ROOM = '19:crisisroom3@thread.tacv2';
const ANNA = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const DENIZ = 'c5e99701-2a32-49c1-a660-4629ceeb8c61';

const CHECKLIST: ChecklistStepSpec[] = [
  { id: 'acknowledge', title: { de: 'Seite bestätigen', en: 'Acknowledge the page' }, targetMs: 5 * MINUTE, role: 'lead' },
  { id: 'assess-reach', title: { de: 'Reichweite einschätzen', en: 'Assess reach' }, targetMs: 15 * MINUTE, role: 'socialMedia' },
  { id: 'inform-legal', title: { de: 'Rechtsabteilung informieren', en: 'Inform legal' }, targetMs: 20 * MINUTE, role: 'legal' },
  { id: 'approve-holding-statement', title: { de: 'Stellungnahme freigeben', en: 'Approve holding statement' }, targetMs: 30 * MINUTE, role: 'legal', approvesStatement: true },
  { id: 'brief-management', title: { de: 'Geschäftsführung briefen', en: 'Brief management' }, targetMs: 90 * MINUTE },
];

const SCENARIO: Scenario = {
  id: 'product-recall',
  title: { de: 'Produktrückruf', en: 'Product recall' },
  situation: { de: 'Ein Video über einen Wasserkocher verbreitet sich.', en: 'A video of a faulty kettle is spreading.' },
  checklist: CHECKLIST,
  holdingStatement: { de: 'Wir prüfen den Fall.', en: 'We are looking into it.' },
  timeLimitMs: 2 * HOUR,
  burst: { count: 40, durationMs: 30 * MINUTE, sources: ['instagram'], language: 'de', tones: [{ tone: 'angry', share: 1, phrases: ['Unfassbar!'] }] },
};

const PEOPLE: CrisisPeople = {
  anna: { name: 'Anna Schmidt', identities: [{ platform: MSTEAMS, userId: ANNA }] },
  ben: { name: 'Ben Meyer', identities: [{ platform: 'slack', userId: 'U0BEN00001' }] },
  deniz: { name: 'Deniz Yilmaz', identities: [{ platform: MSTEAMS, userId: DENIZ }] },
  // Not on Teams: named in bold, inert.
  clara: { name: 'Clara <Legal> **&** Co' },
  ops: { name: 'Ops Lead' },
};

function crisisRecord(over: Partial<CrisisRecord> = {}): CrisisRecord {
  return {
    id: CRISIS_ID,
    number: 3,
    kind: 'drill',
    status: 'active',
    platform: MSTEAMS,
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
    timeLimitAt: at(2 * HOUR),
    endedAt: null,
    endedById: null,
    endReason: null,
    roomChannel: ROOM,
    stakeholderChannel: null,
    sources: ['instagram'],
    burstInjected: 24,
    statementApprovedById: null,
    statementApprovedAt: null,
    report: null,
    version: 7,
    ...over,
  };
}

/** 40 minutes in: deniz and anna acknowledged; two steps ticked. */
function snapshot(crisis: Partial<CrisisRecord> = {}, over: Partial<Omit<CrisisSnapshot, 'crisis'>> = {}): CrisisSnapshot {
  const record = crisisRecord(crisis);
  return {
    crisis: record,
    acks: [
      { memberId: 'deniz', at: at(90 * SECOND) },
      { memberId: 'anna', at: at(3 * MINUTE) },
    ],
    steps: record.scenario.checklist.map((s) =>
      s.id === 'acknowledge'
        ? { stepId: s.id, doneById: 'anna', doneAt: at(4 * MINUTE) }
        : s.id === 'assess-reach'
          ? { stepId: s.id, doneById: 'deniz', doneAt: at(17 * MINUTE) }
          : { stepId: s.id, doneById: null, doneAt: null },
    ),
    comments: { received: 24, claimed: 6, answered: 10, dismissed: 2, open: 12 },
    ...over,
  };
}

const ended = (over: Partial<CrisisRecord> = {}) => snapshot({ status: 'ended', endedAt: at(2 * HOUR), endedById: null, endReason: 'time_limit', ...over });

function report(over: Partial<CrisisReport> = {}): CrisisReport {
  return {
    crisisId: CRISIS_ID,
    number: 3,
    kind: 'drill',
    scenarioId: SCENARIO.id,
    title: SCENARIO.title,
    startedAt: START.toISOString(),
    endedAt: at(42 * MINUTE).toISOString(),
    durationMs: 42 * MINUTE,
    endReason: 'command',
    firstAckMs: 90 * SECOND,
    roles: [
      { role: 'lead', memberIds: ['anna', 'ben'], firstAckById: 'anna', firstAckMs: 3 * MINUTE },
      { role: 'legal', memberIds: ['clara'], firstAckById: null, firstAckMs: null },
    ],
    steps: [
      { stepId: 'acknowledge', title: CHECKLIST[0]!.title, targetMs: 5 * MINUTE, doneMs: 4 * MINUTE, doneById: 'anna', onTime: true },
      { stepId: 'inform-legal', title: CHECKLIST[2]!.title, targetMs: 20 * MINUTE, doneMs: null, doneById: null, onTime: null },
    ],
    statement: { approvedMs: 25 * MINUTE, approvedById: 'deniz' },
    comments: { received: 40, claimed: 35, answered: 30, dismissed: 3, open: 7, medianFirstResponseMs: 200 * SECOND, p90FirstResponseMs: 11 * MINUTE, medianAnswerMs: 9 * MINUTE, withinTargetShare: 0.857 },
    updates: 3,
    missed: [
      { kind: 'role_unacknowledged', role: 'legal' },
      { kind: 'step_not_done', stepId: 'inform-legal' },
    ],
    ...over,
  };
}

const long = (n: number, word = 'Shitstorm <b>&amp; “Empörung” **🚨** ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);

function hugeSnapshot(steps: number): CrisisSnapshot {
  const checklist: ChecklistStepSpec[] = Array.from({ length: steps }, (_, i) => ({ id: `step-${i + 1}`, title: { de: long(200), en: long(200) }, targetMs: (i + 1) * 5 * MINUTE }));
  const scenario: Scenario = { ...SCENARIO, title: { de: long(400), en: long(400) }, situation: { de: long(5000), en: long(5000) }, holdingStatement: { de: long(5000), en: long(5000) }, checklist };
  return snapshot({ scenario, summary: long(5000) }, { steps: checklist.map((s) => ({ stepId: s.id, doneById: null, doneAt: null })) });
}

const board = (s: CrisisSnapshot = snapshot()): CrisisMessageView => ({ kind: 'board', snapshot: s, people: PEOPLE, now: NOW });
const render = (v: CrisisMessageView) => renderTeamsCrisisMessage(v, { timeZone: 'Europe/Berlin', channelName: (id) => (id === ROOM ? 'krisenraum-3' : undefined) });
const executes = (card: unknown) => cardActions(card).filter((a) => a.type === 'Action.Execute');

function expectSound(card: ReturnType<typeof render>) {
  expect(adaptiveCardViolations(card)).toEqual([]);
  expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTES_MAX);
  for (const t of cardTexts(card)) expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(t)), t).toBe(false);
}

describe('the board', () => {
  it('headline, drill notice, situation, roster with mentions, checklist and counts', () => {
    const card = render(board());
    expectSound(card);
    const texts = cardTexts(card);
    expect(texts[0]).toBe('🧪 DRILL #3 — Product recall');
    expect(texts).toContain('A video of a faulty kettle is spreading.');
    const roster = texts.find((t) => t.startsWith('**Roster**'))!;
    expect(roster).toContain('✅ <at>Anna Schmidt</at> +3 min');
    expect(roster).toContain('⏳ **Clara ＜Legal＞ ∗∗&∗∗ Co**');
    expect(roster).toContain('⏳ **Ben Meyer**');
    expect(card.msteams.entities?.map((e) => e.mentioned.id).sort()).toEqual([ANNA, DENIZ].sort());
  });

  it('Acknowledge while people are missing; Done beside each open step with { k, s }', () => {
    const actions = executes(render(board()));
    expect(actions[0]).toEqual({ type: 'Action.Execute', verb: TeamsVerb.crisisAck, title: 'Acknowledge', data: { k: CRISIS_ID }, style: 'positive' });
    const steps = actions.filter((a) => a.verb === TeamsVerb.crisisStep);
    expect(steps.map((a) => (a.data as { s: string }).s)).toEqual(['inform-legal', 'approve-holding-statement', 'brief-management']);
    for (const a of steps) expect(a.data).toEqual({ k: CRISIS_ID, s: expect.any(String) });
  });

  it('an ended crisis: no buttons, the end said', () => {
    const card = render(board(ended()));
    expectSound(card);
    expect(executes(card)).toEqual([]);
    expect(cardTexts(card).some((t) => t.includes('Ended'))).toBe(true);
  });

  it('German', () => {
    const card = render(board(snapshot({ locale: 'de' })));
    expectSound(card);
    expect(cardTexts(card)[0]).toBe('🧪 ÜBUNG #3 — Produktrückruf');
    expect(executes(card)[0]!.title).toBe('Bestätigen');
  });

  it('a long checklist turns compact with numbered Done buttons, and stays under the limit', () => {
    const card = render(board(hugeSnapshot(60)));
    expectSound(card);
    const steps = executes(card).filter((a) => a.verb === TeamsVerb.crisisStep);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps[0]!.title).toMatch(/^Done: 1\. /);
    expect(steps[0]!.data).toEqual({ k: CRISIS_ID, s: 'step-1' });
  });

  it('a huge checklist leaves its last steps out and says so', () => {
    const card = render(board(hugeSnapshot(800)));
    expectSound(card);
    expect(cardTexts(card).some((t) => /more steps do not fit into this message/.test(t))).toBe(true);
  });
});

describe('page, statement, update, announcement, report', () => {
  it('a page asks to acknowledge, then says it was', () => {
    const page = (s: CrisisSnapshot, memberId: string): CrisisMessageView => ({ kind: 'page', snapshot: s, memberId, people: PEOPLE, now: NOW });
    const asking = render(page(snapshot(), 'clara'));
    expectSound(asking);
    expect(executes(asking)).toEqual([{ type: 'Action.Execute', verb: TeamsVerb.crisisAck, title: 'Acknowledge', data: { k: CRISIS_ID }, style: 'positive' }]);
    expect(cardTexts(asking)).toContain('Room: #krisenraum-3');
    const done = render(page(snapshot(), 'anna'));
    expect(executes(done)).toEqual([]);
  });

  it('the statement can be approved while the crisis runs; approved, it names who', () => {
    const open = render({ kind: 'statement', snapshot: snapshot(), people: PEOPLE, now: NOW });
    expectSound(open);
    expect(executes(open)).toEqual([{ type: 'Action.Execute', verb: TeamsVerb.crisisApprove, title: 'Approve', data: { k: CRISIS_ID }, style: 'positive' }]);
    const approved = render({ kind: 'statement', snapshot: snapshot({ statementApprovedById: 'deniz', statementApprovedAt: at(25 * MINUTE) }), people: PEOPLE, now: NOW });
    expect(executes(approved)).toEqual([]);
    expect(cardTexts(approved).some((t) => t.includes('<at>Deniz Yilmaz</at>'))).toBe(true);
    expect(approved.msteams.entities).toHaveLength(1);
  });

  it('an update shows what the person wrote as text', () => {
    const card = render({
      kind: 'update',
      snapshot: snapshot({ kind: 'real' }),
      update: { text: '**Alle** <at>Anna Schmidt</at> [hier](https://evil.example)\n- Punkt', byId: 'anna', at: at(30 * MINUTE) },
      audience: 'stakeholders',
      people: PEOPLE,
      now: NOW,
    });
    expectSound(card);
    expect(cardTexts(card)).toContain('∗∗Alle∗∗ ＜at＞Anna Schmidt＜/at＞ ［hier］(https://evil.example)\n\n‐ Punkt');
    // The real mention is the author's, once.
    expect(card.msteams.entities?.map((e) => e.text)).toEqual(['<at>Anna Schmidt</at>']);
  });

  it('an announcement and a report are sound cards', () => {
    expectSound(render({ kind: 'announcement', snapshot: snapshot({ kind: 'real', summary: long(3000) }), people: PEOPLE, now: NOW }));
    const r = render({ kind: 'report', report: report(), locale: 'en', people: PEOPLE, now: NOW });
    expectSound(r);
    expect(cardTexts(r)[0]).toMatch(/^📋 Report · 🧪 DRILL #3 — Product recall/);
  });

  it('a huge report stays under the limit', () => {
    const steps = Array.from({ length: 400 }, (_, i) => ({ stepId: `s${i}`, title: { de: long(300), en: long(300) }, targetMs: MINUTE, doneMs: null, doneById: null, onTime: null }));
    const card = render({ kind: 'report', report: report({ steps, missed: steps.map((s) => ({ kind: 'step_not_done' as const, stepId: s.stepId })) }), locale: 'de', people: PEOPLE, now: NOW });
    expectSound(card);
  });
});

describe('/crisis answers as message text', () => {
  it('status: Markdown with its mentions', () => {
    const answer = teamsCrisisStatusText({ snapshot: snapshot(), timeline: [], people: PEOPLE, now: NOW }, { timeZone: 'Europe/Berlin' });
    expect(answer.text).toContain('<at>Anna Schmidt</at>');
    expect(mentionViolations(answer.mentions, [answer.text])).toEqual([]);
    expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(answer.text))).toBe(false);
  });

  it('reports, report and scenarios stay within the byte budget', () => {
    const many = Array.from({ length: 300 }, (_, i) => report({ number: i + 1, title: { de: long(300), en: long(300) } }));
    for (const answer of [
      teamsCrisisReportListText(many, 'en', PEOPLE),
      teamsCrisisReportText(report(), 'de', PEOPLE),
      teamsCrisisScenarioListText({ scenarios: Array.from({ length: 200 }, (_, i) => ({ ...SCENARIO, id: `s${i}`, title: { de: long(300), en: long(300) } })), declareScenarioId: 's0' }, 'en'),
    ]) {
      expect(Buffer.byteLength(answer.text)).toBeLessThanOrEqual(20_000);
      expect(answer.text.length).toBeGreaterThan(0);
      expect(mentionViolations(answer.mentions, [answer.text])).toEqual([]);
    }
  });
});
