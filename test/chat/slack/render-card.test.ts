import { describe, expect, it } from 'vitest';
import { blockKitViolations, textObjects } from '../../support/block-kit.ts';
import { type SlackBlock, type SlackMessage, escapeMrkdwn, renderCard, slackDate } from '../../../src/chat/slack/render-card.ts';
import { type CardView, buildCardView } from '../../../src/domain/card-view.ts';
import type { CardRecord, CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../../src/domain/directory.ts';
import { cardRecord as baseCard, commentRecord as baseComment } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const T0 = new Date('2024-05-01T10:00:00Z');
const T1 = new Date('2024-05-01T10:05:00Z');
const T2 = new Date('2024-05-01T10:30:00Z');

const TEAMS: TeamInfo[] = [
  { id: 'community', name: 'Community', leadId: 'anna', locale: 'de', timeZone: 'Europe/Berlin' },
  { id: 'support', name: 'Customer Support', leadId: 'ben', locale: 'en', timeZone: 'Europe/Berlin' },
  { id: 'legal', name: 'Legal', locale: 'de', timeZone: 'Europe/Berlin' },
];
const MEMBERS: MemberInfo[] = [
  { id: 'anna', name: 'Anna Schmidt', roles: ['agent', 'lead'], teamIds: ['community'], timeZone: 'Europe/Berlin' },
  { id: 'ben', name: 'Ben Meyer', roles: ['agent', 'lead'], teamIds: ['support'], timeZone: 'Europe/Berlin' },
  { id: 'deniz', name: 'Deniz Yilmaz', roles: ['agent'], teamIds: ['support'], timeZone: 'Europe/Berlin' },
];
const directory = new Directory(TEAMS, MEMBERS, { teamId: 'community', priority: 'normal' });

function commentRecord(over: Partial<CommentRecord> = {}): CommentRecord {
  return baseComment({
    id: COMMENT_ID,
    source: 'instagram',
    externalId: '17890000000000001',
    text: 'Where is my order?',
    authorName: 'erika.m',
    authorId: '1789',
    permalink: 'https://www.instagram.com/p/abc/c/17890000000000001/',
    postId: 'abc',
    language: 'en',
    createdAt: T0,
    receivedAt: T1,
    teamId: 'support',
    priority: 'high',
    version: 3,
    ...over,
  });
}

function cardRecord(over: Partial<CardRecord> = {}): CardRecord {
  return baseCard({ commentId: COMMENT_ID, channel: 'C0SUPPORT01', teamId: 'support', ...over });
}

function view(comment: Partial<CommentRecord> = {}, card: Partial<CardRecord> = {}, dir = directory): CardView {
  const c = commentRecord(comment);
  return buildCardView(c, cardRecord({ teamId: c.teamId, ...card }), dir, c.receivedAt);
}

// ---- helpers over the rendered message -------------------------------------------------

type Obj = Record<string, unknown>;

const mrkdwnTexts = (m: SlackMessage) => textObjects(m.blocks).filter((t) => t.type === 'mrkdwn').map((t) => t.text);
const sections = (m: SlackMessage) => m.blocks.filter((b) => b.type === 'section') as (SlackBlock & { text: { type: string; text: string } })[];
const actionsBlock = (m: SlackMessage) => m.blocks.find((b) => b.type === 'actions') as (SlackBlock & { block_id: string; elements: Obj[] }) | undefined;
/** The section with the author and the quoted comment. */
const bodySection = (m: SlackMessage) => sections(m)[1]!.text.text;

/**
 * The mrkdwn with our own markup removed: `<!date^…|…>` tokens we generate and the "> " quote
 * markers at line starts. What remains must not contain a single control character.
 */
function withoutOwnMarkup(text: string): string {
  return text
    .replace(/<!date\^\d+\^[^|<>]*\|[^<>]*>/g, '')
    .split('\n')
    .map((line) => line.replace(/^> /, ''))
    .join('\n');
}

function expectNoRawControlChars(texts: string[]) {
  for (const text of texts) {
    const rest = withoutOwnMarkup(text);
    expect(rest, text).not.toMatch(/[<>]/);
    // Every & starts an entity we wrote.
    expect(rest, text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

function expectWithinBlockKitLimits(m: SlackMessage) {
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  for (const s of sections(m)) expect(s.text.text.length).toBeLessThanOrEqual(3000);
  for (const b of m.blocks.filter((x) => x.type === 'context')) {
    const elements = (b as Obj).elements as Obj[];
    expect(elements.length).toBeLessThanOrEqual(10);
    for (const e of elements) expect((e.text as string).length).toBeLessThanOrEqual(3000);
  }
  const actions = actionsBlock(m);
  if (actions) {
    expect(actions.elements.length).toBeLessThanOrEqual(25);
    expect(actions.block_id.length).toBeLessThanOrEqual(255);
    for (const e of actions.elements) {
      expect((e.action_id as string).length).toBeLessThanOrEqual(255);
      if (e.type === 'button') {
        expect(((e.text as Obj).text as string).length).toBeLessThanOrEqual(75);
        if (e.value !== undefined) expect((e.value as string).length).toBeLessThanOrEqual(2000);
        if (e.url !== undefined) expect((e.url as string).length).toBeLessThanOrEqual(3000);
      }
    }
  }
  expect(m.text.length).toBeLessThanOrEqual(40_000);
  expect(blockKitViolations(m)).toEqual([]);
}

// ---------------------------------------------------------------------------------------

describe('slackDate', () => {
  it('renders a date token with unix seconds, format and an ISO fallback', () => {
    expect(slackDate(T0)).toBe('<!date^1714557600^{date_short_pretty} {time}|2024-05-01T10:00:00.000Z>');
    expect(slackDate(new Date('2024-05-01T10:00:00.999Z'), '{ago}')).toBe('<!date^1714557600^{ago}|2024-05-01T10:00:00.999Z>');
  });
});

describe('escapeMrkdwn', () => {
  it('escapes &, < and >, ampersand first', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(escapeMrkdwn('<!channel>')).toBe('&lt;!channel&gt;');
    expect(escapeMrkdwn('plain *bold* _x_')).toBe('plain *bold* _x_');
  });
});

describe('renderCard', () => {
  it('renders header, quoted comment, dates, state and actions', () => {
    const m = renderCard(view());
    expect(m.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'section', 'context', 'actions']);
    const [header, body, state] = sections(m).map((s) => s.text.text);
    // The response-time line: high priority, rendered at arrival on a 24/7 team: 30 min left.
    const promise = (m.blocks[4] as unknown as { elements: { text: string }[] }).elements[0]!.text;
    expect(promise).toMatch(/^⏱️ First response due <!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+> — 30 min left$/);
    expect(header).toBe('📥 *Open*  ·  *Instagram*  ·  🔴 High priority  ·  Customer Support');
    expect(body).toBe('*erika.m*\n> Where is my order?');
    expect(state).toBe('Waiting for someone to claim it');
    const context = (m.blocks[2] as Obj).elements as Obj[];
    expect(context[0]!.text).toBe(`Written ${slackDate(T0)}  ·  Received ${slackDate(T1, '{ago}')}`);
    expectWithinBlockKitLimits(m);
  });

  it('quotes every line of a multi-line comment', () => {
    const m = renderCard(view({ text: 'line one\nline two\n\nline four' }));
    expect(bodySection(m)).toBe('*erika.m*\n> line one\n> line two\n> \n> line four');
  });

  it('shows a dash for an empty comment, and marks edits', () => {
    const m = renderCard(view({ text: '   ', editedAt: T2 }));
    expect(bodySection(m)).toBe('*erika.m* _(edited at source)_\n> —');
  });

  it('starts a drill card with the drill banner', () => {
    const m = renderCard(view({ isDrill: true }));
    expect(m.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '🧪 *DRILL — practice comment, not real*' }] });
  });

  it('renders the state line with the claim time as a Slack date', () => {
    const m = renderCard(view({ status: 'claimed', holderId: 'deniz', claimedAt: T2 }));
    expect(sections(m)[2]!.text.text).toBe(`Claimed by *Deniz Yilmaz* ${slackDate(T2)}`);
  });

  describe('long comments', () => {
    it('keeps a 20 000-character comment within Block Kit limits and says it was shortened', () => {
      const m = renderCard(view({ text: 'x'.repeat(20_000) }));
      expectWithinBlockKitLimits(m);
      const body = bodySection(m);
      expect(body.endsWith('… (shortened, open the original for the full text)')).toBe(true);
      expect(body.length).toBeGreaterThan(1500); // still shows a good part of it
    });

    it('does not cut an escaped entity in half when shortening', () => {
      for (const text of ['&'.repeat(20_000), '<'.repeat(20_000), `${'a'.repeat(2473)}${'&'.repeat(5000)}`]) {
        const m = renderCard(view({ text }));
        expectWithinBlockKitLimits(m);
        expect(bodySection(m)).toContain('(shortened');
        expectNoRawControlChars(mrkdwnTexts(m));
      }
    });

    it('keeps a 20 000-character multi-line comment within the section limit', () => {
      const m = renderCard(view({ text: 'ab\n'.repeat(7000) }));
      expectWithinBlockKitLimits(m);
    });

    // Regression (fixed; src/chat/slack/render-card.ts quote()): the budget is checked before the "> " quote markers are
    // added (two characters per line), and the section is then cut at 3000 with .slice(). For a long text with
    // many lines, e.g. 'ab\n'.repeat(7000), the body is 3000 characters of "> ab" lines that end mid-line
    // ("…\n> ab\n>") and the "(shortened…)" note is cut off, so readers are not told the text is incomplete.
    // The same happens for texts under the budget with many short lines (e.g. 'a\n'.repeat(1200)): content is
    // dropped silently.
    it('says a long multi-line comment was shortened', () => {
      for (const text of ['ab\n'.repeat(7000), 'a\n'.repeat(1200)]) {
        const body = bodySection(renderCard(view({ text })));
        expect(body.length).toBeLessThanOrEqual(3000);
        expect(body).toContain('(shortened, open the original for the full text)');
      }
    });

    // Regression (issue 10): the quote's budget was checked on the raw text, and 'a\n' × 10,000 rendered a
    // 39,956-character section, which Slack refuses for good: the card never appeared.
    it('keeps a text of 10,000 one-character lines within the section limit and says it was shortened', () => {
      const m = renderCard(view({ text: 'a\n'.repeat(10_000) }));
      expectWithinBlockKitLimits(m);
      const body = bodySection(m);
      expect(body.length).toBeLessThanOrEqual(3000);
      expect(body.length).toBeGreaterThan(2900);
      expect(body).toMatch(/^\*erika\.m\*\n> a\n> a\n/);
      expect(body.endsWith('\n> a… (shortened, open the original for the full text)')).toBe(true);
    });

    it('keeps the fallback text short', () => {
      const m = renderCard(view({ text: 'y'.repeat(20_000) }));
      expect(m.text.length).toBeLessThan(400);
    });
  });

  describe('untrusted text', () => {
    const attack = 'Hey <!channel> look <https://evil.example/phish|click here> & <@U0ADMIN01> <#C0SECRET01> &lt;';

    it('escapes mentions and links in comment text and author', () => {
      const m = renderCard(view({ text: attack, authorName: '<!here> <https://evil.example|Support Team>' }));
      const body = bodySection(m);
      expect(body).toContain('&lt;!channel&gt;');
      expect(body).toContain('&lt;https://evil.example/phish|click here&gt;');
      expect(body).toContain('&lt;@U0ADMIN01&gt;');
      expect(body).toContain('&amp;lt;');
      expect(body.startsWith('*&lt;!here&gt; &lt;https://evil.example|Support Team&gt;*\n')).toBe(true);
      for (const text of [...mrkdwnTexts(m), m.text]) {
        expect(text).not.toContain('<!channel>');
        expect(text).not.toContain('<!here>');
        expect(text).not.toContain('<https://evil');
        expect(text).not.toContain('<@U0ADMIN01>');
      }
      expectNoRawControlChars(mrkdwnTexts(m));
    });

    it('escapes the fallback text', () => {
      const m = renderCard(view({ text: attack, authorName: '<!everyone>' }));
      expect(m.text).not.toMatch(/[<>]/);
      expect(m.text).toContain('&lt;!everyone&gt;: Hey &lt;!channel&gt;');
    });

    // Regression (issue 10): the author line was never capped; a 100,000-character Meta name made a section Slack refuses.
    it('shortens a 100,000-character author to 80 characters, in the body and the notification', () => {
      const m = renderCard(view({ authorName: 'N'.repeat(100_000) }));
      expectWithinBlockKitLimits(m);
      expect(bodySection(m)).toBe(`*${'N'.repeat(79)}…*\n> Where is my order?`);
      expect(m.text).toBe(`Open · Instagram · ${'N'.repeat(79)}…: Where is my order?`);
    });

    it('keeps formatting characters and line breaks in an author name from formatting the card', () => {
      const m = renderCard(view({ authorName: '*boss* _it_ ~x~ `code` ```\n> quote\nerika_m' }));
      expect(bodySection(m).split('\n')[0]).toBe('*∗boss∗ ＿it＿ ∼x∼ ˋcodeˋ ˋˋˋ &gt; quote erika_m*');
      expectWithinBlockKitLimits(m);
    });

    it('removes control characters, bidi controls and invisible padding from an author name', () => {
      const m = renderCard(view({ authorName: '\u0007Eve\u001b[31m\u202e\u2066 moc.evil\u2069\u200b\u00ad\u0000' }));
      expect(bodySection(m).split('\n')[0]).toBe('*Eve [31m moc.evil*');
      expect(m.text).toContain('· Eve [31m moc.evil: ');
    });

    it('shows control characters in the comment as symbols and bidi controls as U+FFFD, keeping line breaks', () => {
      const m = renderCard(view({ text: 'ring\u0007 esc\u001b[2J nul\u0000 del\u007f c1\u009b\r\nnext line \u202eevil\u202c \u2067isolated\u2069' }));
      expect(bodySection(m)).toBe('*erika.m*\n> ring␇ esc␛[2J nul␀ del␡ c1�\n> next line �evil� �isolated�');
      expect(m.text).toBe('Open · Instagram · erika.m: ring␇ esc␛[2J nul␀ del␡ c1� next line �evil� �isolated�');
    });

    it('shows formatting characters of the comment as they were typed, without formatting the card', () => {
      const m = renderCard(view({ text: '*free* stuff ~now~ `x` at example_shop ```' }));
      expect(bodySection(m)).toBe('*erika.m*\n> ∗free∗ stuff ∼now∼ ˋxˋ at example_shop ˋˋˋ');
    });

    it('never splits an emoji in the notification text', () => {
      for (let k = 190; k <= 200; k++) {
        const m = renderCard(view({ text: `${'x'.repeat(k)}${'😀'.repeat(20)}` }));
        expectWithinBlockKitLimits(m);
        expect(m.text.endsWith('…')).toBe(true);
      }
    });

    it('escapes team and source names in the header', () => {
      const dir = new Directory([{ id: 'support', name: 'R&D <ops>', locale: 'en', timeZone: 'UTC' }], MEMBERS, { teamId: 'support', priority: 'normal' });
      const m = renderCard(view({ source: 'my<src>' }, {}, dir));
      expect(sections(m)[0]!.text.text).toContain('R&amp;D &lt;ops&gt;');
      expectNoRawControlChars(mrkdwnTexts(m));
    });
  });

  describe('actions', () => {
    it('renders the open card buttons with action ids and a {c, v} value, claim as primary', () => {
      const m = renderCard(view());
      const actions = actionsBlock(m)!;
      expect(actions.block_id).toBe(`desk.card:${COMMENT_ID}`);
      const buttons = actions.elements.filter((e) => e.type === 'button' && e.url === undefined);
      expect(buttons.map((b) => b.action_id)).toEqual(['desk.claim', 'desk.answer', 'desk.dismiss']);
      expect(buttons.map((b) => (b.text as Obj).text)).toEqual(['Claim', 'Answered', 'Dismiss']);
      for (const b of buttons) expect(JSON.parse(b.value as string)).toEqual({ c: COMMENT_ID, v: 3 });
      expect(buttons[0]!.style).toBe('primary');
      expect(buttons[1]!.style).toBeUndefined();
      expect(buttons[2]!.style).toBeUndefined();
    });

    it('renders release first for a claimed card, not primary', () => {
      const m = renderCard(view({ status: 'claimed', holderId: 'deniz', claimedAt: T2, version: 12 }));
      const elements = actionsBlock(m)!.elements;
      expect(elements.map((e) => e.action_id)).toEqual(['desk.release', 'desk.answer', 'desk.dismiss', 'desk.route', 'desk.open']);
      expect(elements[0]!.style).toBeUndefined();
      expect(JSON.parse(elements[0]!.value as string)).toEqual({ c: COMMENT_ID, v: 12 });
    });

    it('adds the link button last, only when there is a permalink', () => {
      const withLink = actionsBlock(renderCard(view()))!.elements;
      expect(withLink.at(-1)).toEqual({
        type: 'button',
        action_id: 'desk.open',
        text: { type: 'plain_text', text: 'Open original', emoji: true },
        url: 'https://www.instagram.com/p/abc/c/17890000000000001/',
      });
      const without = actionsBlock(renderCard(view({ permalink: null })))!.elements;
      expect(without.some((e) => e.action_id === 'desk.open' || 'url' in e)).toBe(false);
    });

    // Regression (issue 10): a 5,000-character Meta comment id made the link over Slack's 3,000-character url limit.
    it.each([
      ['over 3,000 characters', `https://www.facebook.com/123_${'9'.repeat(5000)}`],
      ['not http(s)', 'javascript:alert(1)'],
      ['with a space', 'https://evil.example/a b'],
      ['with mrkdwn link syntax', 'https://evil.example/<!channel>|x'],
    ])('leaves out the link button for a permalink %s, keeping the card valid', (_name, permalink) => {
      const m = renderCard(view({ permalink }));
      expectWithinBlockKitLimits(m);
      expect(actionsBlock(m)!.elements.map((e) => e.action_id)).toEqual(['desk.claim', 'desk.answer', 'desk.dismiss', 'desk.route']);
    });

    it('keeps a permalink of exactly 3,000 characters', () => {
      const permalink = `https://x.example/${'a'.repeat(3000 - 'https://x.example/'.length)}`;
      expect(actionsBlock(renderCard(view({ permalink })))!.elements.at(-1)!.url).toBe(permalink);
    });

    it('a closed card has only the link button, or no actions block at all', () => {
      const closed = { status: 'answered' as const, closedById: 'ben', closedAt: T2 };
      expect(actionsBlock(renderCard(view(closed)))!.elements.map((e) => e.action_id)).toEqual(['desk.open']);
      const m = renderCard(view({ ...closed, permalink: null }));
      expect(actionsBlock(m)).toBeUndefined();
      // Closed: the outcome of the first response and the resolution.
      expect(m.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'section', 'context']);
    });

    it('an inactive card has no card actions', () => {
      const m = renderCard(view({ teamId: 'legal', routedFrom: 'support', routedById: 'ben', routedAt: T2, permalink: null }, { teamId: 'support', active: false }));
      expect(actionsBlock(m)).toBeUndefined();
      expect(sections(m)[2]!.text.text).toBe(`➡️ Moved to *Legal* by Ben Meyer ${slackDate(T2)}. This card is no longer active.`);
    });
  });

  describe('route select', () => {
    it('groups teams and people, excluding the current team and the holder', () => {
      const m = renderCard(view({ status: 'claimed', holderId: 'deniz', claimedAt: T2 }));
      const select = actionsBlock(m)!.elements.find((e) => e.type === 'static_select')!;
      expect(select.action_id).toBe('desk.route');
      expect(select.placeholder).toEqual({ type: 'plain_text', text: 'Route to…', emoji: true });
      expect(select.options).toBeUndefined();
      expect(select.option_groups).toEqual([
        {
          label: { type: 'plain_text', text: 'Teams' },
          options: [
            { text: { type: 'plain_text', text: 'Community', emoji: true }, value: 'team:community' },
            { text: { type: 'plain_text', text: 'Legal', emoji: true }, value: 'team:legal' },
          ],
        },
        {
          label: { type: 'plain_text', text: 'People' },
          options: [
            { text: { type: 'plain_text', text: 'Anna Schmidt', emoji: true }, value: 'member:anna' },
            { text: { type: 'plain_text', text: 'Ben Meyer', emoji: true }, value: 'member:ben' },
          ],
        },
      ]);
    });

    it('stays within 100 options and 75-character labels with 150 long-named members', () => {
      const many: MemberInfo[] = Array.from({ length: 150 }, (_, i) => ({
        id: `member-${String(i).padStart(3, '0')}`,
        name: `Maximiliane Alexandra Friederike von und zu Hohenzollern-Sigmaringen Nummer ${i} ${'ü'.repeat(40)}`,
        roles: ['agent'],
        teamIds: ['support'],
        timeZone: 'UTC',
      }));
      const dir = new Directory(TEAMS, many, { teamId: 'community', priority: 'normal' });
      const m = renderCard(view({}, {}, dir));
      expectWithinBlockKitLimits(m);
      const select = actionsBlock(m)!.elements.find((e) => e.type === 'static_select')!;
      const groups = select.option_groups as { label: { text: string }; options: { text: { text: string }; value: string }[] }[];
      const options = groups.flatMap((g) => g.options);
      expect(options.length).toBe(100);
      // Teams come first and are complete; people fill the rest.
      expect(groups[0]!.options.map((o) => o.value)).toEqual(['team:community', 'team:legal']);
      expect(groups[1]!.options).toHaveLength(98);
      expect(groups[1]!.options[0]!.value).toBe('member:member-000');
      for (const g of groups) {
        expect(g.label.text.length).toBeLessThanOrEqual(75);
        expect(g.options.length).toBeGreaterThan(0);
      }
      for (const o of options) {
        expect(o.text.text.length).toBeLessThanOrEqual(75);
        expect(o.value.length).toBeLessThanOrEqual(150);
      }
      expect(options[2]!.text.text.endsWith('…')).toBe(true);
      expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
    });

    it('keeps a 75-character label as is', () => {
      const name = 'N'.repeat(75);
      const dir = new Directory(TEAMS, [{ id: 'n', name, roles: ['agent'], teamIds: [], timeZone: 'UTC' }], { teamId: 'community', priority: 'normal' });
      const select = actionsBlock(renderCard(view({}, {}, dir)))!.elements.find((e) => e.type === 'static_select')!;
      const people = (select.option_groups as { options: { text: { text: string } }[] }[])[1]!;
      expect(people.options[0]!.text.text).toBe(name);
    });

    it('drops an empty group and the whole select when there is nowhere to route', () => {
      const lonely = new Directory([TEAMS[1]!], [], { teamId: 'support', priority: 'normal' });
      const m = renderCard(view({}, {}, lonely));
      expect(actionsBlock(m)!.elements.map((e) => e.action_id)).toEqual(['desk.claim', 'desk.answer', 'desk.dismiss', 'desk.open']);

      const peopleOnly = new Directory([TEAMS[1]!], [MEMBERS[0]!], { teamId: 'support', priority: 'normal' });
      const select = actionsBlock(renderCard(view({}, {}, peopleOnly)))!.elements.find((e) => e.type === 'static_select')!;
      expect((select.option_groups as { label: { text: string } }[]).map((g) => g.label.text)).toEqual(['People']);
    });
  });

  it('uses German labels for a German team', () => {
    const m = renderCard(view({ teamId: 'community', priority: 'low' }));
    const elements = actionsBlock(m)!.elements;
    expect(elements.map((e) => (e.type === 'static_select' ? (e.placeholder as Obj).text : (e.text as Obj).text))).toEqual([
      'Übernehmen',
      'Beantwortet',
      'Verwerfen',
      'Weiterleiten an…',
      'Original öffnen',
    ]);
    const select = elements.find((e) => e.type === 'static_select')!;
    expect((select.option_groups as { label: { text: string } }[]).map((g) => g.label.text)).toEqual(['Teams', 'Personen']);
    expect(sections(m)[0]!.text.text).toBe('📥 *Offen*  ·  *Instagram*  ·  ⚪ Niedrige Priorität  ·  Community');
    expect(sections(m)[2]!.text.text).toBe('Wartet darauf, dass jemand ihn übernimmt');
    const context = (m.blocks[2] as Obj).elements as Obj[];
    expect(context[0]!.text).toMatch(/^Geschrieben <!date\^.*Eingegangen <!date\^/);
    const drill = renderCard(view({ teamId: 'community', isDrill: true }));
    expect(textObjects(drill.blocks)[0]!.text).toBe('🧪 *ÜBUNG — Übungskommentar, nicht echt*');
  });
});
