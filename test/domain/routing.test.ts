import { describe, expect, it } from 'vitest';
import { type RoutingRuleInput, compileRouting } from '../../src/domain/routing.ts';

const DEFAULTS = { teamId: 'community', priority: 'normal' } as const;

/** Route one text through a single keyword rule; true when the rule matched. */
function keywordMatches(keywords: string[], text: string): boolean {
  const route = compileRouting([{ name: 'kw', match: { keywords }, team: 'hit' }], DEFAULTS);
  const decision = route({ source: 'facebook', text });
  // Both views must agree: the team is taken and the rule is reported.
  expect(decision.teamId === 'hit').toBe(decision.matchedRules.includes('kw'));
  return decision.matchedRules.includes('kw');
}

describe('compileRouting', () => {
  describe('defaults', () => {
    it('uses the default team and priority when there are no rules', () => {
      const route = compileRouting([], DEFAULTS);
      expect(route({ source: 'facebook', text: 'Hallo' })).toEqual({ teamId: 'community', priority: 'normal', matchedRules: [] });
    });

    it('uses the defaults when no rule matches', () => {
      const route = compileRouting(
        [
          { name: 'legal', match: { keywords: ['lawyer'] }, team: 'legal', priority: 'high' },
          { name: 'ig', match: { sources: ['instagram'] }, team: 'support' },
        ],
        { teamId: 'desk', priority: 'low' },
      );
      expect(route({ source: 'facebook', text: 'nice post' })).toEqual({ teamId: 'desk', priority: 'low', matchedRules: [] });
    });

    it('keeps the default priority when matching rules only set a team', () => {
      const route = compileRouting([{ match: { keywords: ['order'] }, team: 'support' }], { teamId: 'community', priority: 'low' });
      expect(route({ source: 'x', text: 'my order' })).toEqual({ teamId: 'support', priority: 'low', matchedRules: ['rule 1'] });
    });

    it('keeps the default team when matching rules only set a priority', () => {
      const route = compileRouting([{ name: 'urgent', match: { keywords: ['scam'] }, priority: 'high' }], DEFAULTS);
      expect(route({ source: 'x', text: 'this is a scam' })).toEqual({ teamId: 'community', priority: 'high', matchedRules: ['urgent'] });
    });
  });

  describe('several matching rules', () => {
    const rules: RoutingRuleInput[] = [
      { name: 'priority only', match: { keywords: ['refund'] }, priority: 'low' },
      { name: 'first team', match: { keywords: ['refund'] }, team: 'support', priority: 'normal' },
      { name: 'second team', match: { keywords: ['refund'] }, team: 'legal', priority: 'high' },
      { name: 'third', match: { keywords: ['refund'] }, team: 'billing' },
    ];

    it('the first rule with a team wins the team; the highest priority of all wins the priority', () => {
      const route = compileRouting(rules, DEFAULTS);
      expect(route({ source: 'facebook', text: 'I want a refund' })).toEqual({
        teamId: 'support',
        priority: 'high',
        matchedRules: ['priority only', 'first team', 'second team', 'third'],
      });
    });

    it('a lower priority in a later rule does not lower an earlier higher one', () => {
      const route = compileRouting(
        [
          { name: 'a', match: { keywords: ['x'] }, priority: 'high' },
          { name: 'b', match: { keywords: ['x'] }, priority: 'low' },
          { name: 'c', match: { keywords: ['x'] }, priority: 'normal' },
        ],
        DEFAULTS,
      );
      expect(route({ source: 's', text: 'x' }).priority).toBe('high');
    });

    it('a matching rule priority replaces the default even when lower', () => {
      const route = compileRouting([{ name: 'quiet', match: { sources: ['linkedin'] }, priority: 'low' }], { teamId: 'c', priority: 'high' });
      expect(route({ source: 'linkedin', text: '' }).priority).toBe('low');
    });

    it('only rules that match are listed, in rule order, unnamed ones by 1-based index', () => {
      const route = compileRouting(
        [
          { match: { keywords: ['alpha'] }, priority: 'low' },
          { name: 'beta rule', match: { keywords: ['beta'] }, team: 'b' },
          { match: { keywords: ['gamma'] }, team: 'g' },
          { match: { keywords: ['alpha'] }, team: 'a' },
        ],
        DEFAULTS,
      );
      expect(route({ source: 's', text: 'gamma alpha' })).toEqual({ teamId: 'g', priority: 'low', matchedRules: ['rule 1', 'rule 3', 'rule 4'] });
    });
  });

  describe('conditions', () => {
    it('sources match case-insensitively', () => {
      const route = compileRouting([{ name: 'ig', match: { sources: ['Instagram'] }, team: 'support' }], DEFAULTS);
      expect(route({ source: 'instagram', text: '' }).teamId).toBe('support');
      expect(route({ source: 'INSTAGRAM', text: '' }).teamId).toBe('support');
      expect(route({ source: 'facebook', text: '' }).teamId).toBe('community');
    });

    it('a rule with several sources matches any of them', () => {
      const route = compileRouting([{ name: 'meta', match: { sources: ['facebook', 'instagram'] }, team: 'meta' }], DEFAULTS);
      expect(route({ source: 'facebook', text: '' }).teamId).toBe('meta');
      expect(route({ source: 'instagram', text: '' }).teamId).toBe('meta');
      expect(route({ source: 'youtube', text: '' }).teamId).toBe('community');
    });

    it('languages match by primary subtag, in either direction, case-insensitively', () => {
      const route = compileRouting([{ name: 'de', match: { languages: ['de'] }, team: 'german' }], DEFAULTS);
      expect(route({ source: 's', text: '', language: 'de' }).teamId).toBe('german');
      expect(route({ source: 's', text: '', language: 'de-AT' }).teamId).toBe('german');
      expect(route({ source: 's', text: '', language: 'DE_ch' }).teamId).toBe('german');
      expect(route({ source: 's', text: '', language: 'en' }).teamId).toBe('community');
      // Another language that merely starts with "d" is not German.
      expect(route({ source: 's', text: '', language: 'dsb' }).teamId).toBe('community');

      const regional = compileRouting([{ name: 'at', match: { languages: ['de-AT'] }, team: 'german' }], DEFAULTS);
      expect(regional({ source: 's', text: '', language: 'de-DE' }).teamId).toBe('german');
    });

    it('a language rule never matches a comment without a language', () => {
      const route = compileRouting([{ name: 'en', match: { languages: ['en'] }, team: 'english' }], DEFAULTS);
      expect(route({ source: 's', text: 'hello' })).toEqual({ teamId: 'community', priority: 'normal', matchedRules: [] });
      expect(route({ source: 's', text: 'hello', language: '' }).teamId).toBe('community');
    });

    it('combines source, language and keywords with AND', () => {
      const route = compileRouting(
        [{ name: 'en ig refunds', match: { sources: ['instagram'], languages: ['en'], keywords: ['refund'] }, team: 'support' }],
        DEFAULTS,
      );
      const hit = { source: 'instagram', language: 'en-GB', text: 'Refund please' };
      expect(route(hit).teamId).toBe('support');
      expect(route({ ...hit, source: 'facebook' }).teamId).toBe('community');
      expect(route({ ...hit, language: 'de' }).teamId).toBe('community');
      expect(route({ source: hit.source, text: hit.text }).teamId).toBe('community');
      expect(route({ ...hit, text: 'nice photo' }).teamId).toBe('community');
    });

    it('any one of a rule’s keywords is enough', () => {
      expect(keywordMatches(['lawyer', 'lawsuit', 'Anwalt'], 'I will call my lawyer')).toBe(true);
      expect(keywordMatches(['lawyer', 'lawsuit', 'Anwalt'], 'Mein Anwalt meldet sich')).toBe(true);
      expect(keywordMatches(['lawyer', 'lawsuit', 'Anwalt'], 'no threat here')).toBe(false);
    });
  });

  describe('keywords', () => {
    it('match whole words only', () => {
      expect(keywordMatches(['order'], 'where is my order?')).toBe(true);
      expect(keywordMatches(['order'], 'order')).toBe(true);
      expect(keywordMatches(['order'], 'the border is closed')).toBe(false);
      expect(keywordMatches(['order'], 'orders are late')).toBe(false);
      expect(keywordMatches(['order'], 'reorder')).toBe(false);
      expect(keywordMatches(['order'], 'order66')).toBe(false);
      expect(keywordMatches(['order'], '(order)')).toBe(true);
      expect(keywordMatches(['order'], 'order-number 5')).toBe(true);
    });

    it('ignore case', () => {
      expect(keywordMatches(['Refund'], 'REFUND NOW')).toBe(true);
      expect(keywordMatches(['REFUND'], 'refund now')).toBe(true);
    });

    it('ignore accents on either side (NFKD, marks stripped)', () => {
      expect(keywordMatches(['Rückerstattung'], 'RUCKERSTATTUNG bitte')).toBe(true);
      expect(keywordMatches(['Rückerstattung'], 'Ich will eine rückerstattung')).toBe(true);
      expect(keywordMatches(['Ruckerstattung'], 'RÜCKERSTATTUNG!')).toBe(true);
      // Decomposed input (u + combining diaeresis) is the same word.
      expect(keywordMatches(['Rückerstattung'], 'Ru\u0308ckerstattung')).toBe(true);
      expect(keywordMatches(['café'], 'CAFE')).toBe(true);
    });

    it('fold compatibility characters (NFKD)', () => {
      // Fullwidth letters fold to ASCII.
      expect(keywordMatches(['scam'], 'ＳＣＡＭ')).toBe(true);
    });

    it('keep ß distinct from ss (only marks are stripped)', () => {
      expect(keywordMatches(['Straße'], 'STRASSE')).toBe(false);
      expect(keywordMatches(['Straße'], 'die straße')).toBe(true);
    });

    it('respect word boundaries next to umlauts and other non-ASCII letters', () => {
      expect(keywordMatches(['Anwalt'], 'Ich gehe zu meinem Anwalt.')).toBe(true);
      expect(keywordMatches(['Anwalt'], 'Die Anwaltskanzlei schreibt')).toBe(false);
      expect(keywordMatches(['Anwalt'], 'Rechtsanwalt')).toBe(false);
      // An umlaut right before/after the keyword is a letter, not a boundary.
      expect(keywordMatches(['bel'], 'übel')).toBe(false);
      expect(keywordMatches(['ber'], 'überall')).toBe(false);
      expect(keywordMatches(['Abmahnung'], 'Abmahnungsschreiben')).toBe(false);
      expect(keywordMatches(['Betrug'], 'Das ist Betrug!')).toBe(true);
    });

    it('match multi-word phrases across any whitespace, but not across other characters', () => {
      expect(keywordMatches(['sue you'], 'I will sue you')).toBe(true);
      expect(keywordMatches(['sue you'], 'I will SUE\n\t  YOU tomorrow')).toBe(true);
      expect(keywordMatches(['sue  you'], 'I will sue you')).toBe(true);
      expect(keywordMatches(['sue you'], 'I will sue-you')).toBe(false);
      expect(keywordMatches(['sue you'], 'I will sueyou')).toBe(false);
      expect(keywordMatches(['sue you'], 'pursue you')).toBe(false);
      expect(keywordMatches(['sue you'], 'sue your')).toBe(false);
    });

    it('trim surrounding whitespace from keywords', () => {
      expect(keywordMatches(['  refund '], 'refund please')).toBe(true);
      expect(keywordMatches(['  refund '], 'refunds please')).toBe(false);
    });

    it('treat regular-expression characters literally', () => {
      expect(keywordMatches(['c++'], 'I love c++ and rust')).toBe(true);
      expect(keywordMatches(['c++'], 'I love ccc and rust')).toBe(false);
      expect(keywordMatches(['a.b'], 'axb')).toBe(false);
      expect(keywordMatches(['a.b'], 'a.b')).toBe(true);
      expect(keywordMatches(['(help)'], 'need (help) now')).toBe(true);
      expect(keywordMatches(['(help)'], 'need help now')).toBe(false);
      expect(keywordMatches(['$5'], 'costs $5 only')).toBe(true);
      expect(keywordMatches(['$5'], 'costs 5 only')).toBe(false);
      expect(keywordMatches(['x|y'], 'x')).toBe(false);
      expect(keywordMatches(['x|y'], 'got x|y here')).toBe(true);
      expect(keywordMatches(['[a]'], 'a')).toBe(false);
      expect(keywordMatches(['back\\slash'], 'a back\\slash b')).toBe(true);
      expect(keywordMatches(['^start'], 'the ^start')).toBe(true);
      expect(keywordMatches(['^start'], 'start')).toBe(false);
      expect(keywordMatches(['a{2}'], 'aa')).toBe(false);
      expect(keywordMatches(['a*'], 'aaaa')).toBe(false);
      expect(keywordMatches(['why?'], 'why?')).toBe(true);
      expect(keywordMatches(['why?'], 'wh')).toBe(false);
    });

    it('compiles with keywords that would be invalid regular expressions', () => {
      expect(() => compileRouting([{ match: { keywords: ['(', '[', '\\', '*', '?', ')'] }, team: 't' }], DEFAULTS)).not.toThrow();
    });

    // Regression (fixed; src/domain/routing.ts keywordPattern): a keyword that is only whitespace (the schema's
    // min(1) lets "  " through) folds to an empty alternative, and the empty pattern then matches at
    // any position between two non-letters — e.g. at the end of every text ending in "!" or an emoji.
    // With the rule below, "Great photo!" is sent to legal with high priority.
    it('ignore keywords that are blank after trimming', () => {
      const route = compileRouting([{ name: 'legal', match: { keywords: ['Anwalt', '  '] }, team: 'legal', priority: 'high' }], DEFAULTS);
      expect(route({ source: 'facebook', text: 'Great photo!' })).toEqual({ teamId: 'community', priority: 'normal', matchedRules: [] });
    });

    it('match in an empty or emoji-only text only when a keyword is there', () => {
      expect(keywordMatches(['order'], '')).toBe(false);
      expect(keywordMatches(['order'], '🔥🔥 order 🔥')).toBe(true);
    });
  });

  it('routes the example desk rules as documented', () => {
    // The rules of config/desk.example.yaml, abridged.
    const route = compileRouting(
      [
        { name: 'legal threats', match: { keywords: ['Anwalt', 'Abmahnung', 'lawyer', 'lawsuit', 'sue you'] }, team: 'legal', priority: 'high' },
        { name: 'orders and delivery', match: { keywords: ['Bestellung', 'Lieferung', 'order', 'refund'] }, team: 'support' },
        { name: 'urgent words', match: { keywords: ['Betrug', 'scam', 'Boykott'] }, priority: 'high' },
        { name: 'English-speaking Instagram', match: { sources: ['instagram'], languages: ['en'] }, team: 'support' },
      ],
      DEFAULTS,
    );
    expect(route({ source: 'facebook', text: 'Wo bleibt meine Bestellung? Das ist Betrug!', language: 'de' })).toEqual({
      teamId: 'support',
      priority: 'high',
      matchedRules: ['orders and delivery', 'urgent words'],
    });
    expect(route({ source: 'instagram', text: 'My order is late, I will sue you', language: 'en-US' })).toEqual({
      teamId: 'legal',
      priority: 'high',
      matchedRules: ['legal threats', 'orders and delivery', 'English-speaking Instagram'],
    });
    expect(route({ source: 'instagram', text: 'love it', language: 'en' })).toEqual({
      teamId: 'support',
      priority: 'normal',
      matchedRules: ['English-speaking Instagram'],
    });
    expect(route({ source: 'youtube', text: 'Tolles Video über die Grenze (border)', language: 'de' })).toEqual({
      teamId: 'community',
      priority: 'normal',
      matchedRules: [],
    });
  });

  it('compiles once: the returned router can be called many times with stable results', () => {
    const route = compileRouting([{ name: 'kw', match: { keywords: ['order'] }, team: 'support' }], DEFAULTS);
    // A global/sticky regex would alternate between match and no match on repeated calls.
    const results = Array.from({ length: 5 }, () => route({ source: 's', text: 'my order' }).teamId);
    expect(results).toEqual(['support', 'support', 'support', 'support', 'support']);
  });
});
