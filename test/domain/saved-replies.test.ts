import { describe, expect, it } from 'vitest';
import { closestSavedReplies, fillSavedReply, rankSavedReplies, savedRepliesFor, stems } from '../../src/domain/saved-replies.ts';
import type { SavedReply } from '../../src/domain/tone.ts';

const replies: SavedReply[] = [
  { id: 'thanks-sie', title: 'Dank für Lob', language: 'de', address: 'sie', text: 'Hallo {author}, vielen Dank für Ihr Lob! {agent}' },
  { id: 'thanks-du', title: 'Danke fürs Lob', language: 'de', address: 'du', text: 'Hey {author}, danke dir! {agent}' },
  { id: 'delivery-de', title: 'Lieferung verspätet', language: 'de', address: 'sie', text: 'Ihre Lieferung verzögert sich, wir prüfen die Bestellung.' },
  { id: 'refund-de', title: 'Rückerstattung', language: 'de', address: 'sie', text: 'Die Rückerstattung dauert bis zu fünf Werktage.' },
  { id: 'delivery-en', title: 'Late delivery', language: 'en', text: 'Sorry your order is late, we are checking the delivery.' },
  { id: 'refund-en', title: 'Refund', language: 'en', text: 'Refunds take up to five working days.' },
  { id: 'hello-en-du', title: 'Hello', language: 'en', address: 'du', text: 'Hey there!' },
];

describe('fillSavedReply', () => {
  it('puts the names in, once, as plain text', () => {
    expect(fillSavedReply(replies[0]!, { authorName: 'Jörg', agentName: 'Anna' })).toBe('Hallo Jörg, vielen Dank für Ihr Lob! Anna');
    // A name that looks like a variable stays as written: no second pass.
    expect(fillSavedReply({ text: '{author} / {agent}' }, { authorName: '{agent}', agentName: 'Anna' })).toBe('{agent} / Anna');
  });

  it('strips control, bidi and invisible characters and line breaks from names', () => {
    const filled = fillSavedReply({ text: 'Hallo {author}!' }, { authorName: 'Ma\u202Ex\u200B\u0007\nim\u2066', agentName: 'A' });
    expect(filled).toBe('Hallo Max im!');
  });

  it('turns no handle into a mention, and leaves no gap when a name is missing', () => {
    expect(fillSavedReply({ text: 'Hi {author}, thanks!' }, { authorName: '@everyone', agentName: 'Ben' })).toBe('Hi everyone, thanks!');
    expect(fillSavedReply({ text: 'Hi {author}, thanks! {agent}' }, { authorName: ' \u200B ', agentName: null })).toBe('Hi, thanks!');
  });
});

describe('savedRepliesFor', () => {
  it('picks the language and, for German, the team’s address form', () => {
    const team = { savedReplies: replies, tone: { address: 'du' as const } };
    expect(savedRepliesFor(team, 'de').map((r) => r.id)).toEqual(['thanks-du']);
    expect(savedRepliesFor(team, 'de', 'sie').map((r) => r.id)).toEqual(['thanks-sie', 'delivery-de', 'refund-de']);
    // English replies without an address form fit either team.
    expect(savedRepliesFor(team, 'en').map((r) => r.id)).toEqual(['delivery-en', 'refund-en', 'hello-en-du']);
    expect(savedRepliesFor({ savedReplies: replies, tone: { address: 'sie' } }, 'en').map((r) => r.id)).toEqual(['delivery-en', 'refund-en']);
  });

  it('takes every reply of the language when no address form is set, and a plain list', () => {
    expect(savedRepliesFor({ savedReplies: replies }, 'de')).toHaveLength(4);
    expect(savedRepliesFor(replies, 'de', 'du').map((r) => r.id)).toEqual(['thanks-du']);
    expect(savedRepliesFor({}, 'de')).toEqual([]);
  });
});

describe('closestSavedReplies', () => {
  it('finds the German reply about a late delivery (inflected words meet)', () => {
    const best = closestSavedReplies('Meine Bestellung ist seit zwei Wochen nicht geliefert, wo bleibt die Lieferung?', replies, 1);
    expect(best.map((r) => r.id)).toEqual(['delivery-de']);
  });

  it('finds the English refund reply, accents and umlauts folded', () => {
    expect(closestSavedReplies('When will I get my refund???', replies, 2)[0]!.id).toBe('refund-en');
    expect(closestSavedReplies('Wann kommt meine Ruckerstattung', replies, 1)[0]!.id).toBe('refund-de');
  });

  it('returns at most n, best first, and nothing that shares no word', () => {
    const ranked = rankSavedReplies('danke für das tolle Lob und die schnelle Lieferung', replies);
    expect(ranked.length).toBeGreaterThan(1);
    expect(ranked.map((r) => r.score)).toEqual([...ranked.map((r) => r.score)].sort((a, b) => b - a));
    expect(closestSavedReplies('danke für das tolle Lob und die schnelle Lieferung', replies)).toHaveLength(3);
    expect(closestSavedReplies('xyzzy', replies)).toEqual([]);
    expect(closestSavedReplies('', replies)).toEqual([]);
    expect(closestSavedReplies('Lieferung', replies, 0)).toEqual([]);
  });

  it('is deterministic: equal scores keep the configured order', () => {
    const twins: SavedReply[] = [
      { id: 'a', title: 'Versand', language: 'de', address: 'sie', text: 'Versand' },
      { id: 'b', title: 'Versand', language: 'de', address: 'sie', text: 'Versand' },
    ];
    expect(closestSavedReplies('Versand?', twins).map((r) => r.id)).toEqual(['a', 'b']);
    expect(closestSavedReplies('Versand?', [...twins].reverse()).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('stems German and English words to shared roots', () => {
    expect(stems('Lieferungen Lieferung liefern')).toEqual(['lief', 'lief', 'lief']);
    expect(stems('delivered delivery')).toEqual(['deliv', 'deliv']);
    expect(stems('Die und the and')).toEqual([]);
  });
});
