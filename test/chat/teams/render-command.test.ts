import { describe, expect, it } from 'vitest';
import { MSTEAMS } from '../../../src/chat/teams/markdown.ts';
import { COMMAND_TEXT_BYTES_MAX, renderTeamsCommandAnswer } from '../../../src/chat/teams/render-command.ts';
import { TeamsVerb } from '../../../src/chat/teams/verbs.ts';
import type { CrisisRecord, CrisisReport, CrisisSnapshot, Scenario } from '../../../src/domain/crisis.ts';
import type { CrisisPeople } from '../../../src/domain/crisis-view.ts';
import { type DigestView, type WeeklyFigures, evaluateGoals } from '../../../src/domain/kpi.ts';
import { code, mention, rich, untrusted } from '../../../src/domain/rich-text.ts';
import { MARKUP_CHARACTERS, adaptiveCardViolations, cardActions, mentionViolations, withoutOwnMarkup } from '../../support/adaptive-card.ts';

const ANNA = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const members = (id: string) => (id === 'anna' ? { identities: [{ platform: MSTEAMS, userId: ANNA }] } : undefined);
const START = new Date('2026-03-10T09:00:00.000Z');
const PEOPLE: CrisisPeople = { anna: { name: 'Anna Schmidt', identities: [{ platform: MSTEAMS, userId: ANNA }] }, ben: { name: 'Ben <b>' } };

const SCENARIO: Scenario = {
  id: 'recall',
  title: { de: 'Rückruf', en: 'Recall' },
  situation: { de: 'Ein Foto geht viral.', en: 'A photo goes viral.' },
  checklist: [{ id: 'ack', title: { de: 'Bestätigen', en: 'Acknowledge' }, targetMs: 300_000, role: 'lead' }],
  holdingStatement: { de: 'Wir prüfen.', en: 'We are looking into it.' },
  timeLimitMs: 3_600_000,
  burst: { count: 0, durationMs: 0, sources: [], language: 'de', tones: [] },
};

function snapshot(): CrisisSnapshot {
  const crisis: CrisisRecord = {
    id: 'k1',
    number: 2,
    kind: 'drill',
    status: 'active',
    platform: MSTEAMS,
    scenario: SCENARIO,
    roster: [{ role: 'lead', memberIds: ['anna', 'ben'] }],
    summary: null,
    locale: 'en',
    startedById: 'anna',
    startedAt: START,
    timeLimitAt: new Date(START.getTime() + 3_600_000),
    endedAt: null,
    endedById: null,
    endReason: null,
    roomChannel: null,
    stakeholderChannel: null,
    sources: [],
    burstInjected: 0,
    statementApprovedById: null,
    statementApprovedAt: null,
    report: null,
    version: 1,
  };
  return { crisis, acks: [{ memberId: 'anna', at: START }], steps: [], comments: { received: 0, claimed: 0, answered: 0, dismissed: 0, open: 0 } };
}

const REPORT: CrisisReport = {
  crisisId: 'k1',
  number: 2,
  kind: 'drill',
  scenarioId: 'recall',
  title: SCENARIO.title,
  startedAt: START.toISOString(),
  endedAt: new Date(START.getTime() + 600_000).toISOString(),
  durationMs: 600_000,
  endReason: 'command',
  firstAckMs: 0,
  roles: [{ role: 'lead', memberIds: ['anna'], firstAckById: 'anna', firstAckMs: 0 }],
  steps: [],
  statement: { approvedMs: null, approvedById: null },
  comments: { received: 0, claimed: 0, answered: 0, dismissed: 0, open: 0, medianFirstResponseMs: null, p90FirstResponseMs: null, medianAnswerMs: null, withinTargetShare: null },
  updates: 0,
  missed: [],
};

function digest(): DigestView {
  const week = { label: '2026-W47', start: new Date('2026-11-15T23:00:00Z'), end: new Date('2026-11-22T23:00:00Z'), timeZone: 'Europe/Berlin' };
  const figures: WeeklyFigures = {
    teamId: 'support',
    week,
    received: 10,
    answered: 8,
    dismissed: 0,
    routed: 0,
    firstResponseMedianMs: null,
    firstResponseP90Ms: null,
    firstResponseMedianClockMs: null,
    firstResponseP90ClockMs: null,
    withinTargetShare: null,
    responseRate: 0.8,
    backlogStart: 0,
    backlogEnd: 2,
    overdueNow: 0,
    escalations: { reminders: 0, channel: 0, lead: 0 },
    bySource: [],
    byPerson: [],
    byDepartment: [],
    byDay: [],
    drills: [],
  };
  return { teamId: 'support', teamName: 'Support', locale: 'en', figures, previous: null, goals: evaluateGoals([], figures, null), narrative: { text: '', source: 'template' }, names: {} };
}

describe('renderTeamsCommandAnswer', () => {
  it('text: a Markdown message with its mentions, in the asker’s zone', () => {
    const message = renderTeamsCommandAnswer({ kind: 'text', text: rich`${mention('anna', 'Anna Schmidt')} holds it. Try ${code('/desk help')}.` }, { members });
    expect(message).toEqual({
      type: 'message',
      textFormat: 'markdown',
      text: '<at>Anna Schmidt</at> holds it. Try `/desk help`.',
      entities: [{ type: 'mention', text: '<at>Anna Schmidt</at>', mentioned: { id: ANNA, name: 'Anna Schmidt' } }],
    });
  });

  it('text: long answers are cut to the byte budget', () => {
    const message = renderTeamsCommandAnswer({ kind: 'text', text: [untrusted('😀<'.repeat(20_000))] });
    expect(Buffer.byteLength(message.text!)).toBeLessThanOrEqual(COMMAND_TEXT_BYTES_MAX);
  });

  it('desk.status: the lines in the answer’s language, dates in the asker’s zone', () => {
    const message = renderTeamsCommandAnswer(
      { kind: 'desk.status', locale: 'de', rows: [{ teamName: 'Support_<b>', open: 3, claimed: 1, overdue: 2, oldestReceivedAt: new Date('2026-03-10T09:00:00Z') }] },
      { timeZone: 'Europe/Berlin' },
    );
    expect(message.text).toBe('**Offene Arbeit je Team**\n\n• **Support＿＜b＞**: 3 offen, 1 übernommen, ⚠️ 2 überfällig — ältester offener seit 10. März 2026, 10:00 MEZ');
  });

  it('desk.jobs', () => {
    const message = renderTeamsCommandAnswer({ kind: 'desk.jobs', locale: 'en', jobs: [{ name: 'sla-sweep', schedule: '* * * * *', timeZone: 'UTC', lastFinishedAt: null, lastError: null }] });
    expect(message.text).toBe('**Scheduled jobs**\n\n• `sla-sweep` — `∗ ∗ ∗ ∗ ∗` (UTC), not run yet');
  });

  it('crisis answers: text with mentions, names inert', () => {
    for (const answer of [
      { kind: 'crisis.status' as const, view: { snapshot: snapshot(), timeline: [], people: PEOPLE, now: START } },
      { kind: 'crisis.scenarios' as const, locale: 'en' as const, view: { scenarios: [SCENARIO], declareScenarioId: 'recall' } },
      { kind: 'crisis.reports' as const, locale: 'en' as const, reports: [REPORT], people: PEOPLE },
      { kind: 'crisis.report' as const, locale: 'de' as const, report: REPORT, people: PEOPLE },
    ]) {
      const message = renderTeamsCommandAnswer(answer);
      expect(message.type).toBe('message');
      expect(message.text!.length, answer.kind).toBeGreaterThan(0);
      expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(message.text!)), message.text).toBe(false);
      if (message.entities) expect(mentionViolations(message.entities, [message.text!])).toEqual([]);
    }
    expect(renderTeamsCommandAnswer({ kind: 'crisis.status', view: { snapshot: snapshot(), timeline: [], people: PEOPLE, now: START } }).entities?.[0]?.mentioned.id).toBe(ANNA);
  });

  it('kpi.digest: the digest card with Post to channel, its summary the preview', () => {
    const message = renderTeamsCommandAnswer({ kind: 'kpi.digest', digest: digest(), post: { teamId: 'support', week: '2026-W47' } });
    expect(message.attachments).toHaveLength(1);
    const card = message.attachments![0]!.content;
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(cardActions(card)).toEqual([{ type: 'Action.Execute', verb: TeamsVerb.kpiPost, title: 'Post to channel', data: { t: 'support', w: '2026-W47' }, style: 'positive' }]);
    expect(message.summary).toBe('📊 KPI digest for Support, 2026-W47: 10 received, 8 answered');
    expect(cardActions(renderTeamsCommandAnswer({ kind: 'kpi.digest', digest: digest(), post: null }).attachments![0]!.content)).toEqual([]);
  });
});
