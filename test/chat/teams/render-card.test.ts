import { describe, expect, it } from 'vitest';
import { ADAPTIVE_CARD_CONTENT_TYPE, CARD_BYTES_MAX, cardBytes } from '../../../src/chat/teams/adaptive-card.ts';
import { ROUTE_CHOICES_MAX, renderTeamsCard, renderTeamsCardAttachment } from '../../../src/chat/teams/render-card.ts';
import { ROUTE_INPUT_ID, TeamsVerb } from '../../../src/chat/teams/verbs.ts';
import { type CardView, buildCardView } from '../../../src/domain/card-view.ts';
import type { CardRecord, CommentRecord } from '../../../src/domain/comment.ts';
import { Directory, type MemberInfo, type TeamInfo } from '../../../src/domain/directory.ts';
import { BLOCK_START, MARKUP_CHARACTERS, TEAMS_MESSAGE_BYTES, adaptiveCardViolations, cardActions, cardTexts, elementsOfType, withoutOwnMarkup } from '../../support/adaptive-card.ts';
import { cardRecord as baseCard, commentRecord as baseComment } from '../../support/records.ts';

const COMMENT_ID = '7d0f3c2e-3b55-4a0e-9a53-1d2a1b7f0c11';
const T0 = new Date('2024-05-01T10:00:00Z');
const T1 = new Date('2024-05-01T10:05:00Z');

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
    text: 'Where is my order?',
    authorName: 'erika.m',
    permalink: 'https://www.instagram.com/p/abc/c/17890000000000001/',
    createdAt: T0,
    receivedAt: T1,
    teamId: 'support',
    priority: 'high',
    version: 3,
    ...over,
  });
}

function view(comment: Partial<CommentRecord> = {}, card: Partial<CardRecord> = {}, dir = directory): CardView {
  const c = commentRecord(comment);
  return buildCardView(c, baseCard({ commentId: COMMENT_ID, platform: 'msteams', channel: '19:support@thread.tacv2', teamId: c.teamId, ...card }), dir, c.receivedAt);
}

const render = (v: CardView) => renderTeamsCard(v, { timeZone: 'Europe/Berlin' });
const executes = (card: unknown) => cardActions(card).filter((a) => a.type === 'Action.Execute');
/** The TextBlock with the comment: inside the emphasis container, after the author. */
const commentBlock = (card: unknown) => (elementsOfType(card, 'Container')[0]!.items as { text: string }[])[1]!.text;
const authorBlock = (card: unknown) => (elementsOfType(card, 'Container')[0]!.items as { text: string }[])[0]!.text;

describe('renderTeamsCard: structure', () => {
  it.each([
    ['open', {}],
    ['claimed', { status: 'claimed' as const, holderId: 'deniz', claimedAt: T1 }],
    ['answered', { status: 'answered' as const, closedById: 'deniz', closedAt: T1 }],
    ['drill', { isDrill: true, permalink: null }],
    ['German team', { teamId: 'community' }],
  ])('%s: a sound Adaptive Card 1.5, full width, within the size limit', (_label, over) => {
    const card = render(view(over));
    expect(adaptiveCardViolations(card)).toEqual([]);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', msteams: { width: 'Full' } });
  });

  it('shows header, author, comment, dates and state', () => {
    const card = render(view({ status: 'claimed', holderId: 'deniz', claimedAt: T1 }));
    const texts = cardTexts(card);
    expect(texts[0]).toBe('🙋 **Claimed**  ·  **Instagram**  ·  🔴 High priority  ·  Customer Support');
    expect(authorBlock(card)).toBe('**erika.m**');
    expect(commentBlock(card)).toBe('Where is my order?');
    expect(texts).toContain('Written 1 May 2024, 12:00 CEST  ·  Received 1 May 2024, 12:05 CEST');
    expect(texts).toContain('Claimed by **Deniz Yilmaz** 1 May 2024, 12:05 CEST');
    expect(card.fallbackText).toBe('Claimed · Instagram · erika.m: Where is my order?');
  });

  it('speaks the card team’s language (German)', () => {
    const card = render(view({ teamId: 'community' }));
    const texts = cardTexts(card);
    expect(texts[0]).toBe('📥 **Offen**  ·  **Instagram**  ·  🔴 Hohe Priorität  ·  Community');
    expect(texts).toContain('Geschrieben 1. Mai 2024, 12:00 MESZ  ·  Eingegangen 1. Mai 2024, 12:05 MESZ');
    expect(executes(card).map((a) => a.title)).toEqual(['Übernehmen', 'Beantwortet', 'Verwerfen', 'Weiterleiten an…']);
    expect(cardActions(card).find((a) => a.type === 'Action.OpenUrl')?.title).toBe('Original öffnen');
  });

  it('marks drills and comments of a crisis', () => {
    expect(cardTexts(render(view({ isDrill: true })))[0]).toBe('🧪 **DRILL — practice comment, not real**');
    expect(cardTexts(render(view({ crisisId: 'c1' })))[0]).toBe('🚨 **Arrived during the active crisis — crisis response times apply**');
  });

  it('is an attachment of the Adaptive Card content type', () => {
    const card = render(view());
    expect(renderTeamsCardAttachment(card)).toEqual({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card });
    expect(ADAPTIVE_CARD_CONTENT_TYPE).toBe('application/vnd.microsoft.card.adaptive');
  });
});

describe('renderTeamsCard: buttons', () => {
  it('an open comment: Claim, Answered, Dismiss with the desk verbs and { c }, sending no route choice', () => {
    const actions = executes(render(view()));
    expect(actions.map((a) => a.verb)).toEqual([TeamsVerb.claim, TeamsVerb.answer, TeamsVerb.dismiss, TeamsVerb.route]);
    for (const a of actions) expect(a.data).toEqual({ c: COMMENT_ID });
    expect(actions.slice(0, 3).every((a) => a.associatedInputs === 'none')).toBe(true);
    expect(actions[0]!.style).toBe('positive');
    // Route reads the choice: its inputs go with it.
    expect(actions[3]!.associatedInputs).toBeUndefined();
  });

  it('a claimed comment: Release instead of Claim', () => {
    expect(executes(render(view({ status: 'claimed', holderId: 'deniz', claimedAt: T1 }))).map((a) => a.verb)).toEqual([
      TeamsVerb.release,
      TeamsVerb.answer,
      TeamsVerb.dismiss,
      TeamsVerb.route,
    ]);
  });

  it('a closed comment or an inactive card: no buttons and no route choice, Open original stays', () => {
    for (const v of [view({ status: 'answered', closedById: 'deniz', closedAt: T1 }), view({}, { active: false })]) {
      const card = render(v);
      expect(executes(card)).toEqual([]);
      expect(elementsOfType(card, 'Input.ChoiceSet')).toEqual([]);
      expect(cardActions(card).map((a) => a.type)).toEqual(['Action.OpenUrl']);
    }
  });

  it('Open original only for http(s) links Teams would open', () => {
    expect(cardActions(render(view())).find((a) => a.type === 'Action.OpenUrl')).toEqual({
      type: 'Action.OpenUrl',
      title: 'Open original',
      url: 'https://www.instagram.com/p/abc/c/17890000000000001/',
    });
    for (const permalink of [null, 'javascript:alert(1)', 'https://evil.example/a b', `https://x.example/${'a'.repeat(3000)}`]) {
      expect(cardActions(render(view({ permalink }))).filter((a) => a.type === 'Action.OpenUrl'), String(permalink).slice(0, 40)).toEqual([]);
    }
  });

  it('the route choice: teams, then people, each titled with its group, values the route targets', () => {
    const [choice] = elementsOfType(render(view()), 'Input.ChoiceSet');
    expect(choice).toMatchObject({ id: ROUTE_INPUT_ID, style: 'filtered', placeholder: 'Route to…' });
    expect(choice!.choices).toEqual([
      { title: 'Teams: Community', value: 'team:community' },
      { title: 'Teams: Legal', value: 'team:legal' },
      { title: 'People: Anna Schmidt', value: 'member:anna' },
      { title: 'People: Ben Meyer', value: 'member:ben' },
      { title: 'People: Deniz Yilmaz', value: 'member:deniz' },
    ]);
    const [german] = elementsOfType(render(view({ teamId: 'community' })), 'Input.ChoiceSet');
    expect((german!.choices as { title: string }[]).map((c) => c.title)).toContain('Personen: Ben Meyer');
  });

  it('caps the route choices at 100, and within their byte share for long names', () => {
    const many: MemberInfo[] = Array.from({ length: 150 }, (_, i) => ({ id: `m${i}`, name: `Person ${i}`, roles: ['agent'], teamIds: ['support'], timeZone: 'UTC' }));
    const card = render(view({}, {}, new Directory(TEAMS, many, { teamId: 'community', priority: 'normal' })));
    expect((elementsOfType(card, 'Input.ChoiceSet')[0]!.choices as unknown[]).length).toBe(ROUTE_CHOICES_MAX);
    expect(adaptiveCardViolations(card)).toEqual([]);

    const hostile: MemberInfo[] = Array.from({ length: 150 }, (_, i) => ({ id: `m${i}`, name: `${'<*>'.repeat(40)}${i}`, roles: ['agent'], teamIds: ['support'], timeZone: 'UTC' }));
    const crowded = render(view({ text: '*\n'.repeat(20_000) }, {}, new Directory(TEAMS, hostile, { teamId: 'community', priority: 'normal' })));
    expect(adaptiveCardViolations(crowded)).toEqual([]);
    expect(cardBytes(crowded)).toBeLessThanOrEqual(CARD_BYTES_MAX);
  });

  it('leaves out route choices whose value is longer than Teams should carry back', () => {
    const long: TeamInfo[] = [...TEAMS, { id: 'x'.repeat(200), name: 'Too long', locale: 'en', timeZone: 'UTC' }];
    const card = render(view({}, {}, new Directory(long, MEMBERS, { teamId: 'community', priority: 'normal' })));
    expect((elementsOfType(card, 'Input.ChoiceSet')[0]!.choices as { title: string }[]).map((c) => c.title)).not.toContain('Teams: Too long');
  });
});

describe('renderTeamsCard: strangers’ words are shown as text', () => {
  const HOSTILE =
    '**Click** [here](https://evil.example) <at>Ben Meyer</at> <b>bold</b> <img src=x onerror=alert(1)> &lt;at&gt;\n- list\n1. item\n# heading\n> quote\n    code\n---\n~~x~~ `y` _z_ a|b \\*';

  it('the comment: no formatting, link, mention, tag, entity or block survives', () => {
    const card = render(view({ text: HOSTILE }));
    const shown = commentBlock(card);
    expect(MARKUP_CHARACTERS.test(shown), shown).toBe(false);
    expect(shown).not.toMatch(/&[a-z#0-9]+;/i);
    for (const line of shown.split('\n\n')) expect(line, line).not.toMatch(BLOCK_START);
    expect(shown).toContain('∗∗Click∗∗ ［here］(https://evil.example) ＜at＞Ben Meyer＜/at＞');
    expect(card.msteams.entities).toBeUndefined();
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('the author, source and team names: one line each, inert', () => {
    const dir = new Directory([{ ...TEAMS[1]!, name: '**Team** <at>x</at>' }, TEAMS[0]!], MEMBERS, { teamId: 'community', priority: 'normal' });
    const card = render(view({ authorName: '[Support](https://evil.example)\n**Official**', source: 'insta<b>gram' }, {}, dir));
    const author = authorBlock(card);
    expect(author).toBe('**［Support］(https://evil.example) ∗∗Official∗∗**');
    expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(author))).toBe(false);
    expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(cardTexts(card)[0]!)), cardTexts(card)[0]).toBe(false);
    expect(card.fallbackText).not.toMatch(/[\n*<>[\]]/);
  });
});

describe('renderTeamsCard: size', () => {
  it('a 40,000-character comment gives a card under 28,000 bytes, shortened with a note', () => {
    const card = render(view({ text: 'Lorem ipsum dolor sit amet. '.repeat(1500).slice(0, 40_000) }));
    expect(cardBytes(card)).toBeLessThan(TEAMS_MESSAGE_BYTES);
    expect(commentBlock(card).endsWith('…')).toBe(true);
    expect(cardTexts(card)).toContain('_… (shortened, open the original for the full text)_');
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it.each([
    ['stars and line breaks', '*\n'.repeat(20_000)],
    ['emoji', '😀'.repeat(20_000)],
    ['quotes and backslashes', '"\\'.repeat(20_000)],
    ['line starts', '1. x\n'.repeat(8000)],
    ['controls', '\u0007\u202e'.repeat(20_000)],
  ])('a 40,000-unit hostile comment of %s stays under the limit', (_label, text) => {
    const card = render(view({ text: text.slice(0, 40_000), authorName: '<*>'.repeat(1000) }));
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTES_MAX);
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('a short comment is shown whole, without the note', () => {
    const card = render(view({ text: 'Danke!\nWirklich.' }));
    expect(commentBlock(card)).toBe('Danke!\n\nWirklich.');
    expect(cardTexts(card).some((t) => t.includes('shortened'))).toBe(false);
  });
});
