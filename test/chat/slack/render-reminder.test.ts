import { describe, expect, it } from 'vitest';
import { type CardLinks, renderReminder, renderSummary } from '../../../src/chat/slack/render-reminder.ts';
import { type SlackBlock, type SlackMessage, slackDate } from '../../../src/chat/slack/render-card.ts';
import type { CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../../src/domain/directory.ts';
import type { ReminderAudience } from '../../../src/domain/escalation-ladder.ts';
import { type ReminderView, type SummaryView, buildReminderView, buildSummaryView } from '../../../src/domain/reminder-view.ts';
import { DEFAULT_LADDER, type ServiceLevel, defaultTargets } from '../../../src/domain/service-level.ts';
import { WorkingCalendar } from '../../../src/domain/working-calendar.ts';
import { commentRecord as baseComment } from '../../support/records.ts';
import { blockKitViolations } from '../../support/block-kit.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const RECEIVED = new Date('2026-03-02T09:00:00Z');
/** Teams here work around the clock: normal priority, first response due 4 h after arrival. */
const DUE = new Date('2026-03-02T13:00:00Z');
const NOW = new Date('2026-03-02T12:00:00Z');
const CARD_URL = 'https://example.slack.com/archives/C0COMMUNITY/p1700000000000100';

function level(mention: string): ServiceLevel {
  const calendar = WorkingCalendar.alwaysOpen('UTC');
  return { calendar, targets: defaultTargets(calendar.workingDayMs()), ladder: DEFAULT_LADDER, mention };
}

const TEAMS: TeamInfo[] = [
  { id: 'community', name: 'Community', leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin', serviceLevel: level('here') },
  { id: 'support', name: 'Customer Support', leadId: 'ben', locale: 'en', timeZone: 'Europe/Berlin', serviceLevel: level('channel') },
  { id: 'legal', name: 'Legal', locale: 'en', timeZone: 'Europe/Berlin', serviceLevel: level('S0LEGALTEAM') },
];
const MEMBERS: MemberInfo[] = [
  { id: 'anna', name: 'Anna Schmidt', identities: [{ platform: 'slack', userId: 'U0ANNA0001' }], roles: ['agent', 'lead'], teamIds: ['community'], timeZone: 'Europe/Berlin' },
  { id: 'ben', name: 'Ben Meyer', identities: [{ platform: 'slack', userId: 'U0BEN00001' }], roles: ['agent', 'lead'], teamIds: ['support'], timeZone: 'Europe/Berlin' },
  { id: 'deniz', name: 'Deniz Yilmaz', identities: [{ platform: 'slack', userId: 'U0DENIZ001' }], roles: ['agent'], teamIds: ['community', 'support', 'legal'], timeZone: 'Europe/Berlin' },
  // Not on Slack (e.g. only on Teams): mentioned by name.
  { id: 'clara', name: 'Clara <Legal> & Co', roles: ['agent'], teamIds: ['legal'], timeZone: 'Europe/Berlin' },
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
  const step = { commentId: comment.id, phase: 'firstResponse' as const, step: DEFAULT_LADDER.findIndex((s) => s.at === percent), percent, notify: DEFAULT_LADDER.find((s) => s.at === percent)?.notify ?? 'holder', audience };
  return buildReminderView(step, { comment, cards: [] }, directory, NOW);
}

function summaryView(n: number, over: (i: number) => Partial<CommentRecord> = () => ({}), teamId = 'support'): SummaryView {
  const items = Array.from({ length: n }, (_, i) => {
    const comment = commentRecord({ id: `comment-${i + 1}`, authorName: `Author ${i + 1}`, teamId, ...over(i) });
    return { step: { commentId: comment.id, phase: 'firstResponse' as const, step: 0, percent: 75, notify: 'holder' as const }, found: { comment, cards: [] } };
  });
  return buildSummaryView(teamId, items, directory, NOW);
}

const noLinks: CardLinks = new Map();

// ---- helpers over the rendered message -------------------------------------------------

type Obj = Record<string, unknown>;
type Section = SlackBlock & { text: { type: string; text: string }; accessory?: Obj };

const sections = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'section') as Section[];
const headline = (m: SlackMessage) => sections(m)[0]!.text.text;
const buttons = (m: SlackMessage) => (m.blocks.find((b) => b.type === 'actions') as (SlackBlock & { elements: Obj[] }) | undefined)?.elements ?? [];
const contextTexts = (m: SlackMessage) =>
  m.blocks.filter((b) => b.type === 'context').flatMap((b) => ((b as Obj).elements as { text: string }[]).map((e) => e.text));

/** Every mrkdwn text with the markup we generate removed: mentions, date tokens, card links, quote markers. */
function withoutOwnMarkup(text: string): string {
  return text
    .replace(/<(@U[A-Z0-9]+|!here|!channel|!subteam\^S[A-Z0-9]+)>/g, '')
    .replace(/<!date\^\d+\^[^|<>]*\|[^<>]*>/g, '')
    .replace(/<https:\/\/[^|<>]+\|[^<>]*>/g, '')
    .split('\n')
    .map((line) => line.replace(/^> /, ''))
    .join('\n');
}

function mrkdwnTexts(m: SlackMessage): string[] {
  return [...sections(m).map((s) => s.text.text), ...contextTexts(m)];
}

function expectNoRawControlChars(m: SlackMessage) {
  for (const text of mrkdwnTexts(m)) {
    const rest = withoutOwnMarkup(text);
    expect(rest, text).not.toMatch(/[<>]/);
    expect(rest, text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

function expectWithinBlockKitLimits(m: SlackMessage) {
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  for (const s of sections(m)) expect(s.text.text.length).toBeLessThanOrEqual(3000);
  for (const text of contextTexts(m)) expect(text.length).toBeLessThanOrEqual(3000);
  const allButtons = [...buttons(m), ...sections(m).flatMap((s) => (s.accessory ? [s.accessory] : []))];
  expect(buttons(m).length).toBeLessThanOrEqual(25);
  for (const b of allButtons) {
    expect(b.type).toBe('button');
    expect(((b.text as Obj).text as string).length).toBeLessThanOrEqual(75);
    expect((b.action_id as string).length).toBeLessThanOrEqual(255);
    if (b.value !== undefined) expect((b.value as string).length).toBeLessThanOrEqual(2000);
    if (b.url !== undefined) expect((b.url as string).length).toBeLessThanOrEqual(3000);
  }
  expect(m.text.length).toBeLessThanOrEqual(40_000);
  expect(blockKitViolations(m)).toEqual([]);
}

// ---------------------------------------------------------------------------------------

describe('renderReminder', () => {
  it('renders headline, comment, due state and actions, in that order', () => {
    const m = renderReminder(reminderView(100, { to: 'channel', teamId: 'support', mention: 'team' }), noLinks);
    expect(m.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'actions']);
    expect(headline(m)).toBe('<!channel> *⚠️ The first response target for this comment is reached (100 %)*');
    expect(sections(m)[1]!.text.text).toBe('🟡 *erika.m* · Instagram · Normal priority\n> Where is my order?');
    expect(contextTexts(m)).toEqual([`Due ${slackDate(DUE)}, 1 h left. Nobody has claimed it yet.`]);
  });

  describe('mentions', () => {
    it('mentions a holder by Slack user id', () => {
      const m = renderReminder(reminderView(100, { to: 'channel', teamId: 'support', mention: 'holder' }, { status: 'claimed', holderId: 'deniz' }), noLinks);
      expect(headline(m)).toMatch(/^<@U0DENIZ001> \*⚠️ /);
    });

    it('names a holder without a Slack user id in bold, escaped', () => {
      const m = renderReminder(reminderView(100, { to: 'channel', teamId: 'legal', mention: 'holder' }, { teamId: 'legal', status: 'claimed', holderId: 'clara' }), noLinks);
      expect(headline(m)).toMatch(/^\*Clara &lt;Legal&gt; &amp; Co\* \*⚠️ /);
    });

    it.each([
      ['community', '<!here> '],
      ['support', '<!channel> '],
      ['legal', '<!subteam^S0LEGALTEAM> '],
    ])('calls team %s with its mention syntax', (teamId, prefix) => {
      const m = renderReminder(reminderView(100, { to: 'channel', teamId, mention: 'team' }, { teamId }), noLinks);
      expect(headline(m).startsWith(prefix)).toBe(true);
      expect(m.text.startsWith(prefix)).toBe(true);
    });

    it('starts straight with the title when nobody is mentioned', () => {
      const m = renderReminder(reminderView(75, { to: 'person', memberId: 'deniz', role: 'holder' }, { status: 'claimed', holderId: 'deniz' }), noLinks);
      expect(headline(m)).toBe('*⏰ Reminder: 75 % of the first response time for this comment is used*');
    });
  });

  describe('buttons', () => {
    it('offers Claim (with comment id and version) and Snooze… on an open comment', () => {
      const m = renderReminder(reminderView(100, { to: 'channel', teamId: 'support', mention: 'team' }, { permalink: null }), noLinks);
      expect(buttons(m)).toEqual([
        { type: 'button', action_id: 'desk.claim', style: 'primary', text: { type: 'plain_text', text: 'Claim', emoji: true }, value: JSON.stringify({ c: COMMENT_ID, v: 3 }) },
        { type: 'button', action_id: 'desk.snooze', text: { type: 'plain_text', text: 'Snooze…', emoji: true }, value: JSON.stringify({ c: COMMENT_ID }) },
      ]);
    });

    it('offers no Claim on a claimed comment', () => {
      const m = renderReminder(reminderView(75, { to: 'person', memberId: 'deniz', role: 'holder' }, { status: 'claimed', holderId: 'deniz', permalink: null }), noLinks);
      expect(buttons(m).map((b) => b.action_id)).toEqual(['desk.snooze']);
    });

    it('links the card and the original when they exist', () => {
      const m = renderReminder(reminderView(100, { to: 'channel', teamId: 'support', mention: 'team' }), new Map([[COMMENT_ID, CARD_URL]]));
      expect(buttons(m).map((b) => b.action_id)).toEqual(['desk.claim', 'desk.snooze', 'desk.open_card', 'desk.open']);
      expect(buttons(m)[2]).toMatchObject({ url: CARD_URL, text: { text: 'Open card' } });
      expect(buttons(m)[3]).toMatchObject({ url: 'https://www.instagram.com/p/abc/c/17890000000000001/', text: { text: 'Open original' } });
    });

    it('ignores card links of other comments', () => {
      const m = renderReminder(reminderView(100, { to: 'channel', teamId: 'support', mention: 'team' }, { permalink: null }), new Map([['another-comment', CARD_URL]]));
      expect(buttons(m).map((b) => b.action_id)).toEqual(['desk.claim', 'desk.snooze']);
    });

    it('labels everything in German for a German reader', () => {
      const m = renderReminder(reminderView(75, { to: 'channel', teamId: 'community', mention: null }, { teamId: 'community' }), new Map([[COMMENT_ID, CARD_URL]]));
      expect(buttons(m).map((b) => (b.text as Obj).text)).toEqual(['Übernehmen', 'Pausieren…', 'Karte öffnen', 'Original öffnen']);
      expect(headline(m)).toBe('*⏰ Erinnerung: 75 % der Zeit für die Erstreaktion dieses Kommentars sind verbraucht*');
      expect(sections(m)[1]!.text.text).toBe('🟡 *erika.m* · Instagram · Normale Priorität\n> Where is my order?');
    });
  });

  describe('untrusted comment text', () => {
    const hostile = { text: '<!channel> & <b>', authorName: '<@U0BEN00001> & Co' };

    it('escapes <, > and & of the comment and its author in the blocks', () => {
      const m = renderReminder(reminderView(100, { to: 'channel', teamId: 'support', mention: 'team' }, hostile), noLinks);
      expect(sections(m)[1]!.text.text).toBe('🟡 *&lt;@U0BEN00001&gt; &amp; Co* · Instagram · Normal priority\n> &lt;!channel&gt; &amp; &lt;b&gt;');
      expectNoRawControlChars(m);
      // The only mention is the team's own.
      expect(mrkdwnTexts(m).join('\n').match(/<!channel>/g)).toHaveLength(1);
    });

    // BUG (src/chat/slack/render-reminder.ts renderReminder): the fallback `text` (used for notifications
    // and by clients without blocks) embeds the author and excerpt unescaped, so a comment containing
    // "<!channel>" turns into a real mention there. renderCard escapes its fallback with escapeMrkdwn.
    it('escapes the comment in the fallback text too', () => {
      const m = renderReminder(reminderView(75, { to: 'person', memberId: 'deniz', role: 'holder' }, { ...hostile, status: 'claimed', holderId: 'deniz' }), noLinks);
      expect(m.text).not.toMatch(/[<>]/);
      expect(m.text).toContain('&lt;!channel&gt; &amp; &lt;b&gt;');
    });
  });

  it('stays within Block Kit limits with the longest author and comment a source may send', () => {
    const m = renderReminder(
      reminderView(100, { to: 'channel', teamId: 'support', mention: 'team' }, { authorName: '&'.repeat(200), text: '<'.repeat(20_000) }),
      new Map([[COMMENT_ID, CARD_URL]]),
    );
    expectWithinBlockKitLimits(m);
    expectNoRawControlChars(m);
  });
});

describe('renderSummary', () => {
  it('renders the title and one section per comment, with Claim beside the open ones and Snooze… beside the others', () => {
    const view = summaryView(3, (i) => (i === 1 ? { status: 'claimed', holderId: 'deniz' } : {}));
    const m = renderSummary(view, noLinks);
    expect(m.blocks).toHaveLength(4);
    expect(headline(m)).toBe('🌅 *Customer Support*: 3 comments passed a reminder step outside working hours');
    const accessories = sections(m).slice(1).map((s) => s.accessory!);
    expect(accessories.map((a) => a.action_id)).toEqual(['desk.claim', 'desk.snooze', 'desk.claim']);
    expect(accessories[0]!.value).toBe(JSON.stringify({ c: 'comment-1', v: 3 }));
    expect(accessories[1]!.value).toBe(JSON.stringify({ c: 'comment-2' }));
    expect(sections(m)[2]!.text.text).toBe(
      `🟡 *Author 2* · Instagram · Normal priority\n> Where is my order?\nDue ${slackDate(DUE)}, 1 h left. Held by *Deniz Yilmaz*.`,
    );
  });

  it('uses a plain fallback text without markup', () => {
    expect(renderSummary(summaryView(3), noLinks).text).toBe('🌅 Customer Support: 3 comments passed a reminder step outside working hours');
  });

  it('links each comment’s card where a link is known', () => {
    const m = renderSummary(summaryView(2), new Map([['comment-2', CARD_URL]]));
    expect(sections(m)[1]!.text.text).not.toContain('Open card');
    expect(sections(m)[2]!.text.text.endsWith(`  <${CARD_URL}|Open card>`)).toBe(true);
  });

  it('shows 15 of 20 comments and says how many more there are', () => {
    const m = renderSummary(summaryView(20), noLinks);
    expect(sections(m)).toHaveLength(16);
    expect(m.blocks.at(-1)!.type).toBe('context');
    expect(contextTexts(m)).toEqual(['… and 5 more. `/desk status` shows all open work.']);
    expectWithinBlockKitLimits(m);
  });

  it('says "more" in German for a German team', () => {
    const m = renderSummary(summaryView(17, () => ({ teamId: 'community' }), 'community'), noLinks);
    expect(contextTexts(m)).toEqual(['… und 2 weitere. `/desk status` zeigt alle offene Arbeit.']);
    expect(sections(m)[1]!.accessory!.text).toEqual({ type: 'plain_text', text: 'Übernehmen', emoji: true });
  });

  it('has no "more" line when every comment is shown', () => {
    const m = renderSummary(summaryView(15), noLinks);
    expect(m.blocks.filter((b) => b.type === 'context')).toEqual([]);
  });

  it('escapes untrusted comment texts and authors', () => {
    const m = renderSummary(summaryView(2, () => ({ text: '<!channel> & <b>', authorName: '<@U0BEN00001>' })), new Map([['comment-1', CARD_URL]]));
    expect(sections(m)[1]!.text.text).toContain('> &lt;!channel&gt; &amp; &lt;b&gt;');
    expectNoRawControlChars(m);
  });

  it('keeps each section within 3000 characters: authors shortened to 80, excerpts to 300', () => {
    const subject = summaryView(1).subjects[0]!;
    const view: SummaryView = { ...summaryView(1), subjects: [{ ...subject, author: 'A'.repeat(5000), excerpt: '&'.repeat(5000) }] };
    const m = renderSummary(view, new Map([[subject.commentId, `https://example.slack.com/archives/C0/p${'1'.repeat(2900)}`]]));
    const text = sections(m)[1]!.text.text;
    expect(text.startsWith(`🟡 *${'A'.repeat(79)}…* · Instagram`)).toBe(true);
    expect(text).toContain(`> ${'&amp;'.repeat(299)}…\n`);
    expect(text.length).toBeLessThanOrEqual(3000);
    expectNoRawControlChars(m);
    expectWithinBlockKitLimits(m);
  });
});
