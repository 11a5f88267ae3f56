import { describe, expect, it } from 'vitest';
import { mrkdwn } from '../../src/chat/slack/mrkdwn.ts';
import type { CardRecord, CommentRecord } from '../../src/domain/comment.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../src/domain/directory.ts';
import type { ReminderAudience } from '../../src/domain/escalation-ladder.ts';
import type { ReminderStepRef } from '../../src/domain/outbox-intent.ts';
import { type ReminderSubject, buildReminderView, buildSummaryView } from '../../src/domain/reminder-view.ts';
import { DEFAULT_LADDER, type Phase, type ServiceLevel, defaultTargets } from '../../src/domain/service-level.ts';
import { type WeeklyHours, WorkingCalendar } from '../../src/domain/working-calendar.ts';
import { cardRecord as baseCard, commentRecord as baseComment } from '../support/records.ts';
import { OFFICE_WEEK, at } from '../support/calendars.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
/** Instants carry their Berlin offset; March 2026 is CET (+01:00). Friday 2026-03-06, Monday 2026-03-09. */

const OFFICE: WeeklyHours = OFFICE_WEEK;
function berlinOffice(mention: string): ServiceLevel {
  const calendar = new WorkingCalendar({ timeZone: 'Europe/Berlin', weekly: OFFICE });
  return { calendar, targets: defaultTargets(calendar.workingDayMs()), ladder: DEFAULT_LADDER, mention };
}

const TEAMS: TeamInfo[] = [
  { id: 'community', name: 'Community', channels: [{ platform: 'slack', channel: 'C0COMMUNITY' }], leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin', serviceLevel: berlinOffice('here') },
  { id: 'support', name: 'Customer Support', channels: [{ platform: 'slack', channel: 'C0SUPPORT01' }], leadId: 'ben', locale: 'en', timeZone: 'Europe/Berlin', serviceLevel: berlinOffice('S0SUPPORTS') },
  { id: 'legal', name: 'Legal', channels: [{ platform: 'slack', channel: 'C0LEGAL0001' }], locale: 'de', timeZone: 'Europe/Berlin', serviceLevel: berlinOffice('none') },
  // No service level configured: around the clock in UTC, @here.
  { id: 'social', name: 'Social', channels: [{ platform: 'slack', channel: 'C0SOCIAL001' }], locale: 'en', timeZone: 'UTC' },
];
const MEMBERS: MemberInfo[] = [
  { id: 'anna', name: 'Anna Schmidt', identities: [{ platform: 'slack', userId: 'U0ANNA0001' }], roles: ['agent', 'lead'], teamIds: ['community'], locale: 'de', timeZone: 'Europe/Berlin' },
  { id: 'ben', name: 'Ben Meyer', identities: [{ platform: 'slack', userId: 'U0BEN00001' }], roles: ['agent', 'lead'], teamIds: ['support'], timeZone: 'Europe/Berlin' },
  { id: 'deniz', name: 'Deniz Yilmaz', identities: [{ platform: 'slack', userId: 'U0DENIZ001' }], roles: ['agent'], teamIds: ['community', 'support'], timeZone: 'Europe/Berlin' },
  { id: 'fiona', name: 'Fiona Brandt', identities: [{ platform: 'slack', userId: 'U0FIONA001' }], roles: ['agent'], teamIds: ['community'], locale: 'en', timeZone: 'Europe/Berlin' },
];
const directory = new Directory(TEAMS, MEMBERS, { teamId: 'community', priority: 'normal' });

/**
 * Arrives Friday 17:00 with the community team (Mon–Fri 08–18): first response due Monday 11:00,
 * resolution due Tuesday 17:00 (as newCommentSla stores them).
 */
function commentRecord(over: Partial<CommentRecord> = {}): CommentRecord {
  return baseComment({
    id: COMMENT_ID,
    text: 'Wo bleibt meine Bestellung?',
    authorName: 'Erika Mustermann',
    permalink: 'https://facebook.com/123_456',
    receivedAt: at('2026-03-06T17:00+01:00'),
    teamId: 'community',
    version: 5,
    firstResponseDueAt: at('2026-03-09T11:00+01:00'),
    resolutionDueAt: at('2026-03-10T17:00+01:00'),
    ...over,
  });
}

const FRIDAY_1730 = at('2026-03-06T17:30+01:00');
const MONDAY_1315 = at('2026-03-09T13:15+01:00');

function remind(
  percent: number,
  audience: ReminderAudience,
  options: { comment?: Partial<CommentRecord>; cards?: CardRecord[]; now?: Date; phase?: Phase } = {},
) {
  const comment = commentRecord(options.comment);
  const step: ReminderStepRef & { audience: ReminderAudience } = {
    commentId: comment.id,
    phase: options.phase ?? 'firstResponse',
    step: DEFAULT_LADDER.findIndex((s) => s.at === percent),
    percent,
    notify: DEFAULT_LADDER.find((s) => s.at === percent)?.notify ?? 'holder',
    audience,
  };
  return buildReminderView(step, { comment, cards: options.cards ?? [] }, directory, options.now ?? FRIDAY_1730);
}

const toHolder = (memberId: string): ReminderAudience => ({ to: 'person', memberId, role: 'holder' });
const toLead = (memberId: string): ReminderAudience => ({ to: 'person', memberId, role: 'lead' });
const toChannel = (teamId: string, mention: 'holder' | 'team' | null): ReminderAudience => ({ to: 'channel', teamId, mention });

/** The subject's lines with a fixed marker for the platform-formatted date. */
function lineTexts(subject: ReminderSubject): string[] {
  return subject.lines.map((l) => mrkdwn(l.text('@WHEN')));
}

describe('buildReminderView', () => {
  describe('title and language', () => {
    it('reminds the holder in the team’s language (German) before the target is reached', () => {
      const view = remind(75, toHolder('deniz'), { comment: { status: 'claimed', holderId: 'deniz' } });
      expect(view.locale).toBe('de');
      expect(view.title).toBe('⏰ Erinnerung: 75 % der Zeit für die Erstreaktion dieses Kommentars sind verbraucht');
    });

    it('speaks the holder’s own language in a direct message', () => {
      const view = remind(75, toHolder('fiona'), { comment: { status: 'claimed', holderId: 'fiona' } });
      expect(view.locale).toBe('en');
      expect(view.title).toBe('⏰ Reminder: 75 % of the first response time for this comment is used');
      expect(view.texts.button.claim).toBe('Claim');
    });

    it('says the target is reached from 100 % on', () => {
      expect(remind(100, toChannel('community', 'team')).title).toBe('⚠️ Das Ziel für die Erstreaktion dieses Kommentars ist erreicht (100 %)');
      const english = remind(100, toChannel('support', 'team'), { comment: { teamId: 'support' } });
      expect(english.title).toBe('⚠️ The first response target for this comment is reached (100 %)');
    });

    it('uses the team’s language in the channel, whoever holds the comment', () => {
      const view = remind(100, toChannel('community', 'holder'), { comment: { status: 'claimed', holderId: 'fiona' } });
      expect(view.locale).toBe('de');
    });

    it('names the resolution phase when that target is running', () => {
      const view = remind(75, toHolder('deniz'), { phase: 'resolution', comment: { status: 'claimed', holderId: 'deniz', firstResponseAt: FRIDAY_1730 } });
      expect(view.title).toBe('⏰ Erinnerung: 75 % der Zeit für die Erledigung dieses Kommentars sind verbraucht');
    });

    it('writes an escalation to the lead, naming the team, in the lead’s language', () => {
      expect(remind(150, toLead('anna')).title).toBe('🚨 Eskalation in Community: Das Ziel für die Erstreaktion ist überschritten (150 %)');
      // Ben has no locale of his own: the comment's team (support, English) decides.
      const english = remind(150, toLead('ben'), { comment: { teamId: 'support' } });
      expect(english.locale).toBe('en');
      expect(english.title).toBe('🚨 Escalation in Customer Support: the first response target is exceeded (150 %)');
    });
  });

  it('calls the lead step an escalation also when a team without a lead hears it in its channel', () => {
    expect(remind(150, toChannel('community', 'team')).title).toBe('🚨 Eskalation in Community: Das Ziel für die Erstreaktion ist überschritten (150 %)');
  });

  describe('mention', () => {
    it('mentions nobody in a direct message', () => {
      expect(remind(75, toHolder('deniz'), { comment: { status: 'claimed', holderId: 'deniz' } }).mention).toBeNull();
      expect(remind(150, toLead('anna')).mention).toBeNull();
    });

    it('mentions nobody in the channel when the step asks for no mention', () => {
      expect(remind(75, toChannel('community', null)).mention).toBeNull();
    });

    it('mentions the holder as a member', () => {
      const view = remind(100, toChannel('community', 'holder'), { comment: { status: 'claimed', holderId: 'deniz' } });
      expect(view.mention).toEqual({ kind: 'person', member: MEMBERS[2] });
    });

    it('mentions nobody when the holder is not in the directory any more', () => {
      expect(remind(100, toChannel('community', 'holder'), { comment: { status: 'claimed', holderId: 'left-the-company' } }).mention).toBeNull();
    });

    it('calls the team with its configured mention', () => {
      expect(remind(100, toChannel('community', 'team')).mention).toEqual({ kind: 'team', value: 'here' });
      expect(remind(100, toChannel('support', 'team'), { comment: { teamId: 'support' } }).mention).toEqual({ kind: 'team', value: 'S0SUPPORTS' });
    });

    it('calls nobody for a team whose mention is "none"', () => {
      expect(remind(150, toChannel('legal', 'team'), { comment: { teamId: 'legal' } }).mention).toBeNull();
    });

    it('calls @here for a team without a configured service level', () => {
      expect(remind(100, toChannel('social', 'team'), { comment: { teamId: 'social' } }).mention).toEqual({ kind: 'team', value: 'here' });
    });
  });

  describe('subject', () => {
    it('shows how much working time is left before the due time', () => {
      // Friday 17:30 → Monday 11:00 is 3 h 30 min of working time (not 65 h 30 min on the wall clock).
      const subject = remind(75, toChannel('community', null)).subject;
      const [due, holder] = lineTexts(subject);
      expect(due).toMatch(/^Fällig @WHEN, noch 3 Std\. 30 Min\./);
      expect(holder).toBe('Noch hat ihn niemand übernommen.');
      expect(subject.lines[0]!.at).toEqual(at('2026-03-09T11:00+01:00'));
      expect(subject.lines[1]!.at).toBeNull();
    });

    // BUG (src/domain/i18n.ts, de.reminderDue): the German duration ends with an abbreviation point
    // ("3 Std. 30 Min.") and the sentence adds its own full stop, so the line reads "… noch 3 Std. 30 Min..".
    it('ends the German due line with a single full stop', () => {
      const subject = remind(75, toChannel('community', null)).subject;
      expect(lineTexts(subject)[0]).toBe('Fällig @WHEN, noch 3 Std. 30 Min.');
    });

    it('shows in English how much is left', () => {
      const subject = remind(75, toHolder('fiona'), { comment: { status: 'claimed', holderId: 'fiona' } }).subject;
      expect(lineTexts(subject)).toEqual(['Due @WHEN, 3 h 30 min left.', 'Held by *Fiona Brandt*.']);
    });

    it('shows how far over the due time the comment is, in working time', () => {
      const subject = remind(150, toLead('anna'), { now: MONDAY_1315 }).subject;
      expect(lineTexts(subject)).toEqual(['Fällig war @WHEN, seit 2 Std. 15 Min. überfällig.', 'Noch hat ihn niemand übernommen.']);
    });

    it('uses the resolution due time in the resolution phase', () => {
      const subject = remind(75, toChannel('community', null), {
        phase: 'resolution',
        comment: { firstResponseAt: FRIDAY_1730 },
        now: MONDAY_1315,
      }).subject;
      expect(subject.lines[0]!.at).toEqual(at('2026-03-10T17:00+01:00'));
      // Monday 13:15 → 18:00 (4 h 45 min) + Tuesday 08:00 → 17:00 (9 h).
      expect(lineTexts(subject)[0]).toMatch(/^Fällig @WHEN, noch 13 Std\. 45 Min\./);
    });

    it('computes the due time from the team’s service level when none is stored', () => {
      const subject = remind(75, toChannel('community', null), { comment: { firstResponseDueAt: null } }).subject;
      expect(subject.lines[0]!.at).toEqual(at('2026-03-09T11:00+01:00'));
    });

    it('names the holder of a claimed comment and says when it was handled', () => {
      const held = remind(100, toChannel('community', 'holder'), { comment: { status: 'claimed', holderId: 'deniz' } }).subject;
      expect(lineTexts(held)[1]).toBe('Übernommen von *Deniz Yilmaz*.');
      const answered = remind(100, toChannel('community', 'team'), { comment: { status: 'answered', closedAt: FRIDAY_1730 } }).subject;
      expect(lineTexts(answered)[1]).toBe('Inzwischen erledigt.');
    });

    it('describes the comment: author, excerpt, source, priority, permalink, version', () => {
      const subject = remind(75, toChannel('community', null), { comment: { text: '  Wo bleibt\n\nmeine   Bestellung?  ', priority: 'high' } }).subject;
      expect(subject).toMatchObject({
        commentId: COMMENT_ID,
        version: 5,
        author: 'Erika Mustermann',
        excerpt: 'Wo bleibt meine Bestellung?',
        sourceLabel: 'Facebook',
        priority: 'high',
        priorityLabel: 'Hohe Priorität',
        permalink: 'https://facebook.com/123_456',
      });
    });

    it('shortens a long comment to an excerpt', () => {
      const subject = remind(75, toChannel('community', null), { comment: { text: 'x'.repeat(500) } }).subject;
      expect(subject.excerpt).toHaveLength(120);
      expect(subject.excerpt.endsWith('…')).toBe(true);
    });

    it('offers claiming only while the comment is open', () => {
      expect(remind(75, toChannel('community', null)).subject.canClaim).toBe(true);
      expect(remind(75, toHolder('deniz'), { comment: { status: 'claimed', holderId: 'deniz' } }).subject.canClaim).toBe(false);
      expect(remind(75, toChannel('community', null), { comment: { status: 'dismissed', closedAt: FRIDAY_1730 } }).subject.canClaim).toBe(false);
    });

    it('links the active, posted card', () => {
      const cards = [
        baseCard({ id: 'old', channel: 'C0SUPPORT01', teamId: 'support', messageId: '1700000000.000100', active: false }),
        baseCard({ id: 'new', channel: 'C0COMMUNITY', messageId: '1700000000.000200', active: true }),
      ];
      expect(remind(75, toChannel('community', null), { cards }).subject.card).toEqual({ channel: 'C0COMMUNITY', messageId: '1700000000.000200' });
    });

    it('links no card while the active card is not posted yet, nor an inactive one', () => {
      const cards = [baseCard({ messageId: null, active: true }), baseCard({ id: 'moved', messageId: '1700000000.000100', active: false })];
      expect(remind(75, toChannel('community', null), { cards }).subject.card).toBeNull();
    });
  });
});

describe('buildSummaryView', () => {
  function items(n: number, teamId = 'community') {
    return Array.from({ length: n }, (_, i) => {
      const id = `comment-${String(i + 1).padStart(2, '0')}`;
      const comment = commentRecord({ id, teamId, authorName: `Author ${i + 1}` });
      return { step: { commentId: id, phase: 'firstResponse' as const, step: 0, percent: 75, notify: 'holder' as const }, found: { comment, cards: [] } };
    });
  }

  it('shows the first 15 of 20 comments and counts the other 5', () => {
    const view = buildSummaryView('community', items(20), directory, at('2026-03-09T08:05+01:00'));
    expect(view.subjects).toHaveLength(15);
    expect(view.subjects.map((s) => s.commentId)).toEqual(items(15).map((i) => i.step.commentId));
    expect(view.more).toBe(5);
    // The title counts all of them.
    expect(mrkdwn(view.title)).toBe('🌅 *Community*: 20 Kommentare haben außerhalb der Arbeitszeit eine Erinnerungsstufe erreicht');
    expect(view.locale).toBe('de');
  });

  it('shows exactly 15 comments without "more"', () => {
    const view = buildSummaryView('community', items(15), directory, at('2026-03-09T08:05+01:00'));
    expect(view.subjects).toHaveLength(15);
    expect(view.more).toBe(0);
  });

  it('writes the summary in the team’s language, with the singular for one comment', () => {
    const view = buildSummaryView('support', items(1, 'support'), directory, at('2026-03-09T08:05+01:00'));
    expect(view.locale).toBe('en');
    expect(mrkdwn(view.title)).toBe('🌅 *Customer Support*: one comment passed a reminder step outside working hours');
    expect(view.more).toBe(0);
  });

  it('shows each comment’s due state at the time of the summary', () => {
    // Monday 08:05: 2 h 55 min of working time until Monday 11:00.
    const [subject] = buildSummaryView('support', items(1, 'support'), directory, at('2026-03-09T08:05+01:00')).subjects;
    expect(lineTexts(subject!)).toEqual(['Due @WHEN, 2 h 55 min left.', 'Nobody has claimed it yet.']);
  });

  it('falls back to the team id and English for a team that is no longer configured', () => {
    const view = buildSummaryView('gone', items(2, 'gone'), directory, at('2026-03-09T08:05+01:00'));
    expect(view.locale).toBe('en');
    expect(mrkdwn(view.title)).toBe('🌅 *gone*: 2 comments passed a reminder step outside working hours');
  });
});
