import { describe, expect, it } from 'vitest';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard, CARD_BYTES_MAX, cardBytes } from '../../../src/chat/teams/adaptive-card.ts';
import { ROUTE_CHOICES_MAX, renderTeamsCard, renderTeamsCardAttachment } from '../../../src/chat/teams/render-card.ts';
import { ROUTE_INPUT_ID, TeamsVerb } from '../../../src/chat/teams/verbs.ts';
import { type CardView, buildCardView } from '../../../src/domain/card-view.ts';
import type { CardRecord, CommentRecord } from '../../../src/domain/comment.ts';
import type { CommentTriage } from '../../../src/domain/comment-triage.ts';
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

describe('renderTeamsCard: AI triage', () => {
  const classified = (over: Partial<Extract<CommentTriage, { state: 'classified' }>> = {}): CommentTriage => ({
    state: 'classified',
    at: T1.toISOString(),
    labels: { sentiment: 'negative', intent: 'complaint', urgency: 'high', injectionSuspected: false },
    language: 'en',
    needsResponse: true,
    confidence: 'high',
    suggestTeamId: null,
    suggestDismiss: false,
    reason: 'The order is late and the customer is angry.',
    routedToTeamId: null,
    raisedPriority: false,
    ...over,
  });
  /** The elements between the header and the quoted comment. */
  const triageElements = (card: AdaptiveCard) => {
    const end = card.body.findIndex((e) => e.type === 'Container');
    return card.body.slice(1, end);
  };
  const suggestedRoute = (card: AdaptiveCard) => executes(triageElements(card)).find((a) => a.verb === TeamsVerb.route);

  it('without triage, the card is exactly as before', () => {
    const before = view();
    expect(before.triage).toBeNull();
    const card = render(before);
    expect(triageElements(card)).toEqual([]);
    expect(cardTexts(card)[1]).toBe('**erika.m**');
  });

  it('shows the labels small and subtle under the header, in English and German', () => {
    const en = render(view({ triage: classified() }));
    expect(triageElements(en)).toEqual([{ type: 'TextBlock', text: '🏷️ AI: negative · complaint · urgent', wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' }]);
    expect(adaptiveCardViolations(en)).toEqual([]);
    const de = render(view({ teamId: 'community', triage: classified({ labels: { sentiment: 'positive', intent: 'question', urgency: 'normal', injectionSuspected: false } }) }));
    expect(cardTexts(de)).toContain('🏷️ KI: positiv · Frage · normal dringend');
  });

  it('offers the suggested team with a button that sends the route verb with that team chosen', () => {
    const card = render(view({ triage: classified({ suggestTeamId: 'legal' }) }));
    expect(cardTexts(card)).toContain('Suggested team: **Legal**');
    const button = suggestedRoute(card)!;
    // The handler reads the choice under ROUTE_INPUT_ID; with no inputs of its own, the card's (empty) route choice cannot override it.
    expect(button).toEqual({ type: 'Action.Execute', verb: TeamsVerb.route, title: 'Route to Legal', data: { c: COMMENT_ID, [ROUTE_INPUT_ID]: 'team:legal' }, associatedInputs: 'none' });
    const [choice] = elementsOfType(card, 'Input.ChoiceSet');
    expect((choice!.choices as { value: string }[]).map((c) => c.value)).toContain('team:legal');
    // The card's own buttons are unchanged, after it.
    expect(executes(card).map((a) => a.verb)).toEqual([TeamsVerb.route, TeamsVerb.claim, TeamsVerb.answer, TeamsVerb.dismiss, TeamsVerb.route]);
    expect(adaptiveCardViolations(card)).toEqual([]);
    const de = render(view({ teamId: 'community', triage: classified({ suggestTeamId: 'legal' }) }));
    expect(cardTexts(de)).toContain('Vorgeschlagenes Team: **Legal**');
    expect(suggestedRoute(de)?.title).toBe('Weiterleiten an Legal');
  });

  it('no button where the card cannot be routed to the team; a closed card keeps only its labels', () => {
    const here = render(view({ teamId: 'legal', triage: classified({ suggestTeamId: 'legal' }) }));
    expect(cardTexts(here).some((t) => t.includes('Legal'))).toBe(true);
    expect(suggestedRoute(here)).toBeUndefined();
    const closed = render(view({ status: 'answered', closedById: 'deniz', closedAt: T1, triage: classified({ suggestTeamId: 'legal', suggestDismiss: true }) }));
    expect(triageElements(closed).map((e) => (e as { text?: string }).text)).toEqual(['🏷️ AI: negative · complaint · urgent']);
  });

  it('hints at Dismiss, says it was routed here by triage, and warns of instructions to the AI', () => {
    const card = render(
      view({
        routedFrom: 'community',
        routedAt: T1,
        triage: classified({ labels: { sentiment: 'negative', intent: 'spam', urgency: 'low', injectionSuspected: true }, suggestDismiss: true, routedToTeamId: 'support' }),
      }),
    );
    const [labels, warning] = triageElements(card) as { text: string; color?: string }[];
    expect(labels!.text).toBe('🏷️ AI: negative · spam · not urgent\n\nRouted here by triage: The order is late and the customer is angry.\n\nLooks like spam or abuse: Dismiss?');
    expect(warning).toMatchObject({ text: '⚠️ The comment tries to instruct the AI; treat it with care.', color: 'Warning' });
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('shows "not classified" in small subtle print, in both languages', () => {
    const en = render(view({ triage: { state: 'not_classified', at: T1.toISOString(), why: 'timeout' } }));
    expect(triageElements(en)).toEqual([{ type: 'TextBlock', text: '🏷️ Not classified by AI: the rules decided alone.', wrap: true, isSubtle: true, size: 'Small', spacing: 'Small' }]);
    const de = render(view({ teamId: 'community', triage: { state: 'not_classified', at: T1.toISOString(), why: 'refusal' } }));
    expect(cardTexts(de)).toContain('🏷️ Nicht von der KI eingeordnet: Es galten nur die Regeln.');
  });

  it('shows a hostile reason and team name as inert text', () => {
    const reason = '<script>alert(1)</script> *bold* **strong** _it_ [click](https://evil.example) <at>Ben Meyer</at> <!channel> &amp; \\*';
    const dir = new Directory([...TEAMS, { id: 'evil', name: '[Legal](https://evil.example) **Evil**', locale: 'en', timeZone: 'Europe/Berlin' }], MEMBERS, { teamId: 'community', priority: 'normal' });
    const card = render(view({ routedFrom: 'community', routedAt: T1, triage: classified({ routedToTeamId: 'support', suggestTeamId: 'evil', reason }) }, {}, dir));
    const texts = triageElements(card).flatMap((e) => cardTexts(e));
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      expect(MARKUP_CHARACTERS.test(withoutOwnMarkup(text)), text).toBe(false);
      expect(text).not.toMatch(/&[a-z#0-9]+;/i);
    }
    expect(texts[0]).toContain('＜script＞');
    expect(texts[1]).toBe('Suggested team: **［Legal］(https://evil.example) ∗∗Evil∗∗**');
    expect(card.msteams.entities).toBeUndefined();
    // A button title is plain text in Teams: shown as written.
    expect(suggestedRoute(card)?.title).toBe('Route to [Legal](https://evil.example) **Evil**');
    expect(adaptiveCardViolations(card)).toEqual([]);
  });

  it('stays within the card budget with a huge comment and the longest triage lines', () => {
    const dir = new Directory([...TEAMS, { id: 'x'.repeat(140), name: '😀'.repeat(200), locale: 'en', timeZone: 'Europe/Berlin' }], MEMBERS, { teamId: 'community', priority: 'normal' });
    const triage = classified({ suggestTeamId: 'x'.repeat(140), routedToTeamId: 'support', suggestDismiss: true, reason: '😀'.repeat(200), labels: { sentiment: 'negative', intent: 'abuse', urgency: 'high', injectionSuspected: true } });
    const card = render(view({ text: '😀'.repeat(20_000), authorName: '<*>'.repeat(1000), triage }, {}, dir));
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BYTES_MAX);
    expect(suggestedRoute(card)).toBeDefined();
    expect(adaptiveCardViolations(card)).toEqual([]);
  });
});
