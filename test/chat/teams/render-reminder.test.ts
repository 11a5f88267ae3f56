import { describe, expect, it } from 'vitest';
import { CARD_BYTES_MAX, cardBytes } from '../../../src/chat/teams/adaptive-card.ts';
import { MSTEAMS } from '../../../src/chat/teams/markdown.ts';
import { type CardLinks, renderTeamsReminder, renderTeamsSummary } from '../../../src/chat/teams/render-reminder.ts';
import { SNOOZE_TASK, TeamsVerb } from '../../../src/chat/teams/verbs.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../../src/domain/directory.ts';
import type { ReminderAudience } from '../../../src/domain/escalation-ladder.ts';
import { type ReminderView, type SummaryView, buildReminderView, buildSummaryView } from '../../../src/domain/reminder-view.ts';
import { DEFAULT_LADDER, type ServiceLevel, defaultTargets } from '../../../src/domain/service-level.ts';
import { WorkingCalendar } from '../../../src/domain/working-calendar.ts';
import { MARKUP_CHARACTERS, adaptiveCardViolations, cardActions, cardTexts, elementsOfType, withoutOwnMarkup } from '../../support/adaptive-card.ts';
import { commentRecord as baseComment } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const RECEIVED = new Date('2026-03-02T09:00:00Z');
/** First response due 4 h after arrival (teams here work around the clock). */
const DUE = new Date('2026-03-02T13:00:00Z');
const NOW = new Date('2026-03-02T12:00:00Z');
const CARD_URL = 'https://teams.microsoft.com/l/message/19%3Asupport%40thread.tacv2/1767765488332';
const DENIZ_ENTRA = 'c5e99701-2a32-49c1-a660-4629ceeb8c61';

function level(mention: string): ServiceLevel {
  const calendar = WorkingCalendar.alwaysOpen('UTC');
  return { calendar, targets: defaultTargets(calendar.workingDayMs()), ladder: DEFAULT_LADDER, mention };
}

const TEAMS: TeamInfo[] = [
  { id: 'community', name: 'Community', leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin', serviceLevel: level('here') },
  { id: 'support', name: 'Customer Support', leadId: 'ben', locale: 'en', timeZone: 'Europe/Berlin', serviceLevel: level('channel') },
];
const MEMBERS: MemberInfo[] = [
  { id: 'anna', name: 'Anna Schmidt', roles: ['agent', 'lead'], teamIds: ['community'], timeZone: 'Europe/Berlin' },
  { id: 'ben', name: 'Ben Meyer', identities: [{ platform: 'slack', userId: 'U0BEN00001' }], roles: ['agent', 'lead'], teamIds: ['support'], timeZone: 'Europe/Berlin' },
  { id: 'deniz', name: 'Deniz Yilmaz', identities: [{ platform: MSTEAMS, userId: DENIZ_ENTRA }], roles: ['agent'], teamIds: ['community', 'support'], timeZone: 'Europe/Berlin' },
  { id: 'mallory', name: '<at>Deniz Yilmaz</at> **boss**', identities: [{ platform: MSTEAMS, userId: '0c9a3b1e-5d7f-4e2a-8b6c-1f2e3d4c5b6a' }], roles: ['agent'], teamIds: ['support'], timeZone: 'UTC' },
];
const directory = new Directory(TEAMS, MEMBERS, { teamId: 'community', priority: 'normal' });

function commentRecord(over: Partial<CommentRecord> = {}): CommentRecord {
  return baseComment({
    id: COMMENT_ID,
    text: 'Where is my order?',
    authorName: 'erika.m',
    permalink: 'https://www.instagram.com/p/abc/c/17890000000000001/',
    source: 'instagram',
    receivedAt: RECEIVED,
    teamId: 'support',
    version: 3,
    firstResponseDueAt: DUE,
    ...over,
  });
}

function reminderView(percent: number, audience: ReminderAudience, over: Partial<CommentRecord> = {}): ReminderView {
  const comment = commentRecord(over);
  const ladderStep = DEFAULT_LADDER.find((s) => s.at === percent);
  const step = { commentId: comment.id, phase: 'firstResponse' as const, step: DEFAULT_LADDER.findIndex((s) => s.at === percent), percent, notify: ladderStep?.notify ?? 'holder', audience };
  return buildReminderView(step, { comment, cards: [] }, directory, NOW);
}

function summaryView(n: number, over: (i: number) => Partial<CommentRecord> = () => ({}), teamId = 'support'): SummaryView {
  const items = Array.from({ length: n }, (_, i) => {
    const comment = commentRecord({ id: `comment-${i + 1}`, authorName: `Author ${i + 1}`, teamId, ...over(i) });
    return { step: { commentId: comment.id, phase: 'firstResponse' as const, step: 0, percent: 75, notify: 'holder' as const }, found: { comment, cards: [] } };
  });
  return buildSummaryView(teamId, items, directory, NOW);
}

const links: CardLinks = new Map([[COMMENT_ID, CARD_URL]]);
const channelCall = (mention: 'holder' | 'team' | null): ReminderAudience => ({ to: 'channel', teamId: 'support', mention });

describe('renderTeamsReminder', () => {
  it('headline, subject, excerpt, due state, buttons', () => {
    const card = renderTeamsReminder(reminderView(100, channelCall(null)), { timeZone: 'Europe/Berlin' });
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(cardTexts(card)).toEqual([
      '**⚠️ The first response target for this comment is reached (100 %)**',
      '🟡 **erika.m** · Instagram · Normal priority',
      'Where is my order?',
      'Due 2 Mar 2026, 14:00 CET, 1 h left. Nobody has claimed it yet.',
    ]);
    expect(card.fallbackText).toBe('⚠️ The first response target for this comment is reached (100 %): erika.m — Where is my order?');
  });

  it('Claim (desk.claim, { c }) and Snooze… (a task/fetch with the snooze task and the comment)', () => {
    const card = renderTeamsReminder(reminderView(100, channelCall(null), { permalink: null }));
    expect(cardActions(card)).toEqual([
      { type: 'Action.Execute', verb: TeamsVerb.claim, title: 'Claim', data: { c: COMMENT_ID }, style: 'positive' },
      { type: 'Action.Submit', title: 'Snooze…', data: { msteams: { type: 'task/fetch' }, desk: SNOOZE_TASK, c: COMMENT_ID } },
    ]);
  });

  it('no Claim on a claimed comment; Open card and Open original when there are links', () => {
    const card = renderTeamsReminder(reminderView(75, { to: 'person', memberId: 'deniz', role: 'holder' }, { status: 'claimed', holderId: 'deniz' }), { links });
    expect(cardActions(card).map((a) => [a.type, a.title])).toEqual([
      ['Action.Submit', 'Snooze…'],
      ['Action.OpenUrl', 'Open card'],
      ['Action.OpenUrl', 'Open original'],
    ]);
    expect(cardActions(card)[1]!.url).toBe(CARD_URL);
  });

  it('ignores links of other comments and links Teams would not open', () => {
    for (const l of [new Map([['other', CARD_URL]]), new Map([[COMMENT_ID, 'javascript:alert(1)']])]) {
      const card = renderTeamsReminder(reminderView(100, channelCall(null), { permalink: null }), { links: l });
      expect(cardActions(card).filter((a) => a.type === 'Action.OpenUrl')).toEqual([]);
    }
  });

  it('mentions a holder on Teams: <at> in the headline and the entity in msteams.entities', () => {
    const card = renderTeamsReminder(reminderView(100, channelCall('holder'), { status: 'claimed', holderId: 'deniz' }));
    expect(cardTexts(card)[0]).toBe('<at>Deniz Yilmaz</at> **⚠️ The first response target for this comment is reached (100 %)**');
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Deniz Yilmaz</at>', mentioned: { id: DENIZ_ENTRA, name: 'Deniz Yilmaz' } }]);
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('names a holder who is not on Teams, without an entity', () => {
    const card = renderTeamsReminder(reminderView(100, channelCall('holder'), { status: 'claimed', holderId: 'ben' }));
    expect(cardTexts(card)[0]).toMatch(/^\*\*Ben Meyer\*\* \*\*⚠️/);
    expect(card.msteams.entities).toBeUndefined();
  });

  it('a team call shows nothing: Teams bots cannot mention a channel or team', () => {
    const card = renderTeamsReminder(reminderView(100, channelCall('team')));
    expect(cardTexts(card)[0]).toBe('**⚠️ The first response target for this comment is reached (100 %)**');
    expect(card.msteams.entities).toBeUndefined();
  });

  it('a hostile holder name cannot forge a second mention', () => {
    const card = renderTeamsReminder(reminderView(100, channelCall('holder'), { status: 'claimed', holderId: 'mallory' }));
    expect(cardTexts(card)[0]).toMatch(/^<at>＜at＞Deniz Yilmaz＜\/at＞ ∗∗boss∗∗<\/at> /);
    expect(card.msteams.entities).toHaveLength(1);
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('German for a German team', () => {
    const card = renderTeamsReminder(reminderView(75, { to: 'channel', teamId: 'community', mention: null }, { teamId: 'community' }), { links, timeZone: 'Europe/Berlin' });
    expect(cardActions(card).map((a) => a.title)).toEqual(['Übernehmen', 'Pausieren…', 'Karte öffnen', 'Original öffnen']);
    expect(cardTexts(card)[0]).toBe('**⏰ Erinnerung: 75 % der Zeit für die Erstreaktion dieses Kommentars sind verbraucht**');
    expect(cardTexts(card)[3]).toMatch(/^Fällig 2\. März 2026, 14:00 MEZ/);
  });

  it('the comment and its author stay text', () => {
    const card = renderTeamsReminder(reminderView(100, channelCall(null), { text: '**x** [y](https://evil.example) <at>Ben</at>', authorName: '_Support_ <b>' }));
    for (const t of cardTexts(card)) expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(t)), t).toBe(false);
    expect(cardTexts(card)[2]).toBe('∗∗x∗∗ ［y］(https://evil.example) ＜at＞Ben＜/at＞');
    expect(card.msteams.entities).toBeUndefined();
  });
});

describe('renderTeamsSummary', () => {
  it('the title, then each comment with Claim (open) or Snooze… (claimed) and Open card', () => {
    const view = summaryView(2, (i) => (i === 1 ? { status: 'claimed', holderId: 'deniz' } : {}));
    const card = renderTeamsSummary(view, { links: new Map([['comment-1', CARD_URL]]) });
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(cardTexts(card)[0]).toBe('🌅 **Customer Support**: 2 comments passed a reminder step outside working hours');
    const actions = cardActions(card);
    expect(actions.map((a) => [a.type, a.title])).toEqual([
      ['Action.Execute', 'Claim'],
      ['Action.OpenUrl', 'Open card'],
      ['Action.Submit', 'Snooze…'],
    ]);
    expect(actions[0]!.data).toEqual({ c: 'comment-1' });
    expect(actions[2]!.data).toEqual({ msteams: { type: 'task/fetch' }, desk: SNOOZE_TASK, c: 'comment-2' });
    expect(elementsOfType(card, 'Container').filter((c) => c.separator === true)).toHaveLength(2);
  });

  it('counts what it leaves out', () => {
    const card = renderTeamsSummary(summaryView(20));
    expect(cardTexts(card).at(-1)).toBe('… and 5 more. `/desk status` shows all open work.');
  });

  it('German', () => {
    const card = renderTeamsSummary(summaryView(1, () => ({}), 'community'));
    expect(cardTexts(card)[0]).toBe('🌅 **Community**: Ein Kommentar hat außerhalb der Arbeitszeit eine Erinnerungsstufe erreicht');
  });

  it('stays under the size limit with fifteen hostile comments, counting what it drops', () => {
    const view = summaryView(15, () => ({ text: '<*>\n'.repeat(5000), authorName: '[x](https://e.example)'.repeat(20) }));
    const card = renderTeamsSummary(view, { links: new Map(view.subjects.map((s) => [s.commentId, `${CARD_URL}?${'a'.repeat(1500)}`])) });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTES_MAX);
    expect(adaptiveCardViolations(card)).toEqual([]);
    const shown = cardActions(card).filter((a) => a.type === 'Action.Execute').length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(15);
    expect(cardTexts(card).at(-1)).toBe(`… and ${15 - shown} more. \`/desk status\` shows all open work.`);
  });
});
