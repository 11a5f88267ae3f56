import { describe, expect, it } from 'vitest';
import { blockKitViolations, textObjects } from '../../support/block-kit.ts';
import { CrisisActionId } from '../../../src/chat/slack/action-ids.ts';
import { type SlackBlock, type SlackMessage, slackDate } from '../../../src/chat/slack/render-card.ts';
import { crisisStatusText, renderCrisisMessage, reportListText, reportText, scenarioListText } from '../../../src/chat/slack/render-crisis.ts';
import type { ChecklistStepSpec, CrisisRecord, CrisisReport, CrisisSnapshot, Scenario } from '../../../src/domain/crisis.ts';
import type { CrisisMessageView, CrisisPeople, CrisisTimelineEntry } from '../../../src/domain/crisis-view.ts';
import type { Locale } from '../../../src/domain/directory.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Drill #3 starts Tuesday 2026-03-10 at 09:00 UTC; every time below is an offset from it. */
const START = new Date('2026-03-10T09:00:00.000Z');
const at = (offsetMs: number): Date => new Date(START.getTime() + offsetMs);
const NOW = at(40 * MINUTE);
const CRISIS_ID = '5b0c6f0e-8d7a-4c1e-9f3b-2a6d8e4c1f00';
const ROOM = 'C0CRISIS03';

const CHECKLIST: ChecklistStepSpec[] = [
  { id: 'acknowledge', title: { de: 'Seite bestätigen', en: 'Acknowledge the page' }, targetMs: 5 * MINUTE, role: 'lead' },
  { id: 'assess-reach', title: { de: 'Reichweite einschätzen', en: 'Assess reach' }, targetMs: 15 * MINUTE, role: 'socialMedia' },
  { id: 'inform-legal', title: { de: 'Rechtsabteilung informieren', en: 'Inform legal' }, targetMs: 20 * MINUTE, role: 'legal' },
  { id: 'approve-holding-statement', title: { de: 'Stellungnahme freigeben', en: 'Approve holding statement' }, targetMs: 30 * MINUTE, role: 'legal', approvesStatement: true },
  { id: 'post-holding-statement', title: { de: 'Stellungnahme posten', en: 'Post holding statement' }, targetMs: 45 * MINUTE, role: 'communications' },
  { id: 'answer-top-comments', title: { de: 'Top-Kommentare beantworten', en: 'Answer top comments' }, targetMs: 60 * MINUTE, role: 'socialMedia' },
  { id: 'brief-management', title: { de: 'Geschäftsführung briefen', en: 'Brief management' }, targetMs: 90 * MINUTE },
];

const SCENARIO: Scenario = {
  id: 'product-recall',
  title: { de: 'Produktrückruf', en: 'Product recall' },
  situation: {
    de: 'Ein Video über einen angeblich defekten Wasserkocher verbreitet sich auf Instagram und TikTok. Erste Medien fragen an.',
    en: 'A video of an allegedly faulty kettle is spreading on Instagram and TikTok. The first journalists are asking.',
  },
  checklist: CHECKLIST,
  holdingStatement: {
    de: 'Wir kennen das Video und prüfen den Fall mit Hochdruck. Sobald wir mehr wissen, melden wir uns hier.',
    en: 'We have seen the video and are looking into it with urgency. We will update you here as soon as we know more.',
  },
  timeLimitMs: 2 * HOUR,
  burst: {
    count: 40,
    durationMs: 30 * MINUTE,
    sources: ['instagram', 'facebook'],
    language: 'de',
    tones: [
      { tone: 'angry', share: 3, phrases: ['Unfassbar!'] },
      { tone: 'worried', share: 2, phrases: ['Ist meiner auch betroffen?'] },
    ],
  },
};

const PEOPLE: CrisisPeople = {
  anna: { name: 'Anna Schmidt', identities: [{ platform: 'slack', userId: 'U0ANNA0001' }] },
  ben: { name: 'Ben Meyer', identities: [{ platform: 'slack', userId: 'U0BEN00001' }] },
  deniz: { name: 'Deniz Yilmaz', identities: [{ platform: 'slack', userId: 'U0DENIZ001' }] },
  // Not on Slack (e.g. only on Teams): named in bold, escaped.
  clara: { name: 'Clara <Legal> & Co' },
  ops: { name: 'Ops Lead', identities: [{ platform: 'slack', userId: 'U0OPS00001' }] },
};

function crisisRecord(over: Partial<CrisisRecord> = {}): CrisisRecord {
  return {
    id: CRISIS_ID,
    number: 3,
    kind: 'drill',
    status: 'active',
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
    timeLimitAt: at(2 * HOUR),
    endedAt: null,
    endedById: null,
    endReason: null,
    roomChannel: ROOM,
    stakeholderChannel: null,
    sources: ['instagram', 'facebook'],
    burstInjected: 24,
    statementApprovedById: null,
    statementApprovedAt: null,
    report: null,
    version: 7,
    ...over,
  };
}

/** Drill #3, 40 minutes in: anna, deniz and ops acknowledged; two steps ticked (one on time, one late). */
function snapshot(crisis: Partial<CrisisRecord> = {}, over: Partial<Omit<CrisisSnapshot, 'crisis'>> = {}): CrisisSnapshot {
  const record = crisisRecord(crisis);
  return {
    crisis: record,
    acks: [
      { memberId: 'deniz', at: at(90 * SECOND) },
      { memberId: 'anna', at: at(3 * MINUTE) },
      { memberId: 'ops', at: at(8 * MINUTE) },
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

/** A realistic report of drill #3. */
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
      { role: 'communications', memberIds: ['deniz'], firstAckById: 'deniz', firstAckMs: 90 * SECOND },
      { role: 'legal', memberIds: ['clara'], firstAckById: null, firstAckMs: null },
      { role: 'socialMedia', memberIds: ['deniz', 'anna'], firstAckById: 'deniz', firstAckMs: 90 * SECOND },
      { role: 'management', memberIds: ['ops'], firstAckById: 'ops', firstAckMs: 8 * MINUTE },
    ],
    steps: [
      { stepId: 'acknowledge', title: CHECKLIST[0]!.title, targetMs: 5 * MINUTE, doneMs: 4 * MINUTE, doneById: 'anna', onTime: true },
      { stepId: 'assess-reach', title: CHECKLIST[1]!.title, targetMs: 15 * MINUTE, doneMs: 17 * MINUTE, doneById: 'deniz', onTime: false },
      { stepId: 'inform-legal', title: CHECKLIST[2]!.title, targetMs: 20 * MINUTE, doneMs: null, doneById: null, onTime: null },
      { stepId: 'approve-holding-statement', title: CHECKLIST[3]!.title, targetMs: 30 * MINUTE, doneMs: 25 * MINUTE, doneById: 'clara', onTime: true },
      { stepId: 'post-holding-statement', title: CHECKLIST[4]!.title, targetMs: 45 * MINUTE, doneMs: 33 * MINUTE, doneById: 'deniz', onTime: true },
      { stepId: 'answer-top-comments', title: CHECKLIST[5]!.title, targetMs: 60 * MINUTE, doneMs: 40 * MINUTE, doneById: 'anna', onTime: true },
      { stepId: 'brief-management', title: CHECKLIST[6]!.title, targetMs: 90 * MINUTE, doneMs: null, doneById: null, onTime: null },
    ],
    statement: { approvedMs: 25 * MINUTE, approvedById: 'clara' },
    comments: {
      received: 40,
      claimed: 35,
      answered: 30,
      dismissed: 3,
      open: 7,
      medianFirstResponseMs: 3 * MINUTE + 20 * SECOND,
      p90FirstResponseMs: 11 * MINUTE,
      medianAnswerMs: 9 * MINUTE,
      withinTargetShare: 0.857,
    },
    updates: 3,
    missed: [
      { kind: 'role_unacknowledged', role: 'legal' },
      { kind: 'step_late', stepId: 'assess-reach', lateMs: 2 * MINUTE },
      { kind: 'step_not_done', stepId: 'inform-legal' },
      { kind: 'step_not_done', stepId: 'brief-management' },
      { kind: 'comments_unanswered', count: 7 },
      { kind: 'comments_late', count: 5 },
    ],
    ...over,
  };
}

// ---- huge inputs ---------------------------------------------------------------------

const long = (n: number, word = 'Shitstorm <b>&amp; “Empörung” 🚨 ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);

function hugeChecklist(n: number): ChecklistStepSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `step-${i + 1}`,
    title: { de: long(200), en: long(200) },
    targetMs: (i + 1) * 5 * MINUTE,
    role: (['lead', 'communications', 'legal', 'socialMedia', 'management'] as const)[i % 5],
  }));
}

function hugeSnapshot(steps: number, doneEvery = 0, crisis: Partial<CrisisRecord> = {}): CrisisSnapshot {
  const checklist = hugeChecklist(steps);
  const scenario: Scenario = {
    ...SCENARIO,
    title: { de: long(400), en: long(400) },
    situation: { de: long(5000), en: long(5000) },
    holdingStatement: { de: long(5000), en: long(5000) },
    checklist,
  };
  return snapshot(
    { scenario, summary: long(5000), ...crisis },
    {
      steps: checklist.map((s, i) =>
        doneEvery && i % doneEvery === 0 ? { stepId: s.id, doneById: 'deniz', doneAt: at((i + 2) * 5 * MINUTE) } : { stepId: s.id, doneById: null, doneAt: null },
      ),
    },
  );
}

function hugeReport(steps: number): CrisisReport {
  const checklist = hugeChecklist(steps);
  return report({
    title: { de: long(400), en: long(400) },
    steps: checklist.map((s, i) => ({ stepId: s.id, title: s.title, targetMs: s.targetMs, doneMs: i % 3 ? null : s.targetMs + MINUTE, doneById: 'anna', onTime: i % 3 ? null : false })),
    missed: checklist.map((s) => ({ kind: 'step_not_done' as const, stepId: s.id })),
  });
}

// ---- helpers over the rendered message -------------------------------------------------

type Obj = Record<string, unknown>;
type Section = SlackBlock & { text: { type: string; text: string }; accessory?: Obj };

const sections = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'section') as Section[];
const sectionTexts = (m: SlackMessage) => sections(m).map((s) => s.text.text);
const contexts = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'context') as (SlackBlock & { elements: { type: string; text: string }[] })[];
const contextTexts = (m: SlackMessage) => contexts(m).flatMap((b) => b.elements.map((e) => e.text));
const actionsBlocks = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'actions') as (SlackBlock & { elements: Obj[] })[];
const headers = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'header') as (SlackBlock & { text: { type: string; text: string } })[];
/** Every button: section accessories and actions elements. */
const allButtons = (m: SlackMessage) => [...sections(m).flatMap((s) => (s.accessory ? [s.accessory] : [])), ...actionsBlocks(m).flatMap((a) => a.elements)];
const buttonLabel = (b: Obj) => (b.text as { text: string }).text;
const buttonValue = (b: Obj) => JSON.parse(b.value as string) as { k: string; s?: string };
const allText = (m: SlackMessage) => textObjects(m.blocks).map((t) => t.text).join('\n');

function expectWithinBlockKitLimits(m: SlackMessage) {
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  for (const h of headers(m)) {
    expect(h.text.type).toBe('plain_text');
    expect(h.text.text.length).toBeLessThanOrEqual(150);
  }
  for (const s of sections(m)) {
    expect(s.text.text.length).toBeLessThanOrEqual(3000);
    expect(s.text.text.length).toBeGreaterThan(0);
  }
  for (const c of contexts(m)) {
    expect(c.elements.length).toBeGreaterThan(0);
    expect(c.elements.length).toBeLessThanOrEqual(10);
    for (const e of c.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
  }
  for (const a of actionsBlocks(m)) {
    expect(a.elements.length).toBeGreaterThan(0);
    expect(a.elements.length).toBeLessThanOrEqual(25);
  }
  for (const b of allButtons(m)) {
    expect(b.type).toBe('button');
    expect(buttonLabel(b).length).toBeLessThanOrEqual(75);
    expect((b.action_id as string).length).toBeLessThanOrEqual(255);
    expect((b.value as string).length).toBeLessThanOrEqual(2000);
    expect(() => buttonValue(b)).not.toThrow();
  }
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(40_000);
  expect(blockKitViolations(m)).toEqual([]);
}

/** The mrkdwn with our own markup removed: mentions, channel links, date tokens and quote markers. */
function withoutOwnMarkup(text: string): string {
  return text
    .replace(/<(@U[A-Z0-9]+|#C[A-Z0-9]+)>/g, '')
    .replace(/<!date\^\d+\^[^|<>]*\|[^<>]*>/g, '')
    .split('\n')
    .map((line) => line.replace(/^> /, ''))
    .join('\n');
}

function expectNoRawControlChars(m: SlackMessage) {
  const texts = [...textObjects(m.blocks).filter((t) => t.type === 'mrkdwn').map((t) => t.text), m.text];
  for (const text of texts) {
    const rest = withoutOwnMarkup(text);
    expect(rest, text.slice(0, 200)).not.toMatch(/[<>]/);
    expect(rest, text.slice(0, 200)).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

const board = (s: CrisisSnapshot, now = NOW): CrisisMessageView => ({ kind: 'board', snapshot: s, people: PEOPLE, now });
const page = (s: CrisisSnapshot, memberId: string): CrisisMessageView => ({ kind: 'page', snapshot: s, memberId, people: PEOPLE, now: NOW });
const statement = (s: CrisisSnapshot): CrisisMessageView => ({ kind: 'statement', snapshot: s, people: PEOPLE, now: NOW });
const update = (s: CrisisSnapshot, text: string, audience: 'room' | 'stakeholders' = 'room'): CrisisMessageView => ({
  kind: 'update',
  snapshot: s,
  update: { text, byId: 'anna', at: at(20 * MINUTE) },
  audience,
  people: PEOPLE,
  now: NOW,
});
const announcement = (s: CrisisSnapshot): CrisisMessageView => ({ kind: 'announcement', snapshot: s, people: PEOPLE, now: NOW });
const reportView = (r: CrisisReport, locale: Locale = 'en'): CrisisMessageView => ({ kind: 'report', report: r, locale, people: PEOPLE, now: NOW });

const REAL: Partial<CrisisRecord> = {
  kind: 'real',
  number: 4,
  summary: 'Influencer <@everyone> claims our kettle exploded; 2,000 shares in an hour & rising.',
  stakeholderChannel: 'C0STAKEHLD',
  sources: null,
  burstInjected: 0,
};

// ---------------------------------------------------------------------------------------

describe('renderCrisisMessage: board', () => {
  it('shows header, DRILL notice, situation, times, roster, checklist and counts, in that order', () => {
    const m = renderCrisisMessage(board(snapshot()));
    expect(m.blocks.map((b) => b.type)).toEqual([
      'header',
      'context',
      'section', // situation
      'context', // started, time limit
      'section', // roster
      'section', // checklist title
      ...CHECKLIST.map(() => 'section'),
      'context', // comments, burst, statement
    ]);
    expect(headers(m)[0]!.text.text).toBe('🧪 DRILL #3 — Product recall');
    expect(contextTexts(m)[0]).toBe('🧪 This is a drill. Nothing here reaches any network; the comments in the inbox are practice comments marked DRILL.');
    expect(sectionTexts(m)[0]).toBe(`*Situation*\n> ${SCENARIO.situation.en}`);
    expect(contextTexts(m)[1]).toBe(`Started ${slackDate(START)} by <@U0ANNA0001> · ends by itself ${slackDate(at(2 * HOUR))}`);
    expect(m.text).toBe('🧪 DRILL #3 — Product recall · 2/7 done · 3/5 acknowledged');
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
  });

  it('lists the roster per role with ✅ and the time since the start, or ⏳, and an Acknowledge button', () => {
    const m = renderCrisisMessage(board(snapshot()));
    const roster = sections(m)[1]!;
    expect(roster.text.text.split('\n')).toEqual([
      '*Roster* · 3/5 acknowledged',
      '*Lead:* ✅ <@U0ANNA0001> +3 min · ⏳ <@U0BEN00001>',
      '*Communications:* ✅ <@U0DENIZ001> +1 min',
      '*Legal:* ⏳ *Clara &lt;Legal&gt; &amp; Co*',
      '*Social media:* ✅ <@U0DENIZ001> +1 min · ✅ <@U0ANNA0001> +3 min',
      '*Management:* ✅ <@U0OPS00001> +8 min',
      '_On the roster? Acknowledge here or in your direct message._',
    ]);
    expect(roster.accessory).toMatchObject({ type: 'button', action_id: CrisisActionId.ack, style: 'primary', text: { text: 'Acknowledge' } });
    expect(buttonValue(roster.accessory!)).toEqual({ k: CRISIS_ID });
  });

  it('drops the roster button once everybody acknowledged', () => {
    const all = snapshot({}, { acks: ['anna', 'ben', 'deniz', 'clara', 'ops'].map((memberId, i) => ({ memberId, at: at((i + 1) * MINUTE) })) });
    const m = renderCrisisMessage(board(all));
    expect(sections(m)[1]!.text.text).toMatch(/^\*Roster\* · 5\/5 acknowledged/);
    expect(sections(m)[1]!.accessory).toBeUndefined();
    expect(allButtons(m).every((b) => b.action_id === CrisisActionId.step)).toBe(true);
  });

  it('shows each step with target, role and who ticked it, on time or late, and Done on open steps', () => {
    const m = renderCrisisMessage(board(snapshot()));
    const steps = sections(m).slice(3, 3 + CHECKLIST.length);
    expect(sections(m)[2]!.text.text).toBe('*Checklist* · 2/7 done');
    expect(steps[0]!.text.text).toBe('✅ *1. Acknowledge the page*\ntarget +5 min · Lead\n✅ <@U0ANNA0001> +4 min (on time)');
    expect(steps[1]!.text.text).toBe('✅ *2. Assess reach*\ntarget +15 min · Social media\n✅ <@U0DENIZ001> +17 min (2 min late)');
    // 40 minutes in: steps 3 and 4 are past their target.
    expect(steps[2]!.text.text).toBe('⬜ *3. Inform legal*\ntarget +20 min · Legal\n⚠️ past its target');
    expect(steps[3]!.text.text).toBe('⬜ *4. Approve holding statement*\ntarget +30 min · Legal · ticked by approving the holding statement\n⚠️ past its target');
    expect(steps[4]!.text.text).toBe('⬜ *5. Post holding statement*\ntarget +45 min · Communications');
    expect(steps[6]!.text.text).toBe('⬜ *7. Brief management*\ntarget +1 h 30 min');
    expect(steps[0]!.accessory).toBeUndefined();
    expect(steps[1]!.accessory).toBeUndefined();
    for (const [i, step] of steps.entries()) {
      if (i < 2) continue;
      expect(step.accessory).toMatchObject({ type: 'button', action_id: 'desk.crisis.step', text: { type: 'plain_text', text: 'Done' } });
      expect(buttonValue(step.accessory!)).toEqual({ k: CRISIS_ID, s: CHECKLIST[i]!.id });
    }
  });

  it('counts comments and the practice burst, and tells where the holding statement stands', () => {
    const m = renderCrisisMessage(board(snapshot()));
    expect(contexts(m).at(-1)!.elements.map((e) => e.text)).toEqual([
      '💬 Comments: 24 received · 6 claimed · 10 answered · 12 open',
      '🧪 Practice comments injected: 24/40',
      '📝 Holding statement: waiting for approval',
    ]);
  });

  it('counts a step as done once approving the statement ticked it', () => {
    const s = snapshot({ statementApprovedAt: at(25 * MINUTE), statementApprovedById: 'clara' });
    const m = renderCrisisMessage(board(s));
    expect(sections(m)[2]!.text.text).toBe('*Checklist* · 3/7 done');
    expect(sections(m)[6]!.text.text).toBe('✅ *4. Approve holding statement*\ntarget +30 min · Legal\n✅ *Clara &lt;Legal&gt; &amp; Co* +25 min (on time)');
    expect(sections(m)[6]!.accessory).toBeUndefined();
    expect(contextTexts(m).at(-1)).toBe(`📝 Holding statement: ✅ Approved by *Clara &lt;Legal&gt; &amp; Co* ${slackDate(at(25 * MINUTE))}`);
  });

  it('renders German', () => {
    const m = renderCrisisMessage(board(snapshot({ locale: 'de' })));
    expect(headers(m)[0]!.text.text).toBe('🧪 ÜBUNG #3 — Produktrückruf');
    expect(contextTexts(m)[0]).toMatch(/^🧪 Das ist eine Übung\. Nichts hier erreicht ein Netzwerk/);
    expect(sectionTexts(m)[0]).toBe(`*Lage*\n> ${SCENARIO.situation.de}`);
    expect(contextTexts(m)[1]).toBe(`Gestartet ${slackDate(START)} von <@U0ANNA0001> · endet von selbst ${slackDate(at(2 * HOUR))}`);
    expect(sectionTexts(m)[1]!.split('\n').slice(0, 6)).toEqual([
      '*Krisenteam* · 3/5 bestätigt',
      '*Leitung:* ✅ <@U0ANNA0001> +3 Min. · ⏳ <@U0BEN00001>',
      '*Kommunikation:* ✅ <@U0DENIZ001> +1 Min.',
      '*Recht:* ⏳ *Clara &lt;Legal&gt; &amp; Co*',
      '*Social Media:* ✅ <@U0DENIZ001> +1 Min. · ✅ <@U0ANNA0001> +3 Min.',
      '*Geschäftsführung:* ✅ <@U0OPS00001> +8 Min.',
    ]);
    expect(sectionTexts(m)[2]).toBe('*Checkliste* · 2/7 erledigt');
    expect(sectionTexts(m)[4]).toBe('✅ *2. Reichweite einschätzen*\nZiel +15 Min. · Social Media\n✅ <@U0DENIZ001> +17 Min. (2 Min. zu spät)');
    expect(sectionTexts(m)[5]).toBe('⬜ *3. Rechtsabteilung informieren*\nZiel +20 Min. · Recht\n⚠️ Ziel überschritten');
    expect(allButtons(m).map(buttonLabel)).toEqual(['Bestätigen', 'Erledigt', 'Erledigt', 'Erledigt', 'Erledigt', 'Erledigt']);
    expect(contextTexts(m).slice(-3)).toEqual([
      '💬 Kommentare: 24 eingegangen · 6 übernommen · 10 beantwortet · 12 offen',
      '🧪 Übungskommentare eingespielt: 24/40',
      '📝 Stellungnahme: wartet auf Freigabe',
    ]);
    expect(m.text).toBe('🧪 ÜBUNG #3 — Produktrückruf · 2/7 erledigt · 3/5 bestätigt');
  });

  it('has no buttons once ended, and says when and why it ended', () => {
    const m = renderCrisisMessage(board(ended(), at(3 * HOUR)));
    expect(allButtons(m)).toEqual([]);
    expect(actionsBlocks(m)).toEqual([]);
    expect(sectionTexts(m)[0]).toBe(`🏁 Ended ${slackDate(at(2 * HOUR))} (time limit reached)`);
    expect(allText(m)).not.toContain('ends by itself');
    expect(allText(m)).not.toContain('On the roster?');
    expect(contextTexts(m).at(-1)).toBe('📝 Holding statement: Not approved before the end.');
    const byCommand = renderCrisisMessage(board(ended({ endedById: 'ben', endReason: 'command', endedAt: at(42 * MINUTE) })));
    expect(sectionTexts(byCommand)[0]).toBe(`🏁 Ended ${slackDate(at(42 * MINUTE))} by <@U0BEN00001> (ended with /crisis end)`);
    expect(allButtons(byCommand)).toEqual([]);
    const german = renderCrisisMessage(board(ended({ locale: 'de' })));
    expect(sectionTexts(german)[0]).toBe(`🏁 Beendet ${slackDate(at(2 * HOUR))} (Zeitlimit erreicht)`);
  });

  it('marks a real crisis 🚨, without drill notice or burst, and shows its summary', () => {
    const m = renderCrisisMessage(board(snapshot(REAL)));
    expect(headers(m)[0]!.text.text).toBe('🚨 CRISIS #4 — Product recall');
    expect(allText(m)).not.toMatch(/DRILL|practice/i);
    expect(sectionTexts(m)[1]).toBe('*Summary*\n> Influencer &lt;@everyone&gt; claims our kettle exploded; 2,000 shares in an hour &amp; rising.');
    expectNoRawControlChars(m);
  });

  it('escapes what people and the configuration wrote', () => {
    const s = snapshot({ scenario: { ...SCENARIO, title: { de: 'x', en: 'Recall <!channel> & co' }, situation: { de: 'x', en: '<!here> *bold* & <https://evil.example|click>' } } });
    const m = renderCrisisMessage(board(s));
    expect(sectionTexts(m)[0]).toBe('*Situation*\n> &lt;!here&gt; *bold* &amp; &lt;https://evil.example|click&gt;');
    // Header blocks are plain_text: shown as written, never parsed.
    expect(headers(m)[0]!.text.text).toBe('🧪 DRILL #3 — Recall <!channel> & co');
    expectNoRawControlChars(m);
  });

  it('names a person without a Slack id in bold, and someone unknown by their id', () => {
    const s = snapshot({ startedById: 'ghost' });
    const m = renderCrisisMessage(board(s));
    expect(contextTexts(m)[1]).toMatch(/^Started .* by \*ghost\* ·/);
  });

  it('keeps 30 steps with 200-character titles and 5,000-character texts within the limits, one section and button per step', () => {
    const s = hugeSnapshot(30);
    for (const locale of ['en', 'de'] as const) {
      const m = renderCrisisMessage(board({ ...s, crisis: { ...s.crisis, locale } }));
      expectWithinBlockKitLimits(m);
      expectNoRawControlChars(m);
      const stepButtons = allButtons(m).filter((b) => b.action_id === CrisisActionId.step);
      expect(stepButtons.map((b) => buttonValue(b).s)).toEqual(s.crisis.scenario.checklist.map((c) => c.id));
      expect(actionsBlocks(m)).toEqual([]);
      expect(sectionTexts(m).some((t) => t.includes('(shortened)') || t.includes('(gekürzt)'))).toBe(true);
    }
  });

  it('turns a checklist that does not fit compact, with a numbered button for every open step', () => {
    const s = hugeSnapshot(60, 2);
    const m = renderCrisisMessage(board(s));
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
    const open = s.crisis.scenario.checklist.filter((_, i) => i % 2 !== 0);
    const stepButtons = allButtons(m).filter((b) => b.action_id === CrisisActionId.step);
    expect(stepButtons.map((b) => buttonValue(b).s)).toEqual(open.map((c) => c.id));
    expect(buttonLabel(stepButtons[0]!)).toMatch(/^Done: 2\. Shitstorm/);
    expect(contextTexts(m)).toContain('Long checklist: open steps are ticked with the numbered buttons below.');
    // Every step is still listed, by number.
    const listed = sectionTexts(m).join('\n');
    for (let n = 1; n <= 60; n++) expect(listed).toMatch(new RegExp(`[⬜✅] \\*${n}\\. `));
  });

  it('keeps a button for every open step even with 400 of them', () => {
    const s = hugeSnapshot(400);
    const m = renderCrisisMessage(board(s));
    expectWithinBlockKitLimits(m);
    const ids = allButtons(m)
      .filter((b) => b.action_id === CrisisActionId.step)
      .map((b) => buttonValue(b).s);
    expect(ids).toEqual(s.crisis.scenario.checklist.map((c) => c.id));
  });

  it('has no buttons on a huge ended board', () => {
    const m = renderCrisisMessage(board(hugeSnapshot(60, 0, { status: 'ended', endedAt: at(HOUR), endReason: 'command', endedById: 'anna' })));
    expectWithinBlockKitLimits(m);
    expect(allButtons(m)).toEqual([]);
  });
});

describe('renderCrisisMessage: page', () => {
  it('pages a member with their roles, the situation, the room and a primary Acknowledge button', () => {
    const m = renderCrisisMessage(page(snapshot(), 'ben'));
    expect(headers(m)[0]!.text.text).toBe('🧪 DRILL #3 — Product recall');
    expect(contextTexts(m)[0]).toMatch(/^🧪 This is a drill/);
    expect(sectionTexts(m)).toEqual([
      `You are on the crisis roster for *Drill #3* as *Lead*.\nStarted ${slackDate(START)} by <@U0ANNA0001>`,
      `*Situation*\n> ${SCENARIO.situation.en}`,
      `Room: <#${ROOM}>`,
      'Please acknowledge, so the lead knows you are on it.',
    ]);
    const [ack] = allButtons(m);
    expect(ack).toMatchObject({ type: 'button', action_id: 'desk.crisis.ack', style: 'primary', text: { text: 'Acknowledge' } });
    expect(buttonValue(ack!)).toEqual({ k: CRISIS_ID });
    expect(m.text).toBe('🧪 DRILL #3 — Product recall: you are paged as Lead. Please acknowledge.');
    expectWithinBlockKitLimits(m);
  });

  it('names every role of a member, in roster order', () => {
    const m = renderCrisisMessage(page(snapshot({}, { acks: [] }), 'anna'));
    expect(sectionTexts(m)[0]).toMatch(/^You are on the crisis roster for \*Drill #3\* as \*Lead and Social media\*\./);
    const de = renderCrisisMessage(page(snapshot({ locale: 'de' }, { acks: [] }), 'deniz'));
    expect(sectionTexts(de)[0]).toMatch(/^Du bist im Krisenteam für \*Übung #3\* eingeteilt als \*Kommunikation und Social Media\*\./);
    expect(allButtons(de).map(buttonLabel)).toEqual(['Bestätigen']);
  });

  it('shows the acknowledgement instead of the button once acknowledged', () => {
    const m = renderCrisisMessage(page(snapshot(), 'anna'));
    expect(allButtons(m)).toEqual([]);
    expect(contextTexts(m).at(-1)).toBe('✅ Acknowledged +3 min');
    expect(m.text).toBe('🧪 DRILL #3 — Product recall: ✅ Acknowledged +3 min');
  });

  it('says the room is being opened while it has no channel yet', () => {
    const m = renderCrisisMessage(page(snapshot({ roomChannel: null }), 'clara'));
    expect(sectionTexts(m)).toContain('The room is being opened; you will be invited.');
  });

  it('has no button once ended and says so', () => {
    const m = renderCrisisMessage(page(ended(), 'clara'));
    expect(allButtons(m)).toEqual([]);
    expect(contextTexts(m).at(-1)).toBe(`🏁 Drill #3 ended ${slackDate(at(2 * HOUR))}. Nothing more to do here.`);
    expect(m.text).toBe('🧪 DRILL #3 — Product recall: Drill #3 has already ended.');
    const de = renderCrisisMessage(page(ended({ locale: 'de' }), 'anna'));
    expect(allButtons(de)).toEqual([]);
    expect(contextTexts(de).slice(-2)).toEqual(['✅ Bestätigt +3 Min.', `🏁 Übung #3 wurde ${slackDate(at(2 * HOUR))} beendet. Hier ist nichts mehr zu tun.`]);
  });

  it('pages a real crisis with its summary, without DRILL', () => {
    const m = renderCrisisMessage(page(snapshot(REAL, { acks: [] }), 'clara'));
    expect(headers(m)[0]!.text.text).toBe('🚨 CRISIS #4 — Product recall');
    expect(allText(m)).not.toMatch(/DRILL/);
    expect(sectionTexts(m)[0]).toMatch(/^You are on the crisis roster for \*Crisis #4\* as \*Legal\*\./);
    expect(sectionTexts(m)[2]).toMatch(/^\*Summary\*\n> Influencer &lt;@everyone&gt;/);
  });

  it('shortens the situation to about 500 characters', () => {
    const m = renderCrisisMessage(page(hugeSnapshot(30), 'ben'));
    const situation = sectionTexts(m).find((t) => t.startsWith('*Situation*'))!;
    expect(situation.length).toBeLessThan(800);
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
  });
});

describe('renderCrisisMessage: holding statement', () => {
  it('quotes the draft, says it is practice, and offers Approve', () => {
    const m = renderCrisisMessage(statement(snapshot()));
    expect(sectionTexts(m)).toEqual(['*📝 Holding statement (draft)* · 🧪 DRILL #3 — Product recall', `> ${SCENARIO.holdingStatement.en}`]);
    expect(contextTexts(m)).toEqual(['🧪 A draft for practice: it is not posted anywhere.', 'Agree on the wording in the room, then approve it.']);
    const [approve] = allButtons(m);
    expect(approve).toMatchObject({ type: 'button', action_id: 'desk.crisis.approve', style: 'primary', text: { text: 'Approve' } });
    expect(buttonValue(approve!)).toEqual({ k: CRISIS_ID });
    expectWithinBlockKitLimits(m);
  });

  it('renders German', () => {
    const m = renderCrisisMessage(statement(snapshot({ locale: 'de' })));
    expect(sectionTexts(m)).toEqual(['*📝 Stellungnahme (Entwurf)* · 🧪 ÜBUNG #3 — Produktrückruf', `> ${SCENARIO.holdingStatement.de}`]);
    expect(contextTexts(m)[0]).toBe('🧪 Ein Entwurf zum Üben: Er wird nirgends veröffentlicht.');
    expect(allButtons(m).map(buttonLabel)).toEqual(['Freigeben']);
  });

  it('says who approved it, without a button', () => {
    const m = renderCrisisMessage(statement(snapshot({ statementApprovedAt: at(25 * MINUTE), statementApprovedById: 'clara' })));
    expect(allButtons(m)).toEqual([]);
    expect(contextTexts(m).at(-1)).toBe(`✅ Approved by *Clara &lt;Legal&gt; &amp; Co* ${slackDate(at(25 * MINUTE))}`);
  });

  it('has no button once ended', () => {
    const m = renderCrisisMessage(statement(ended()));
    expect(allButtons(m)).toEqual([]);
    expect(contextTexts(m).at(-1)).toBe('Not approved before the end.');
  });

  it('has no practice note for a real crisis', () => {
    const m = renderCrisisMessage(statement(snapshot(REAL)));
    expect(sectionTexts(m)[0]).toBe('*📝 Holding statement (draft)* · 🚨 CRISIS #4 — Product recall');
    expect(allText(m)).not.toMatch(/practice|DRILL/);
  });
});

describe('renderCrisisMessage: update', () => {
  it('posts the update escaped, with who and when, marked DRILL', () => {
    const m = renderCrisisMessage(update(snapshot(), 'Statement is live on <Instagram> & Facebook.\nNext check 10:30.'));
    expect(sectionTexts(m)).toEqual(['*📣 Update* · 🧪 DRILL #3', 'Statement is live on &lt;Instagram&gt; &amp; Facebook.\nNext check 10:30.']);
    expect(contextTexts(m)).toEqual([`by <@U0ANNA0001> ${slackDate(at(20 * MINUTE))}`]);
    expect(m.text).toBe('📣 Update on Drill #3: Statement is live on &lt;Instagram&gt; &amp; Facebook. Next check 10:30.');
    expect(allButtons(m)).toEqual([]);
    expectNoRawControlChars(m);
  });

  it('adds the title and the room for stakeholders', () => {
    const m = renderCrisisMessage(update(snapshot(REAL), 'Legal is on it.', 'stakeholders'));
    expect(sectionTexts(m)[0]).toBe('*📣 Update* · 🚨 CRISIS #4 — *Product recall*');
    expect(contextTexts(m)).toEqual([`by <@U0ANNA0001> ${slackDate(at(20 * MINUTE))}`, `Room: <#${ROOM}>`]);
    expect(m.text).toBe('📣 Update on Crisis #4 (Product recall): Legal is on it.');
    const de = renderCrisisMessage(update(snapshot({ ...REAL, locale: 'de' }), 'Recht ist dran.', 'stakeholders'));
    expect(sectionTexts(de)[0]).toBe('*📣 Update* · 🚨 KRISE #4 — *Produktrückruf*');
    expect(contextTexts(de)).toEqual([`von <@U0ANNA0001> ${slackDate(at(20 * MINUTE))}`, `Raum: <#${ROOM}>`]);
  });

  it('shortens a 5,000-character update', () => {
    const m = renderCrisisMessage(update(hugeSnapshot(30), long(5000), 'stakeholders'));
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
    expect(sectionTexts(m)[1]!.endsWith(' … (shortened)')).toBe(true);
    expect(m.text.length).toBeLessThan(1000);
  });
});

describe('renderCrisisMessage: announcement', () => {
  it('announces a real crisis: who declared it, the summary, the room and the crisis lead', () => {
    const m = renderCrisisMessage(announcement(snapshot(REAL)));
    expect(headers(m)[0]!.text.text).toBe('🚨 CRISIS #4 — Product recall');
    expect(sectionTexts(m)).toEqual([
      `<@U0ANNA0001> declared a crisis ${slackDate(START)}.\n> Influencer &lt;@everyone&gt; claims our kettle exploded; 2,000 shares in an hour &amp; rising.`,
      `Room: <#${ROOM}>\nCrisis lead: <@U0ANNA0001> and <@U0BEN00001>`,
    ]);
    expect(contextTexts(m)).toEqual(['Status updates follow here.']);
    expect(allButtons(m)).toEqual([]);
    expect(m.text).toBe('🚨 CRISIS #4 — Product recall: Influencer &lt;@everyone&gt; claims our kettle exploded; 2,000 shares in an hour &amp; rising.');
    expectNoRawControlChars(m);
  });

  it('renders German, with the room still being opened', () => {
    const m = renderCrisisMessage(announcement(snapshot({ ...REAL, locale: 'de', roomChannel: null })));
    expect(headers(m)[0]!.text.text).toBe('🚨 KRISE #4 — Produktrückruf');
    expect(sectionTexts(m)[0]).toMatch(/^<@U0ANNA0001> hat <!date\^\d+\^[^>]+> eine Krise ausgerufen\./);
    expect(sectionTexts(m)[1]).toBe('Der Raum wird gerade eröffnet; du wirst eingeladen.\nKrisenleitung: <@U0ANNA0001> und <@U0BEN00001>');
  });
});

describe('renderCrisisMessage: report', () => {
  it('reports times, roles, steps, statement, comments, updates and what was missed', () => {
    const m = renderCrisisMessage(reportView(report()));
    expect(headers(m)[0]!.text.text).toBe('📋 Report · 🧪 DRILL #3 — Product recall');
    expect(contextTexts(m)[0]).toBe('🧪 Drill report: the comments were practice comments.');
    const texts = sectionTexts(m);
    expect(texts[0]!.split('\n')).toEqual([
      `*Started:* ${slackDate(START)}`,
      `*Ended:* ${slackDate(at(42 * MINUTE))} (ended with /crisis end)`,
      '*Duration:* 42 min',
      '*First acknowledgement:* +1 min',
    ]);
    expect(texts[1]!.split('\n')).toEqual([
      '*Acknowledgements per role*',
      '*Lead:* ✅ <@U0ANNA0001> +3 min',
      '*Communications:* ✅ <@U0DENIZ001> +1 min',
      '*Legal:* ❌ no acknowledgement',
      '*Social media:* ✅ <@U0DENIZ001> +1 min',
      '*Management:* ✅ <@U0OPS00001> +8 min',
    ]);
    expect(texts[2]!.split('\n')).toEqual([
      '*Checklist*',
      '✅ *1. Acknowledge the page* — +4 min by <@U0ANNA0001> (target +5 min, on time)',
      '⚠️ *2. Assess reach* — +17 min by <@U0DENIZ001> (target +15 min, late by 2 min)',
      '❌ *3. Inform legal* — not done (target +20 min)',
      '✅ *4. Approve holding statement* — +25 min by *Clara &lt;Legal&gt; &amp; Co* (target +30 min, on time)',
      '✅ *5. Post holding statement* — +33 min by <@U0DENIZ001> (target +45 min, on time)',
      '✅ *6. Answer top comments* — +40 min by <@U0ANNA0001> (target +1 h, on time)',
      '❌ *7. Brief management* — not done (target +1 h 30 min)',
    ]);
    expect(texts[3]).toBe('📝 *Holding statement:* approved +25 min by *Clara &lt;Legal&gt; &amp; Co*');
    expect(texts[4]!.split('\n')).toEqual([
      '*Comments*',
      '40 received · 35 claimed · 30 answered · 7 open',
      'First response: median 3 min, 90 % within 11 min · answered: median 9 min · 86 % of first responses within target',
    ]);
    expect(contextTexts(m)).toContain('📣 3 status updates posted');
    expect(texts[5]!.split('\n')).toEqual([
      '*What was missed*',
      '• Nobody acknowledged as Legal',
      '• Late by 2 min: Assess reach',
      '• Not done: Inform legal',
      '• Not done: Brief management',
      '• 7 comments were still open at the end',
      '• 5 comments got their first response after the target',
    ]);
    expect(allButtons(m)).toEqual([]);
    expect(m.text).toBe('📋 Report · 🧪 DRILL #3 — Product recall · 42 min · What was missed: 6');
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
  });

  it('renders German', () => {
    const m = renderCrisisMessage(reportView(report(), 'de'));
    expect(headers(m)[0]!.text.text).toBe('📋 Auswertung · 🧪 ÜBUNG #3 — Produktrückruf');
    const all = sectionTexts(m).join('\n');
    expect(all).toContain('*Beendet:* ');
    expect(all).toContain('(beendet mit /crisis end)');
    expect(all).toContain('*Dauer:* 42 Min.');
    expect(all).toContain('*Recht:* ❌ keine Bestätigung');
    expect(all).toContain('⚠️ *2. Reichweite einschätzen* — +17 Min. von <@U0DENIZ001> (Ziel +15 Min., 2 Min. zu spät)');
    expect(all).toContain('❌ *3. Rechtsabteilung informieren* — nicht erledigt (Ziel +20 Min.)');
    expect(all).toContain('86 % der Erstreaktionen im Ziel');
    expect(all).toContain('• Niemand hat als Recht bestätigt');
    expect(all).toContain('• 2 Min. zu spät: Reichweite einschätzen');
  });

  it('celebrates when nothing was missed and shows dashes without data', () => {
    const r = report({
      kind: 'real',
      number: 4,
      firstAckMs: null,
      missed: [],
      comments: { received: 0, claimed: 0, answered: 0, dismissed: 0, open: 0, medianFirstResponseMs: null, p90FirstResponseMs: null, medianAnswerMs: null, withinTargetShare: null },
      statement: { approvedMs: null, approvedById: null },
    });
    const m = renderCrisisMessage(reportView(r));
    expect(headers(m)[0]!.text.text).toBe('📋 Report · 🚨 CRISIS #4 — Product recall');
    expect(allText(m)).not.toMatch(/DRILL|practice/);
    expect(sectionTexts(m).at(-1)).toBe('*What was missed*\nNothing missed 🎉');
    expect(sectionTexts(m).join('\n')).toContain('*First acknowledgement:* nobody acknowledged');
    expect(sectionTexts(m).join('\n')).toContain('📝 *Holding statement:* not approved');
    expect(sectionTexts(m).join('\n')).toContain('First response: median —, 90 % within — · answered: median — · — of first responses within target');
  });

  it.each([30, 500])('keeps a report with %i long steps within the limits', (n) => {
    for (const locale of ['en', 'de'] as const) {
      const m = renderCrisisMessage(reportView(hugeReport(n), locale));
      expectWithinBlockKitLimits(m);
      expectNoRawControlChars(m);
      expect(sectionTexts(m).some((t) => t.startsWith(locale === 'en' ? '*What was missed*' : '*Was gefehlt hat*'))).toBe(true);
    }
  });
});

describe('every message kind with huge inputs', () => {
  const huge = hugeSnapshot(30, 3);
  const hugeReal = hugeSnapshot(30, 3, REAL);
  const views: [string, CrisisMessageView][] = [
    ['board', board(huge)],
    ['board (real)', board(hugeReal)],
    ['page', page(huge, 'ben')],
    ['statement', statement(huge)],
    ['update (room)', update(huge, long(5000))],
    ['update (stakeholders)', update(hugeReal, long(5000), 'stakeholders')],
    ['announcement', announcement(hugeReal)],
    ['report', reportView(hugeReport(30))],
  ];
  it.each(views)('%s stays within Block Kit limits in both languages', (_name, view) => {
    for (const locale of ['en', 'de'] as const) {
      const localizedView: CrisisMessageView =
        view.kind === 'report' ? { ...view, locale } : { ...view, snapshot: { ...view.snapshot, crisis: { ...view.snapshot.crisis, locale } } };
      const m = renderCrisisMessage(localizedView);
      expectWithinBlockKitLimits(m);
      expectNoRawControlChars(m);
      // The notification text stays short: a title and a state, not the whole message.
      expect(m.text.length).toBeLessThan(800);
      if (view.kind !== 'report' && view.snapshot.crisis.kind === 'drill') expect(allText(m)).toMatch(locale === 'en' ? /DRILL/ : /ÜBUNG/);
    }
  });
});

describe('names and texts people wrote', () => {
  // Clara is not on Slack, so the board names her in bold: her name must not format or reorder the board.
  const hostilePeople: CrisisPeople = { ...PEOPLE, clara: { name: `*Cla_ra*\u202e\u0007\n${'C'.repeat(5000)}` } };
  const texts = `Shares \u0007rising\u001b[2J \u202eevil\u202c ${'🚨'.repeat(3000)}`;
  const hostile = snapshot({ ...REAL, summary: texts, statementApprovedAt: at(25 * MINUTE), statementApprovedById: 'clara' });
  // [name, view, shows Clara, shows the texts]
  const views: [string, CrisisMessageView, boolean, boolean][] = [
    ['board', { ...board(hostile), people: hostilePeople }, true, true],
    ['page', { ...page(hostile, 'clara'), people: hostilePeople }, false, true],
    ['statement', { ...statement(hostile), people: hostilePeople }, true, false],
    ['update', { kind: 'update', snapshot: hostile, update: { text: texts, byId: 'clara', at: at(20 * MINUTE) }, audience: 'stakeholders', people: hostilePeople, now: NOW }, true, true],
    ['announcement', { ...announcement(hostile), people: hostilePeople }, false, true],
    ['report', { ...reportView(report()), people: hostilePeople }, true, false],
  ];

  it.each(views)('%s: a hostile name is one inert line of at most 80 characters, controls in texts are visible', (_name, view, showsClara, showsTexts) => {
    const m = renderCrisisMessage(view);
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
    const all = [...textObjects(m.blocks).map((t) => t.text), m.text].join('\n');
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(all.includes(`*∗Cla_ra∗ ${'C'.repeat(70)}…*`)).toBe(showsClara);
    expect(all.includes('Shares ␇rising␛[2J �evil�')).toBe(showsTexts);
  });
});

describe('reportText', () => {
  it('gives the whole report as mrkdwn', () => {
    const text = reportText(report(), 'en', PEOPLE);
    const lines = text.split('\n');
    expect(lines[0]).toBe('*📋 Report · 🧪 DRILL #3 — Product recall*');
    expect(lines[1]).toBe('🧪 Drill report: the comments were practice comments.');
    expect(lines).toContain('*Duration:* 42 min');
    expect(lines).toContain('*Legal:* ❌ no acknowledgement');
    expect(lines).toContain('⚠️ *2. Assess reach* — +17 min by <@U0DENIZ001> (target +15 min, late by 2 min)');
    expect(lines).toContain('📝 *Holding statement:* approved +25 min by *Clara &lt;Legal&gt; &amp; Co*');
    expect(lines).toContain('📣 3 status updates posted');
    expect(lines.slice(-7)).toEqual([
      '*What was missed*',
      '• Nobody acknowledged as Legal',
      '• Late by 2 min: Assess reach',
      '• Not done: Inform legal',
      '• Not done: Brief management',
      '• 7 comments were still open at the end',
      '• 5 comments got their first response after the target',
    ]);
  });

  it('renders German', () => {
    const text = reportText(report(), 'de', PEOPLE);
    expect(text.split('\n')[0]).toBe('*📋 Auswertung · 🧪 ÜBUNG #3 — Produktrückruf*');
    expect(text).toContain('*Was gefehlt hat*');
  });

  it('stays under 3,900 characters with 500 long steps, saying how many it left out', () => {
    for (const locale of ['en', 'de'] as const) {
      const text = reportText(hugeReport(500), locale, PEOPLE);
      expect(text.length).toBeLessThanOrEqual(3900);
      expect(text).toMatch(locale === 'en' ? /… and \d+ more/ : /… und \d+ weitere/);
      expect(text).toContain(locale === 'en' ? '*What was missed*' : '*Was gefehlt hat*');
      expect(text).toContain(locale === 'en' ? '*Comments*' : '*Kommentare*');
    }
  });
});

describe('reportListText', () => {
  const older = report({ number: 2, crisisId: 'older', startedAt: at(-7 * 24 * HOUR).toISOString(), title: { de: 'Datenleck', en: 'Data leak' }, kind: 'real' });

  it('lists one line per report in the order given', () => {
    const text = reportListText([report(), older], 'en', PEOPLE);
    expect(text.split('\n')).toEqual([
      '*Reports* (newest first)',
      `• *🧪 Drill #3* — Product recall · ${slackDate(START)} · 42 min · first acknowledgement +1 min (<@U0DENIZ001>) · steps on time 4/7 · comments answered 30/40`,
      `• *🚨 Crisis #2* — Data leak · ${slackDate(at(-7 * 24 * HOUR))} · 42 min · first acknowledgement +1 min (<@U0DENIZ001>) · steps on time 4/7 · comments answered 30/40`,
      '`/crisis report &lt;number&gt;` shows one.',
    ]);
  });

  it('renders German, and a report nobody acknowledged', () => {
    const text = reportListText([report({ firstAckMs: null, roles: [] })], 'de', PEOPLE);
    expect(text.split('\n')[1]).toBe(
      `• *🧪 Übung #3* — Produktrückruf · ${slackDate(START)} · 42 Min. · erste Bestätigung — · Schritte rechtzeitig 4/7 · Kommentare beantwortet 30/40`,
    );
  });

  it('says how to start when there are none', () => {
    expect(reportListText([], 'en', PEOPLE)).toMatch(/^No reports yet\..*`\/crisis drill`/);
    expect(reportListText([], 'de', PEOPLE)).toMatch(/^Noch keine Auswertungen\./);
  });

  it('stays under 3,900 characters with many long titles', () => {
    const many = Array.from({ length: 60 }, (_, i) => report({ number: 60 - i, title: { de: long(400), en: long(400) } }));
    const text = reportListText(many, 'en', PEOPLE);
    expect(text.length).toBeLessThanOrEqual(3900);
    expect(text).toMatch(/… and \d+ more/);
    expect(text.endsWith('`/crisis report &lt;number&gt;` shows one.')).toBe(true);
    expect(withoutOwnMarkup(text)).not.toMatch(/[<>]/);
  });
});

describe('scenarioListText', () => {
  const dataLeak: Scenario = { ...SCENARIO, id: 'data-leak', title: { de: 'Datenleck', en: 'Data leak' }, checklist: CHECKLIST.slice(0, 1), burst: null, timeLimitMs: 4 * HOUR };

  it('lists each scenario and marks the one declare uses', () => {
    const text = scenarioListText({ scenarios: [SCENARIO, dataLeak], declareScenarioId: 'data-leak' }, 'en');
    expect(text.split('\n')).toEqual([
      '*Scenarios*',
      '• `product-recall` — *Product recall* · 7 steps · time limit 2 h · 40 practice comments over 30 min',
      `      ${SCENARIO.situation.en}`,
      '• `data-leak` — *Data leak* · one step · time limit 4 h · no practice comments · _used by `/crisis declare`_',
      `      ${SCENARIO.situation.en}`,
      'Start one with `/crisis drill &lt;scenario&gt;`.',
    ]);
  });

  it('renders German', () => {
    const text = scenarioListText({ scenarios: [SCENARIO, dataLeak], declareScenarioId: 'data-leak' }, 'de');
    expect(text).toContain('• `product-recall` — *Produktrückruf* · 7 Schritte · Zeitlimit 2 Std. · 40 Übungskommentare in 30 Min.');
    expect(text).toContain('· keine Übungskommentare · _gilt für `/crisis declare`_');
    expect(text).toContain('Starte eines mit `/crisis drill &lt;szenario&gt;`.');
  });

  it('says what to do when none are configured', () => {
    expect(scenarioListText({ scenarios: [], declareScenarioId: 'x' }, 'en')).toContain('crisis.scenarios');
  });
});

describe('crisisStatusText', () => {
  const timeline: CrisisTimelineEntry[] = [
    { at: START, type: 'drill_started', actorId: 'anna', detail: { scenarioId: SCENARIO.id, summary: null } },
    { at: at(90 * SECOND), type: 'acknowledged', actorId: 'deniz', detail: {} },
    { at: at(5 * MINUTE), type: 'burst', actorId: null, detail: { from: 0, to: 7 } },
    { at: at(17 * MINUTE), type: 'step_done', actorId: 'deniz', detail: { stepId: 'assess-reach' } },
    { at: at(18 * MINUTE), type: 'claimed', actorId: 'anna', detail: { excerpt: 'Unfassbar! <script>' } },
    { at: at(20 * MINUTE), type: 'update', actorId: 'anna', detail: { text: 'Statement in review' } },
    { at: at(21 * MINUTE), type: 'snoozed', actorId: 'ben', detail: {} },
  ];

  it('sums up roster, checklist, statement, comments and the latest events', () => {
    const text = crisisStatusText({ snapshot: snapshot(), timeline, people: PEOPLE, now: NOW });
    expect(text.split('\n')).toEqual([
      '*🧪 DRILL #3 — Product recall*',
      '🧪 This is a drill. Nothing here reaches any network; the comments in the inbox are practice comments marked DRILL.',
      `Started ${slackDate(START)} by <@U0ANNA0001> · ends by itself ${slackDate(at(2 * HOUR))}`,
      `Room: <#${ROOM}>`,
      '*Roster:* 3/5 acknowledged — waiting for <@U0BEN00001> (Lead) and *Clara &lt;Legal&gt; &amp; Co* (Legal)',
      '*Checklist:* 2/7 done — Open steps:',
      '⬜ 3. Inform legal (target +20 min) ⚠️ past its target',
      '⬜ 4. Approve holding statement (target +30 min) ⚠️ past its target',
      '⬜ 5. Post holding statement (target +45 min)',
      '⬜ 6. Answer top comments (target +1 h)',
      '⬜ 7. Brief management (target +1 h 30 min)',
      '📝 Holding statement: waiting for approval',
      '💬 Comments: 24 received · 6 claimed · 10 answered · 12 open · 🧪 Practice comments injected: 24/40',
      '',
      '*Latest*',
      `• ${slackDate(START, '{time}')} <@U0ANNA0001> started the drill`,
      `• ${slackDate(at(90 * SECOND), '{time}')} <@U0DENIZ001> acknowledged`,
      `• ${slackDate(at(5 * MINUTE), '{time}')} Practice comments injected +7 (7/40)`,
      `• ${slackDate(at(17 * MINUTE), '{time}')} <@U0DENIZ001> ticked *2. Assess reach*`,
      `• ${slackDate(at(18 * MINUTE), '{time}')} <@U0ANNA0001> claimed a comment “Unfassbar! &lt;script&gt;”`,
      `• ${slackDate(at(20 * MINUTE), '{time}')} <@U0ANNA0001> posted an update “Statement in review”`,
      `• ${slackDate(at(21 * MINUTE), '{time}')} <@U0BEN00001>: snoozed`,
    ]);
  });

  it('renders German, and an ended crisis', () => {
    const text = crisisStatusText({
      snapshot: ended({ locale: 'de' }),
      timeline: [{ at: at(2 * HOUR), type: 'ended', actorId: null, detail: { reason: 'time_limit' } }],
      people: PEOPLE,
      now: at(3 * HOUR),
    });
    expect(text).toContain(`🏁 Beendet ${slackDate(at(2 * HOUR))} (Zeitlimit erreicht)`);
    expect(text).toContain('*Krisenteam:* 3/5 bestätigt — es fehlen <@U0BEN00001> (Leitung) und *Clara &lt;Legal&gt; &amp; Co* (Recht)');
    expect(text).toContain('📝 Stellungnahme: Vor dem Ende nicht freigegeben.');
    expect(text).toContain('Community Desk hat beendet (Zeitlimit erreicht)');
    expect(text).not.toContain('endet von selbst');
  });

  it('stays under 3,900 characters with 400 long steps and a long timeline, keeping the newest events', () => {
    const many: CrisisTimelineEntry[] = Array.from({ length: 200 }, (_, i) => ({ at: at(i * SECOND), type: 'update', actorId: 'anna', detail: { text: `${i}: ${long(300)}` } }));
    const text = crisisStatusText({ snapshot: hugeSnapshot(400), timeline: many, people: PEOPLE, now: NOW });
    expect(text.length).toBeLessThanOrEqual(3900);
    expect(text).toContain('“199: ');
    expect(text).toContain('💬 Comments:');
    expect(withoutOwnMarkup(text)).not.toMatch(/[<>]/);
  });
});
